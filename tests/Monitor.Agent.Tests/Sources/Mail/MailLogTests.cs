using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Mail;

public sealed class MailLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private const string PopFailure = "Nov 23 09:00:01 mail01 dovecot: pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<{0}>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<abc>\n";
    private const string ImapLogin = "Nov 23 09:00:02 mail01 dovecot: imap-login: Login: user=<carol>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, mpid=4, session=<def>\n";
    private const string BounceExpired = "Nov 23 09:00:03 mail01 postfix/qmgr[9]: 7A775B220B2: from=<>, status=expired, returned to sender\n";

    private static string Fixture(string name) =>
        Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Agent.Tests", "Sources", "Fixtures", name);

    private static MailLog Source(MailLogOptions options, TimeProvider clock) =>
        new(options, new SourceContext("mail01", clock, new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics()));

    private static double Value(SourceReading reading, string entity, string metric) =>
        Assert.Single(reading.Samples, s => s.Entity == entity && s.Metric == metric).Value;

    private static string Failures(params string[] users) => string.Concat(users.Select(u => string.Format(System.Globalization.CultureInfo.InvariantCulture, PopFailure, u)));

    [Fact]
    public async Task ReadOnceAsync_LinesAppendedBetweenReads_AreRatesOverTheInterval()
    {
        using var dir = new TemporaryDirectory();
        var log = dir.Write("mail.log", Failures("old-user")); // history before the agent started: skipped
        var clock = new FakeTimeProvider(Start);
        var source = Source(new MailLogOptions { Path = log, StateFile = Path.Combine(dir.Path, "state.json") }, clock);

        var first = await source.ReadOnceAsync(CancellationToken.None);
        File.AppendAllText(log, Failures("alice", "bob", "alice", "dave") + ImapLogin + BounceExpired);
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(first.Samples);
        Assert.Equal(0.4, Value(second, "mail01/pop3", MetricCatalog.MailLoginFailures), 6);
        Assert.Equal(3, Value(second, "mail01/pop3", MetricCatalog.MailLoginFailedUsers));
        Assert.Equal(0.1, Value(second, "mail01/imap", MetricCatalog.MailLoginSuccesses), 6);
        Assert.Equal(0, Value(second, "mail01/imap", MetricCatalog.MailLoginFailures));
        Assert.Equal(0.1, Value(second, "mail01", MetricCatalog.MailDiscarded), 6);
        var loss = Assert.Single(second.Events);
        Assert.Equal(Core.Events.SiteEventKind.Log, loss.Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 3, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 11, 23, 9, 0, 3))), loss.Time);
    }

    [Fact]
    public async Task ReadOnceAsync_LineWithoutNewlineYet_WaitsForTheNextRead()
    {
        using var dir = new TemporaryDirectory();
        var log = dir.Write("mail.log", "");
        var clock = new FakeTimeProvider(Start);
        var source = Source(new MailLogOptions { Path = log, StateFile = "" }, clock);
        await source.ReadOnceAsync(CancellationToken.None);

        var whole = Failures("alice");
        File.AppendAllText(log, whole[..40]);
        clock.Advance(TimeSpan.FromSeconds(1));
        var partial = await source.ReadOnceAsync(CancellationToken.None);
        File.AppendAllText(log, whole[40..]);
        clock.Advance(TimeSpan.FromSeconds(1));
        var completed = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0, Value(partial, "mail01/pop3", MetricCatalog.MailLoginFailures));
        Assert.Equal(1, Value(completed, "mail01/pop3", MetricCatalog.MailLoginFailures));
    }

    [Fact]
    public async Task ReadOnceAsync_RotatedLog_FinishesTheOldFileThenReadsTheNewOne()
    {
        using var dir = new TemporaryDirectory();
        var log = dir.Write("mail.log", "");
        var clock = new FakeTimeProvider(Start);
        var source = Source(new MailLogOptions { Path = log, StateFile = "" }, clock);
        await source.ReadOnceAsync(CancellationToken.None);

        // logrotate: a line lands just before the rename, the name moves to .1, a new file starts.
        File.AppendAllText(log, Failures("before-rotation"));
        File.Move(log, log + ".1");
        File.WriteAllText(log, Failures("after-rotation-1", "after-rotation-2"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(3, Value(reading, "mail01/pop3", MetricCatalog.MailLoginFailedUsers));
    }

    [Fact]
    public async Task ReadOnceAsync_TruncatedLog_StartsAgainAtTheTop()
    {
        using var dir = new TemporaryDirectory();
        var log = dir.Write("mail.log", Failures("a", "b", "c"));
        var clock = new FakeTimeProvider(Start);
        var source = Source(new MailLogOptions { Path = log, StateFile = "" }, clock);
        await source.ReadOnceAsync(CancellationToken.None);

        // copytruncate: same file, emptied, then written again (shorter than before).
        using (var stream = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.SetLength(0);
        }

        File.AppendAllText(log, Failures("z"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(1, Value(reading, "mail01/pop3", MetricCatalog.MailLoginFailures));
    }

    [Fact]
    public async Task ReadOnceAsync_AfterRestart_ResumesAtTheSavedPositionWithTheSavedInterval()
    {
        using var dir = new TemporaryDirectory();
        var log = dir.Write("mail.log", "");
        var state = Path.Combine(dir.Path, "var", "state.json");
        var clock = new FakeTimeProvider(Start);
        var before = Source(new MailLogOptions { Path = log, StateFile = state }, clock);
        await before.ReadOnceAsync(CancellationToken.None);
        File.AppendAllText(log, Failures("seen-before-restart"));
        clock.Advance(TimeSpan.FromSeconds(10));
        await before.ReadOnceAsync(CancellationToken.None);

        // The agent stops; lines arrive; a new agent process starts 20 s after the last read.
        File.AppendAllText(log, Failures("x", "y"));
        clock.Advance(TimeSpan.FromSeconds(20));
        var after = Source(new MailLogOptions { Path = log, StateFile = state }, clock);
        var reading = await after.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(2, Value(reading, "mail01/pop3", MetricCatalog.MailLoginFailedUsers));
        Assert.Equal(0.1, Value(reading, "mail01/pop3", MetricCatalog.MailLoginFailures), 6);
    }

    [Fact]
    public async Task ReadOnceAsync_DamagedStateFile_StartsAgainInsteadOfFailingForever()
    {
        using var dir = new TemporaryDirectory();
        var log = dir.Write("mail.log", Failures("history"));
        var state = dir.Write("state.json", "{\"File\": {\"Device\": 1, \"Inode\"");
        var source = Source(new MailLogOptions { Path = log, StateFile = state }, new FakeTimeProvider(Start));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(reading.Samples);
        Assert.Contains("\"Inode\"", File.ReadAllText(state), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_MissingLogFile_FailsNamingTheFile()
    {
        var source = Source(new MailLogOptions { Path = "/nonexistent/mail.log", StateFile = "" }, new FakeTimeProvider(Start));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal("source maillog: log file /nonexistent/mail.log not found", error.Message);
    }

    [Fact]
    public async Task ReadOnceAsync_SavedLogFile_RatesOverTheLogsOwnSpanWithMailLossEvents()
    {
        var source = Source(new MailLogOptions { InputFile = Fixture("postfix-3.7-relay-typo.log"), TimeZone = "UTC" }, new FakeTimeProvider(Start));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        // 60 lines from 09:24:52 to 09:25:04: 3 bounces and 3 dropped in 12 s.
        Assert.Equal(3 / 12.0, Value(reading, "mail01", MetricCatalog.MailBounces), 6);
        Assert.Equal(3 / 12.0, Value(reading, "mail01", MetricCatalog.MailDiscarded), 6);
        Assert.Equal(3, reading.Events.Count);
    }

    [Fact]
    public async Task ReadOnceAsync_SavedLogWithATimestampNotUnderstood_FailsNamingFileLineAndEscapedText()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "mail.log");
        File.WriteAllText(path, ImapLogin + "2026-11-23 09:24 mail01 postfix/qmgr[9]: \u001b[31m\u0007 red\n");
        var source = Source(new MailLogOptions { InputFile = path, TimeZone = "UTC" }, new FakeTimeProvider(Start));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source maillog: {path} line 2: timestamp layout not understood: '2026-11-23 09:24 mail01 postfix/qmgr[9]: \\x1b[31m\\x07 red'", error.Message);
    }

    [Fact]
    public async Task ReadOnceAsync_SavedRealPostfixLog_ReportsDeliveryOutcomesByStatusAndReason()
    {
        var path = Fixture(Path.Combine("mail-logs", "kdent-conch-1.log"));
        var source = Source(new MailLogOptions { InputFile = path, TimeZone = "UTC" }, new FakeTimeProvider(Start));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        // 12 of its 48 deferrals are "No route to host", 5 of its 7 bounces "Host not found" (pflogsumm's detail).
        // Rates over the log's own span, Oct 22 02:12:45 to 07:22:15.
        var seconds = new TimeSpan(5, 9, 30).TotalSeconds;
        Assert.Equal(139, Value(reading, "mail01/other/sent/other", MetricCatalog.MailLogOutcomes) * seconds, 6);
        Assert.Equal(5, Value(reading, "mail01/other/bounced/dns", MetricCatalog.MailLogOutcomes) * seconds, 6);
        Assert.True(Value(reading, "mail01/other/deferred/connection", MetricCatalog.MailLogOutcomes) * seconds >= 12);
    }

    [Fact]
    public async Task ReadOnceAsync_RealJournal_ReadsEntriesAndResumesAfterTheCursorAfterRestart()
    {
        // Real journal files, written by systemd-journal-remote from journal export format and
        // read by the real journalctl (Debian packages systemd, systemd-journal-remote).
        const string Writer = "/lib/systemd/systemd-journal-remote";
        Assert.True(File.Exists(Writer), "install the Debian package 'systemd-journal-remote' (apt-get install systemd-journal-remote)");
        using var dir = new TemporaryDirectory();
        var journal = Directory.CreateDirectory(Path.Combine(dir.Path, "journal")).FullName;
        var t0 = Start.ToUnixTimeMilliseconds() * 1000;
        await WriteJournal(Writer, Path.Combine(journal, "one.journal"), dir,
            (t0, "dovecot", "pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<alice>, method=PLAIN, rip=192.0.2.1"),
            (t0 + 1_000_000, "postfix/qmgr", "7A775B220B2: from=<>, status=expired, returned to sender"));
        var state = Path.Combine(dir.Path, "state.json");
        var options = new MailLogOptions { Journal = true, JournalCommand = "journalctl", JournalArguments = [$"--directory={journal}"], StateFile = state, StartAtEnd = false };
        var clock = new FakeTimeProvider(Start.AddMinutes(1));

        var first = await Source(options, clock).ReadOnceAsync(CancellationToken.None);
        await WriteJournal(Writer, Path.Combine(journal, "two.journal"), dir,
            (t0 + 5_000_000, "dovecot", "imap-login: Login aborted: Connection closed (auth failed, 2 attempts in 4 secs) (auth_failed): user=<bob>, method=PLAIN, rip=192.0.2.1"));
        clock.Advance(TimeSpan.FromSeconds(10));
        var afterRestart = await Source(options, clock).ReadOnceAsync(CancellationToken.None);

        var loss = Assert.Single(first.Events);
        Assert.Equal(Start.AddSeconds(1), loss.Time);
        Assert.Contains("postfix/qmgr: 7A775B220B2: from=<>", loss.Text, StringComparison.Ordinal);
        Assert.Equal(0.2, Value(afterRestart, "mail01/imap", MetricCatalog.MailLoginFailures), 6);
        Assert.Equal(0, Value(afterRestart, "mail01/pop3", MetricCatalog.MailLoginFailures));
        Assert.Contains("JournalCursor", File.ReadAllText(state), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_JournalctlFails_ReportsTheCommandAndItsMessage()
    {
        var options = new MailLogOptions { Journal = true, JournalArguments = ["--file=/nonexistent/system.journal"], StateFile = "" };

        var error = await Assert.ThrowsAsync<SourceReadException>(() => Source(options, new FakeTimeProvider(Start)).ReadOnceAsync(CancellationToken.None));

        Assert.StartsWith("source maillog: journalctl -o json --no-pager --since=@", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 1", error.Message, StringComparison.Ordinal);
    }

    private static async Task WriteJournal(string writer, string output, TemporaryDirectory dir, params (long Micros, string Identifier, string Message)[] entries)
    {
        var export = Path.Combine(dir.Path, Path.GetFileName(output) + ".export");
        await File.WriteAllTextAsync(export, string.Concat(entries.Select(e =>
            $"__REALTIME_TIMESTAMP={e.Micros}\n_HOSTNAME=mail01\nSYSLOG_IDENTIFIER={e.Identifier}\n_PID=42\nMESSAGE={e.Message}\n\n")));
        using var process = Process.Start(new ProcessStartInfo(writer, ["-o", output, export]) { RedirectStandardError = true })!;
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(0, process.ExitCode);
    }
}
