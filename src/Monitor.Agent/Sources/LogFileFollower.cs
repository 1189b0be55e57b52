using System.Text;

namespace Monitor.Agent.Sources;

/// <summary>Where a follower stopped in a log file: which file (device, inode) and the byte after the last whole line.</summary>
/// <param name="Device">Device of the file.</param>
/// <param name="Inode">Inode of the file.</param>
/// <param name="Offset">Bytes consumed.</param>
public sealed record LogFilePosition(ulong Device, ulong Inode, long Offset)
{
    /// <summary>Whether this position is in the file with that identity.</summary>
    public bool IsIn(FileIdentity identity) => identity.Device == Device && identity.Inode == Inode;
}

/// <summary>
/// Follows a log file the way <c>tail -F</c> does, between reads: new whole lines since the last
/// position; after rotation (the name now points at another inode) it first finishes the old file
/// where logrotate moved it (a sibling with the old inode, e.g. mail.log.1), then reads the new one
/// from its start; after truncation (copytruncate: same inode, shorter than the position) it starts
/// again at 0. A line still being written (no newline yet) waits for the next read. A line longer
/// than the cap is cut to it: the rest is skipped as it streams past, never buffered, and counted.
/// </summary>
public static class LogFileFollower
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Reads the lines added since <paramref name="from"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="from">Where the last read stopped; null starts at the end (or at 0 if <paramref name="startAtEnd"/> is false).</param>
    /// <param name="startAtEnd">With no position: skip the history and start at the end.</param>
    /// <param name="maxBytes">Most bytes read in one call; the rest waits for the next.</param>
    /// <param name="onLine">Called per whole line, in order.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The new position.</returns>
    /// <exception cref="FileNotFoundException">The log file does not exist.</exception>
    public static Task<LogFilePosition> ReadAsync(
        string path, LogFilePosition? from, bool startAtEnd, long maxBytes, Action<string> onLine, CancellationToken cancellationToken) =>
        ReadAsync(path, from, startAtEnd, maxBytes, BoundedLineReader.DefaultMaxLineBytes, (line, _) => onLine(line), cancellationToken);

    /// <summary>Reads the lines added since <paramref name="from"/>, each cut to <paramref name="maxLineBytes"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="from">Where the last read stopped; null starts at the end (or at 0 if <paramref name="startAtEnd"/> is false).</param>
    /// <param name="startAtEnd">With no position: skip the history and start at the end.</param>
    /// <param name="maxBytes">Most bytes read in one call; the rest waits for the next.</param>
    /// <param name="maxLineBytes">Most bytes of a line kept; the rest of a longer line is skipped.</param>
    /// <param name="onLine">Called per whole line, in order, with whether it was cut.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The new position.</returns>
    /// <exception cref="FileNotFoundException">The log file does not exist.</exception>
    public static async Task<LogFilePosition> ReadAsync(
        string path, LogFilePosition? from, bool startAtEnd, long maxBytes, int maxLineBytes, Action<string, bool> onLine, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"log file {path} not found", path);
        }

        await using var file = Open(path);
        var identity = FileIdentity.Of(file.SafeFileHandle, path);
        long start;
        if (from is null)
        {
            start = startAtEnd ? file.Length : 0;
        }
        else if (!from.IsIn(identity))
        {
            // Rotated: the rest of the old file first, then the new file from its start.
            if (FindRotated(path, from) is { } old)
            {
                await using var rotated = Open(old);
                await ReadLinesAsync(rotated, from.Offset, maxBytes, maxLineBytes, onLine, cancellationToken);
            }

            start = 0;
        }
        else
        {
            start = file.Length < from.Offset ? 0 : from.Offset;
        }

        var end = await ReadLinesAsync(file, start, maxBytes, maxLineBytes, onLine, cancellationToken);
        return new LogFilePosition(identity.Device, identity.Inode, end);
    }

    private static FileStream Open(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0, Options = FileOptions.Asynchronous });

    // logrotate renames mail.log to mail.log.1 (or mail.log-20261123 with dateext) and compresses
    // older ones; the sibling still holding the old inode is the one to finish.
    private static string? FindRotated(string path, LogFilePosition from)
    {
        var directory = Path.GetDirectoryName(path) ?? ".";
        var name = Path.GetFileName(path);
        foreach (var candidate in Directory.EnumerateFiles(directory, name + "*"))
        {
            if (candidate != path && !candidate.EndsWith(".gz", StringComparison.Ordinal)
                && FileIdentity.OfPath(candidate) is { } identity && from.IsIn(identity))
            {
                return candidate;
            }
        }

        return null;
    }

    // Reads whole lines from start; returns the offset after the last newline consumed. Of a line
    // past the cap only the first maxLineBytes are kept; its length still moves the offset.
    private static async Task<long> ReadLinesAsync(
        FileStream file, long start, long maxBytes, int maxLineBytes, Action<string, bool> onLine, CancellationToken cancellationToken)
    {
        file.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[ChunkBytes];
        var pending = new byte[Math.Min(maxLineBytes, ChunkBytes)];
        var kept = 0;
        var lineBytes = 0L;
        var consumed = start;
        var read = 0L;
        while (read < maxBytes)
        {
            var n = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes - read)), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
            var chunk = buffer.AsSpan(0, n);
            while (chunk.Length > 0)
            {
                var newline = chunk.IndexOf((byte)'\n');
                var part = newline < 0 ? chunk : chunk[..newline];
                var take = (int)Math.Min(part.Length, maxLineBytes - kept);
                if (take > 0)
                {
                    if (pending.Length < kept + take)
                    {
                        Array.Resize(ref pending, (int)Math.Min(maxLineBytes, Math.Max(kept + take, 2L * pending.Length)));
                    }

                    part[..take].CopyTo(pending.AsSpan(kept));
                    kept += take;
                }

                lineBytes += part.Length;
                if (newline < 0)
                {
                    break;
                }

                var cut = lineBytes > maxLineBytes;
                onLine(Decode(pending.AsSpan(0, kept), cut), cut);
                consumed += lineBytes + 1;
                kept = 0;
                lineBytes = 0;
                chunk = chunk[(newline + 1)..];
            }
        }

        return consumed;
    }

    private static string Decode(ReadOnlySpan<byte> bytes, bool cut) =>
        Encoding.UTF8.GetString(!cut && bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes);
}
