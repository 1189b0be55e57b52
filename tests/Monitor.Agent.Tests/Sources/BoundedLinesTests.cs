using System.Text;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Tests.Sources;

/// <summary>Input bounds (issue 13): a long line costs the cap, never its length; what is echoed is escaped and short.</summary>
public sealed class BoundedLinesTests
{
    private const int Cap = 64 * 1024;

    // "first", a line of `length` bytes of 'x', "last", as a file.
    private static string LongLineFile(TemporaryDirectory directory, int length)
    {
        var path = directory.File("long.log");
        using var file = File.Create(path);
        file.Write("first\n"u8);
        var block = new byte[1024 * 1024];
        Array.Fill(block, (byte)'x');
        for (var left = length; left > 0; left -= block.Length)
        {
            file.Write(block, 0, Math.Min(left, block.Length));
        }

        file.Write("\nlast\r\n"u8);
        return path;
    }

    [Fact]
    public async Task BoundedLineReader_50MbLine_IsCutToTheCapCountedAndCostsTheCapOnly()
    {
        using var directory = new TemporaryDirectory();
        var path = LongLineFile(directory, 50 * 1024 * 1024);
        await using var file = File.OpenRead(path);
        var reader = new BoundedLineReader(file, Cap);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(line);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(3, lines.Count);
        Assert.Equal(("first", Cap, "last"), (lines[0], lines[1].Length, lines[2]));
        Assert.Equal(1, reader.CutLines);
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated reading a 50 MB line");
    }

    [Fact]
    public async Task LogFileFollower_20MbLine_IsCutCountedAndTheOffsetPassesAllOfIt()
    {
        using var directory = new TemporaryDirectory();
        var path = LongLineFile(directory, 20 * 1024 * 1024);
        var lines = new List<(string Text, bool Cut)>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var position = await LogFileFollower.ReadAsync(path, null, startAtEnd: false, long.MaxValue, Cap, (text, cut) => lines.Add((text, cut)), CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal([("first", false), (new string('x', Cap), true), ("last", false)], lines);
        Assert.Equal(new FileInfo(path).Length, position.Offset);
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated following a 20 MB line");
    }

    [Fact]
    public void Excerpt_RawBinary_IsQuotedEscapedAndCutShort()
    {
        var text = Encoding.UTF8.GetString([0x1b, (byte)'[', (byte)'2', (byte)'J', 0x07, 0xff, 0xfe, (byte)'\'', (byte)'\\']) + new string('y', 500);

        var shown = LogText.Excerpt(text);

        Assert.StartsWith(@"'\x1b[2J\x07\ufffd\ufffd\'\\yyy", shown, StringComparison.Ordinal);
        Assert.EndsWith("' (309 more characters)", shown, StringComparison.Ordinal);
        Assert.True(shown.Length <= (6 * LogText.MaxShown) + 40, "at most every character shown escaped");
        Assert.DoesNotContain('\u001b', shown);
    }
}
