using System.Text;

namespace Monitor.Agent.Sources;

/// <summary>
/// Reads UTF-8 lines from a stream with a cap on their length: of a longer line the first
/// <c>maxLineBytes</c> bytes are kept and the rest is skipped as it streams past, never buffered,
/// and counted in <see cref="CutLines"/>. A 50 MB line costs the cap, not 50 MB (or twice that as
/// a string). Lines end at "\n"; a "\r" before it is dropped.
/// </summary>
public sealed class BoundedLineReader
{
    /// <summary>The default cap: 64 KiB, far above any Postfix or Dovecot line (syslog's own limit is 8 KiB, journald's 48 KiB).</summary>
    public const int DefaultMaxLineBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly byte[] _line;
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>Creates a reader.</summary>
    /// <param name="stream">The stream, read from where it is.</param>
    /// <param name="maxLineBytes">Most bytes of a line kept.</param>
    public BoundedLineReader(Stream stream, int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _line = new byte[maxLineBytes];
    }

    /// <summary>Lines longer than the cap, cut to it.</summary>
    public long CutLines { get; private set; }

    /// <summary>Whether the last line read was cut.</summary>
    public bool LastLineCut { get; private set; }

    /// <summary>Every line of a file, cut to the cap; the file is open while they are enumerated.</summary>
    public static IEnumerable<string> ReadLines(string path, int maxLineBytes = DefaultMaxLineBytes)
    {
        using var file = File.OpenRead(path);
        var reader = new BoundedLineReader(file, maxLineBytes);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    /// <summary>The next line, or null at the end of the stream.</summary>
    public string? ReadLine()
    {
        var length = 0;
        var cut = false;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_ended || (_end = _stream.Read(_buffer)) == 0)
                {
                    _ended = true;
                    return any ? Finish(length, cut) : null;
                }

                _start = 0;
            }

            if (Take(ref length, ref cut))
            {
                return Finish(length, cut);
            }

            any = true;
        }
    }

    /// <summary>The next line, or null at the end of the stream.</summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        var cut = false;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_ended || (_end = await _stream.ReadAsync(_buffer, cancellationToken)) == 0)
                {
                    _ended = true;
                    return any ? Finish(length, cut) : null;
                }

                _start = 0;
            }

            if (Take(ref length, ref cut))
            {
                return Finish(length, cut);
            }

            any = true;
        }
    }

    // Moves buffered bytes into the line up to the cap; true when the line's newline was reached.
    private bool Take(ref int length, ref bool cut)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        var newline = available.IndexOf((byte)'\n');
        var part = newline < 0 ? available : available[..newline];
        var room = _line.Length - length;
        if (part.Length > room)
        {
            cut = true;
        }

        part[..Math.Min(room, part.Length)].CopyTo(_line.AsSpan(length));
        length += Math.Min(room, part.Length);
        _start += newline < 0 ? available.Length : newline + 1;
        return newline >= 0;
    }

    private string Finish(int length, bool cut)
    {
        LastLineCut = cut;
        if (cut)
        {
            CutLines++;
        }

        var bytes = _line.AsSpan(0, length);
        return Encoding.UTF8.GetString(!cut && bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes);
    }
}
