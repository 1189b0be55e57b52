using System.Text;

namespace Monitor.Agent.Sources;

/// <summary>
/// A whole procfs file (or its capture under Root) read again each cycle into buffers that are
/// kept and grow to fit, so that a read makes no garbage: /proc/diskstats of a host with hundreds
/// of devices is tens of kilobytes a second through a StreamReader.
/// </summary>
internal sealed class ProcFileText
{
    private byte[] _bytes = new byte[16 * 1024];
    private char[] _chars = [];

    /// <summary>
    /// The file's text, valid until the next read; a missing file or folder is an
    /// <see cref="InvalidDataException"/> that names the place, as <see cref="SourceFile"/>'s.
    /// </summary>
    public ReadOnlySpan<char> Read(string place)
    {
        var length = 0;
        try
        {
            // procfs files have no size: read until the end, growing the buffer when it fills.
            using var handle = File.OpenHandle(place, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            int count;
            do
            {
                if (length == _bytes.Length)
                {
                    Array.Resize(ref _bytes, _bytes.Length * 2);
                }

                count = RandomAccess.Read(handle, _bytes.AsSpan(length), length);
                length += count;
            }
            while (count > 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"{place}: not found", e);
        }

        var bytes = _bytes.AsSpan(0, length);
        var needed = Encoding.UTF8.GetCharCount(bytes);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _bytes.Length)];
        }

        return _chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, _chars));
    }
}
