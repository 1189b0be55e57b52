using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Monitor.Agent.Replay;

/// <summary>
/// Reads the lines of a UTF-8 file from a byte offset, split as <see cref="StreamReader"/> splits
/// them ("\n", "\r\n" or "\r"; a byte order mark at the start is skipped), and remembers where the
/// line it last gave starts in bytes: a second pass over a recording can then go straight back to
/// a line. Reads through the file handle at explicit offsets, so many readers can share one handle.
/// </summary>
public sealed class LineOffsetReader : TextReader
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private readonly SafeFileHandle _file;
    private readonly byte[] _buffer;
    private long _bufferOffset;
    private int _position;
    private int _end;
    private byte[] _line = [];
    private bool _atEnd;

    /// <summary>A reader of <paramref name="file"/> from <paramref name="offset"/>, the start of a line.</summary>
    /// <param name="file">The file, opened for reading; the caller closes it.</param>
    /// <param name="offset">Where the first line starts, in bytes.</param>
    /// <param name="bufferSize">Bytes read at once: small for many readers at once, large for one pass.</param>
    public LineOffsetReader(SafeFileHandle file, long offset, int bufferSize)
    {
        _file = file;
        _buffer = new byte[bufferSize];
        _bufferOffset = offset;
        NextLineOffset = offset;
        if (offset == 0 && Fill() && _buffer.AsSpan(0, _end).StartsWith(ByteOrderMark))
        {
            _position = ByteOrderMark.Length;
            NextLineOffset = _position;
        }
    }

    /// <summary>Where the line last read starts, in bytes.</summary>
    public long LineOffset { get; private set; }

    /// <summary>Where the next line starts, in bytes.</summary>
    public long NextLineOffset { get; private set; }

    /// <summary>Lines read so far.</summary>
    public int LinesRead { get; private set; }

    /// <inheritdoc/>
    public override string? ReadLine()
    {
        var length = 0;
        var any = false;
        while (true)
        {
            if (_position == _end && !Fill())
            {
                if (!any)
                {
                    return null;
                }

                break;
            }

            any = true;
            var rest = _buffer.AsSpan(_position, _end - _position);
            var end = rest.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                Append(rest, ref length);
                _position = _end;
                continue;
            }

            // Most lines sit whole in the buffer: decode them in place.
            string? whole = length == 0 ? Encoding.UTF8.GetString(rest[..end]) : null;
            if (whole is null)
            {
                Append(rest[..end], ref length);
            }

            _position += end + 1;
            if (rest[end] == '\r' && (_position < _end || Fill()) && _buffer[_position] == '\n')
            {
                _position++;
            }

            if (whole is not null)
            {
                return Finish(whole);
            }

            break;
        }

        return Finish(Encoding.UTF8.GetString(_line, 0, length));
    }

    private string Finish(string line)
    {
        LineOffset = NextLineOffset;
        NextLineOffset = _bufferOffset + _position;
        LinesRead++;
        return line;
    }

    // Part of a line that goes on past the buffer, kept until its end is found.
    private void Append(ReadOnlySpan<byte> part, ref int length)
    {
        if (length + part.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, length + part.Length));
        }

        part.CopyTo(_line.AsSpan(length));
        length += part.Length;
    }

    private bool Fill()
    {
        if (_atEnd)
        {
            return false;
        }

        _bufferOffset += _end;
        _position = 0;
        _end = RandomAccess.Read(_file, _buffer, _bufferOffset);
        _atEnd = _end == 0;
        return !_atEnd;
    }
}
