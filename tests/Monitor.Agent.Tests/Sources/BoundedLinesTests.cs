using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources;

/// <summary>Tests that measure the process's allocations run alone, so no other test's allocations count.</summary>
[CollectionDefinition(nameof(AllocationMeasuring), DisableParallelization = true)]
public sealed class AllocationMeasuring;

/// <summary>Input bounds (issue 13): a long line costs the cap, never its length; what is echoed is escaped and short.</summary>
[Collection(nameof(AllocationMeasuring))]
public sealed class BoundedLinesTests
{
    private const int Cap = 64 * 1024;

    private const string ImapLogin = "Nov 23 09:00:02 mail01 dovecot: imap-login: Login: user=<carol>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, mpid=4, session=<def>\n";

    // Whole-process figure (async reads resume on other threads); the collection runs alone.
    private static long Allocated() => GC.GetTotalAllocatedBytes(precise: true);

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

        var before = Allocated();
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(line);
        }

        var allocated = Allocated() - before;

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

        var before = Allocated();
        var position = await LogFileFollower.ReadAsync(path, null, startAtEnd: false, long.MaxValue, Cap, (text, cut) => lines.Add((text, cut)), CancellationToken.None);
        var allocated = Allocated() - before;

        Assert.Equal([("first", false), (new string('x', Cap), true), ("last", false)], lines);
        Assert.Equal(new FileInfo(path).Length, position.Offset);
        Assert.True(allocated < 2 * 1024 * 1024, $"{allocated} bytes allocated following a 20 MB line");
    }

    [Fact]
    public async Task ReadOnceAsync_SavedLogWithA50MbLine_CutsItCountsItAndReadsOn()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "mail.log");
        using (var file = File.Create(path))
        {
            file.Write(Encoding.UTF8.GetBytes(ImapLogin));
            file.Write("Nov 23 09:00:02 mail01 postfix/smtpd[1]: warning: "u8);
            var junk = new byte[1024 * 1024];
            Array.Fill(junk, (byte)0x01);
            for (var i = 0; i < 50; i++)
            {
                file.Write(junk);
            }

            file.Write("\n"u8);
            file.Write(Encoding.UTF8.GetBytes(ImapLogin.Replace("09:00:02", "09:00:04", StringComparison.Ordinal)));
        }

        var logs = new CollectingLogger();
        var source = new MailLog(
            new MailLogOptions { InputFile = path, TimeZone = "UTC" },
            new SourceContext("mail01", new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)), new SourceHealth(), new LoggerFactory([logs]), new AgentMetrics()));

        var before = Allocated();
        var reading = await source.ReadOnceAsync(CancellationToken.None);
        var allocated = Allocated() - before;

        Assert.Equal(2 / 2.0, Assert.Single(reading.Samples, s => s.Entity == "mail01/imap" && s.Metric == MetricCatalog.MailLoginSuccesses).Value, 6);
        var warning = Assert.Single(logs.Messages, m => m.Contains("longer than 65536 bytes; the rest of the line skipped", StringComparison.Ordinal));
        Assert.Contains($"{path} line 2", warning, StringComparison.Ordinal);
        Assert.Contains(@"\x01\x01", warning, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0001', warning);
        Assert.Contains(logs.Messages, m => m.Contains("1 lines longer than 65536 bytes cut in this read", StringComparison.Ordinal));
        Assert.True(allocated < 16 * 1024 * 1024, $"{allocated} bytes allocated reading a log with a 50 MB line");
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
