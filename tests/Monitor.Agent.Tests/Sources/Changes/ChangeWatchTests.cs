using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Changes;
using Monitor.Agent.Telemetry;
using Monitor.Core.Events;

namespace Monitor.Agent.Tests.Sources.Changes;

/// <summary>
/// Change events. The Postfix files are written here (no capture holds a site's main.cf); the
/// relay mistake is the one of Asahi Net (seed 004). Firmware commands are real processes.
/// </summary>
public sealed class ChangeWatchTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private const string MainCf = """
        # Debian's main.cf, trimmed
        smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)
        myhostname = mail01.example.jp
        relayhost = 192.0.2.10
        mynetworks = 127.0.0.0/8
            [::1]/128
        transport_maps = hash:/etc/postfix/transport

        """;

    private readonly TemporaryDirectory _root = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SourceHealth _health = new();

    public void Dispose() => _root.Dispose();

    private ChangeWatch Source(Action<ChangesOptions> configure, TimeProvider? clock = null)
    {
        var options = new ChangesOptions { Root = _root.Path, Timeout = TimeSpan.FromSeconds(10) };
        configure(options);
        return new ChangeWatch(options, new SourceContext("mail01", clock ?? _clock, _health, NullLoggerFactory.Instance, new AgentMetrics()));
    }

    private static WatchedFileOptions Watch(string path, string entity = "") => new() { Path = path, Entity = entity };

    [Fact]
    public async Task ReadOnceAsync_PlainFileEdited_ReportsLinesAddedAndRemovedOnce()
    {
        _root.Write("etc/monitor/site.conf", "a\nb\nc\n");
        var source = Source(o => o.Files = [Watch("/etc/monitor/site.conf", "mail01")]);

        var first = await source.ReadOnceAsync(CancellationToken.None);
        _root.Write("etc/monitor/site.conf", "a\nB\nc\nd\n");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await source.ReadOnceAsync(CancellationToken.None);
        var third = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(first.Events);
        var change = Assert.Single(second.Events);
        Assert.Equal((SiteEventKind.Change, "mail01", "changes", Start.AddMinutes(1)), (change.Kind, change.Entity, change.Source, change.Time));
        Assert.Matches(@"^/etc/monitor/site\.conf changed: 2 lines added, 1 removed \(sha256 [0-9a-f]{12} -> [0-9a-f]{12}\)$", change.Text);
        Assert.Empty(third.Events);
        Assert.Empty(second.Samples);
    }

    [Fact]
    public async Task ReadOnceAsync_RelayhostWithoutBrackets_SaysPostfixWillAskDnsAndHowToFixIt()
    {
        _root.Write("etc/postfix/main.cf", MainCf);
        var source = Source(o => o.Files = [Watch("/etc/postfix/main.cf")]);

        var first = await source.ReadOnceAsync(CancellationToken.None);

        var warning = Assert.Single(first.Events);
        Assert.Equal("mail01", warning.Entity);
        Assert.Equal(
            "/etc/postfix/main.cf line 4: relayhost = 192.0.2.10: the relay host 192.0.2.10 is written without brackets, so Postfix will look it up in DNS (MX) "
            + "as a domain name instead of connecting to that address; mail to it defers and may be lost (Asahi Net, 2017). Write [192.0.2.10]",
            warning.Text);
    }

    [Fact]
    public async Task ReadOnceAsync_RelayhostFixed_ReportsTheChangeAndNoMoreWarning()
    {
        _root.Write("etc/postfix/main.cf", MainCf);
        var source = Source(o => o.Files = [Watch("/etc/postfix/main.cf")]);

        await source.ReadOnceAsync(CancellationToken.None);
        _root.Write("etc/postfix/main.cf", MainCf.Replace("relayhost = 192.0.2.10", "relayhost = [192.0.2.10]:587", StringComparison.Ordinal));
        var fixedRead = await source.ReadOnceAsync(CancellationToken.None);
        _root.Write("etc/postfix/main.cf", MainCf.Replace("relayhost = 192.0.2.10", "relayhost = relay.example.net", StringComparison.Ordinal));
        var hostname = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(2, fixedRead.Events.Count);
        Assert.StartsWith("/etc/postfix/main.cf changed: 1 line added, 1 removed", fixedRead.Events[0].Text, StringComparison.Ordinal);
        Assert.Equal("/etc/postfix/main.cf: relayhost changed from 192.0.2.10 to [192.0.2.10]:587", fixedRead.Events[1].Text);
        // A host name without brackets is an ordinary MX lookup: a change, not a mistake.
        Assert.Equal(["/etc/postfix/main.cf: relayhost changed from [192.0.2.10]:587 to relay.example.net"], hostname.Events.Skip(1).Select(e => e.Text));
    }

    [Fact]
    public async Task ReadOnceAsync_TransportMapAndTransportSettings_FlagOnlyUnbracketedAddressesOfSmtp()
    {
        _root.Write("etc/postfix/transport", """
            # domain            transport:nexthop
            example.com         smtp:192.0.2.25:25
            example.org         smtp:[192.0.2.26]
            .example.net        :192.0.2.27
            example.info        smtp:mx.example.info
            example.biz         error:mail for example.biz is not accepted
            backup.example.jp   lmtp:inet:192.0.2.28:24

            """);
        _root.Write("etc/postfix/main.cf", "relay_transport = relay:192.0.2.29\ndefault_transport = smtp:[192.0.2.30]\n");
        var source = Source(o => o.Files = [Watch("/etc/postfix/transport"), Watch("/etc/postfix/main.cf")]);

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(
            [
                "/etc/postfix/transport line 2: example.com -> smtp:192.0.2.25:25: the relay host 192.0.2.25",
                "/etc/postfix/transport line 4: .example.net -> :192.0.2.27: the relay host 192.0.2.27",
                "/etc/postfix/main.cf line 1: relay_transport = relay:192.0.2.29: the relay host 192.0.2.29",
            ],
            reading.Events.Select(e => e.Text[..e.Text.IndexOf(" is written", StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task ReadOnceAsync_WatchedFileMissingAtStart_FailsNamingIt()
    {
        var source = Source(o => o.Files = [Watch("/etc/postfix/main.cf")]);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source changes: watched file {Path.Combine(_root.Path, "etc/postfix/main.cf")} does not exist", error.Message);
        Assert.False(_health.All["changes"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_FileRemovedThenBack_ReportsBoth()
    {
        var file = _root.Write("etc/postfix/transport", "example.org smtp:[192.0.2.26]\n");
        var source = Source(o => o.Files = [Watch("/etc/postfix/transport")]);

        await source.ReadOnceAsync(CancellationToken.None);
        File.Delete(file);
        var removed = await source.ReadOnceAsync(CancellationToken.None);
        var stillGone = await source.ReadOnceAsync(CancellationToken.None);
        _root.Write("etc/postfix/transport", "example.org smtp:[192.0.2.26]\n");
        var back = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(["/etc/postfix/transport was removed"], removed.Events.Select(e => e.Text));
        Assert.Empty(stillGone.Events);
        Assert.Matches(@"^/etc/postfix/transport appeared \(1 lines, sha256 [0-9a-f]{12}\)$", Assert.Single(back.Events).Text);
    }

    [Fact]
    public async Task ReadOnceAsync_FirmwareCommandAnswersDifferently_EmitsAChangeForItsEntity()
    {
        var version = _root.Write("fw-version", "1.0.0.7\n");
        var source = Source(o => o.Firmware = [new FirmwareCommandOptions { Command = "/bin/cat", Arguments = [version], Entity = "ctl-a" }]);

        var first = await source.ReadOnceAsync(CancellationToken.None);
        File.WriteAllText(version, "\n  1.0.0.8  \nbuild 42\n");
        var second = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(first.Events);
        var change = Assert.Single(second.Events);
        Assert.Equal((SiteEventKind.Change, "ctl-a", "firmware of ctl-a changed from 1.0.0.7 to 1.0.0.8"), (change.Kind, change.Entity, change.Text));
    }

    [Fact]
    public async Task ReadOnceAsync_FirmwareCommandFails_NamesTheCommandAndItsError()
    {
        var failing = Source(o => o.Firmware = [new FirmwareCommandOptions { Command = "/bin/sh", Arguments = ["-c", "echo boom >&2; exit 3"], Entity = "ctl-a" }]);
        var missing = Source(o => o.Firmware = [new FirmwareCommandOptions { Command = "/nonexistent/array-fw", Entity = "ctl-a" }]);

        var exited = await Assert.ThrowsAsync<SourceReadException>(() => failing.ReadOnceAsync(CancellationToken.None));
        var notStarted = await Assert.ThrowsAsync<SourceReadException>(() => missing.ReadOnceAsync(CancellationToken.None));

        Assert.Equal("source changes: firmware command '/bin/sh -c echo boom >&2; exit 3' exited with 3: boom", exited.Message);
        Assert.StartsWith("source changes: firmware command '/nonexistent/array-fw' could not start: ", notStarted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_FirmwareCommandHangs_IsKilledAtTheTimeout()
    {
        // The command holds a FIFO open until it dies: its end of file is the proof of the kill.
        var fifo = Path.Combine(_root.Path, "alive");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var holder = Task.Run(() => File.ReadAllText(fifo));
        var source = Source(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(500);
            o.Firmware = [new FirmwareCommandOptions { Command = "/bin/sh", Arguments = ["-c", "exec 3>\"$1\"; exec sleep 60", "sh", fifo], Entity = "ctl-a" }];
        }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal("source changes: no answer within its 0.5s timeout", error.Message);
        Assert.Equal("", await holder.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Validate_RelativePathUnknownKindAndFirmwareWithoutEntity_NameEachKey()
    {
        var options = new ChangesOptions
        {
            Files = [new WatchedFileOptions { Path = "etc/postfix/main.cf", Kind = "Sendmail" }],
            Firmware = [new FirmwareCommandOptions { Command = "/usr/local/bin/array-fw" }],
        };

        var errors = options.Validate("Agent:Sources:Changes").ToList();

        Assert.Equal(
            [
                "Agent:Sources:Changes:Files:0:Path = 'etc/postfix/main.cf' is not valid: expected an absolute path, e.g. /etc/postfix/main.cf",
                "Agent:Sources:Changes:Files:0:Kind = 'Sendmail' is not valid: expected Plain, PostfixMain, PostfixTransport, or empty (from the file name)",
                "Agent:Sources:Changes:Firmware:0:Entity = '' is not valid: expected the topology id whose firmware it reports, e.g. ctl-a",
            ],
            errors);
    }

    [Fact]
    public void LineChanges_MovedLinesAreNoChange()
    {
        Assert.Equal((0, 0), ChangeWatch.LineChanges(["a", "b"], ["b", "a"]));
        Assert.Equal((1, 2), ChangeWatch.LineChanges(["a", "a", "b"], ["a", "c"]));
    }
}
