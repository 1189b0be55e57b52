using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Mail;

/// <summary>The probes against a real Dovecot and a real Postfix started by the test, and the mail log reading Dovecot's log.</summary>
public sealed class MailProbesTests
{
    private static SourceContext Context(ILoggerFactory? logs = null, TimeProvider? clock = null) =>
        new("mail01", clock ?? TimeProvider.System, new SourceHealth(), logs ?? NullLoggerFactory.Instance, new AgentMetrics());

    private static double Value(SourceReading reading, string entity, string metric) =>
        Assert.Single(reading.Samples, s => s.Entity == entity && s.Metric == metric).Value;

    private static string Credentials(TemporaryDirectory dir) => dir.Write("credentials.json", $$"""
        {
          "good": {"User": "{{PrivateDovecot.User}}", "Password": "{{PrivateDovecot.Password}}"},
          "wrong-password": {"User": "{{PrivateDovecot.User}}", "Password": "not-the-password-42"},
          "unknown-user": {"User": "mallory", "Password": "not-the-password-42"}
        }
        """);

    private static MailProbeOptions Probe(string function, string protocol, int port, string credential = "", string tls = "none", string caFile = "") =>
        new() { Service = "cty-mail", Function = function, Protocol = protocol, Host = "127.0.0.1", Port = port, Credential = credential, Tls = tls, CaFile = caFile };

    [Fact]
    public async Task ReadOnceAsync_GoodCredentials_EveryProbeSucceedsPlainImplicitTlsAndStartTls()
    {
        using var dovecot = await PrivateDovecot.StartAsync();
        using var postfix = await PrivatePostfix.StartAsync("[127.0.0.1]:2");
        using var dir = new TemporaryDirectory();
        var options = new ProbesOptions
        {
            CredentialsFile = Credentials(dir),
            Targets =
            [
                Probe("pop3", "pop3", dovecot.Pop3Port, "good"),
                Probe("pop3s", "pop3", dovecot.Pop3sPort, "good", "implicit", dovecot.CertificateFile),
                Probe("imap", "imap", dovecot.ImapPort, "good"),
                Probe("imap-starttls", "imap", dovecot.ImapPort, "good", "starttls", dovecot.CertificateFile),
                Probe("smtp", "smtp", postfix.SmtpPort),
            ],
        };

        var reading = await new MailProbes(options, Context()).ReadOnceAsync(CancellationToken.None);

        foreach (var function in new[] { "pop3", "pop3s", "imap", "imap-starttls", "smtp" })
        {
            Assert.True(Value(reading, $"cty-mail/{function}", MetricCatalog.ProbeSuccess) == 1, $"probe {function} failed");
            Assert.InRange(Value(reading, $"cty-mail/{function}", MetricCatalog.ProbeDuration), 0.000001, 8);
        }
    }

    [Fact]
    public async Task ReadOnceAsync_BadCredentials_ProbesFailTheLogSourceSeesTheUsersAndNoPasswordIsLogged()
    {
        using var dovecot = await PrivateDovecot.StartAsync();
        using var dir = new TemporaryDirectory();
        var logs = new CollectingLogger();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new MailLog(new MailLogOptions { Path = dovecot.LogFile, StateFile = "" }, Context(clock: clock));
        await log.ReadOnceAsync(CancellationToken.None);
        var options = new ProbesOptions
        {
            CredentialsFile = Credentials(dir),
            Targets =
            [
                Probe("pop3", "pop3", dovecot.Pop3Port, "unknown-user"),
                Probe("imap", "imap", dovecot.ImapPort, "wrong-password"),
            ],
        };

        var reading = await new MailProbes(options, Context(factory)).ReadOnceAsync(CancellationToken.None);
        await WaitForDovecotToLogAsync(dovecot.LogFile, "auth failed", count: 2);
        clock.Advance(TimeSpan.FromSeconds(10));
        var logged = await log.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0, Value(reading, "cty-mail/pop3", MetricCatalog.ProbeSuccess));
        Assert.Equal(0, Value(reading, "cty-mail/imap", MetricCatalog.ProbeSuccess));
        Assert.Equal(1, Value(logged, "mail01/pop3", MetricCatalog.MailLoginFailedUsers));
        Assert.Equal(1, Value(logged, "mail01/imap", MetricCatalog.MailLoginFailedUsers));
        Assert.Equal(0.1, Value(logged, "mail01/pop3", MetricCatalog.MailLoginFailures), 6);

        // Who failed, by name, from Dovecot's real log lines.
        var scanner = new MailLogScanner("mail01");
        var tally = new MailLogTally();
        foreach (var text in File.ReadLines(dovecot.LogFile))
        {
            if (MailLogLine.TryParse(text, DateTimeOffset.UtcNow, TimeZoneInfo.Local, out var line))
            {
                scanner.Scan(line, tally);
            }
        }

        Assert.True(tally.UserFailed("pop3", "mallory"), File.ReadAllText(dovecot.LogFile));
        Assert.True(tally.UserFailed("imap", PrivateDovecot.User), File.ReadAllText(dovecot.LogFile));
        Assert.Equal(2, logs.Messages.Count(m => m.Contains("failed after", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("not-the-password-42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadOnceAsync_ServerCertificateNotThePinnedOne_ProbeFails()
    {
        using var dovecot = await PrivateDovecot.StartAsync();
        using var dir = new TemporaryDirectory();
        var otherCa = Path.Combine(dir.Path, "other.pem");
        PrivateDovecot.WriteSelfSignedCertificate(otherCa);
        var options = new ProbesOptions
        {
            CredentialsFile = Credentials(dir),
            Targets = [Probe("pop3s", "pop3", dovecot.Pop3sPort, "good", "implicit", otherCa), Probe("pop3", "pop3", dovecot.Pop3Port, "good")],
        };

        var reading = await new MailProbes(options, Context()).ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0, Value(reading, "cty-mail/pop3s", MetricCatalog.ProbeSuccess));
        Assert.Equal(1, Value(reading, "cty-mail/pop3", MetricCatalog.ProbeSuccess));
    }

    [Fact]
    public async Task ReadOnceAsync_NothingListens_ProbeFailsAndTheSourceStillSucceeds()
    {
        using var dir = new TemporaryDirectory();
        var health = new SourceHealth();
        var options = new ProbesOptions { CredentialsFile = Credentials(dir), Targets = [Probe("pop3", "pop3", PrivatePostfix.FreePort(), "good")] };

        var reading = await new MailProbes(options, new SourceContext("mail01", TimeProvider.System, health, NullLoggerFactory.Instance, new AgentMetrics())).ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0, Value(reading, "cty-mail/pop3", MetricCatalog.ProbeSuccess));
        Assert.True(health.All["probes"].Ok); // the service failed, not the source
    }

    [Fact]
    public async Task ReadOnceAsync_CredentialsFileUnreadableOrWithoutTheName_FailsWithoutShowingItsContent()
    {
        using var dir = new TemporaryDirectory();
        var broken = dir.Write("broken.json", "{\"good\": {\"User\": \"alice\", \"Password\": \"hunter2-secret");
        var probe = Probe("pop3", "pop3", 110, "good");

        var missing = await Assert.ThrowsAsync<SourceReadException>(() =>
            new MailProbes(new ProbesOptions { CredentialsFile = Path.Combine(dir.Path, "none.json"), Targets = [probe] }, Context()).ReadOnceAsync(CancellationToken.None));
        var invalid = await Assert.ThrowsAsync<SourceReadException>(() =>
            new MailProbes(new ProbesOptions { CredentialsFile = broken, Targets = [probe] }, Context()).ReadOnceAsync(CancellationToken.None));
        var unnamed = await Assert.ThrowsAsync<SourceReadException>(() =>
            new MailProbes(new ProbesOptions { CredentialsFile = Credentials(dir), Targets = [Probe("pop3", "pop3", 110, "absent")] }, Context()).ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source probes: credentials file {Path.Combine(dir.Path, "none.json")} cannot be read (FileNotFoundException)", missing.Message);
        Assert.StartsWith($"source probes: {broken}: not valid JSON at line", invalid.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", invalid.ToString(), StringComparison.Ordinal);
        Assert.Equal($"source probes: {Path.Combine(dir.Path, "credentials.json")}: no credential named 'absent' (probe cty-mail/pop3)", unnamed.Message);
    }

    [Fact]
    public void Validate_BadTargets_NameEveryKey()
    {
        var options = new ProbesOptions { Targets = [new MailProbeOptions { Service = "cty-mail", Function = "pop3", Protocol = "pop", Host = "", Port = 0, Tls = "ssl" }] };

        var problems = options.Validate("Agent:Sources:Probes").ToList();

        Assert.Contains(problems, p => p.StartsWith("Agent:Sources:Probes:Targets:0:Protocol = 'pop' is not valid", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Sources:Probes:Targets:0:Host = '' is not valid", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Sources:Probes:Targets:0:Port = '0' is not valid", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Agent:Sources:Probes:Targets:0:Tls = 'ssl' is not valid", StringComparison.Ordinal));
    }

    // Dovecot's login process writes "Disconnected (auth failed ...)" after the client has gone and
    // after its auth failure delay, so the probe returns before the line exists. A bounded wait on
    // the real server's log file, checked every 100 ms, at most 30 s.
    private static async Task WaitForDovecotToLogAsync(string logFile, string text, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var content = File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : "";
            if (content.Split(text).Length - 1 >= count)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Dovecot did not log '{text}' {count} times within 30 s: {await File.ReadAllTextAsync(logFile)}");
    }
}
