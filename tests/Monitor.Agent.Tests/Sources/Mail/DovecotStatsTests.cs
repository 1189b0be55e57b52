using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Mail;

public sealed class DovecotStatsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    // What Dovecot 2.3.19.1 served here for the README's metric blocks (group_by = service).
    private const string Scrape = """
        # HELP process_start_time_seconds Timestamp of service start
        # TYPE process_start_time_seconds gauge
        process_start_time_seconds 1795425953
        # HELP dovecot_build Dovecot build information
        # TYPE dovecot_build info
        dovecot_build_info{version="2.3.19.1",revision="9b53102964"} 1
        # HELP dovecot_auth_success Total number of all events of this kind
        # TYPE dovecot_auth_success counter
        dovecot_auth_success_total{service="pop3"} {0}
        dovecot_auth_success_count {0}
        # HELP dovecot_auth_failure Total number of all events of this kind
        # TYPE dovecot_auth_failure counter
        dovecot_auth_failure_total{service="imap"} {1}
        dovecot_auth_failure_count {1}
        # EOF
        """;

    private static SourceContext Context(TimeProvider clock) => new("mail01", clock, new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics());

    private static double Value(SourceReading reading, string entity, string metric) =>
        Assert.Single(reading.Samples, s => s.Entity == entity && s.Metric == metric).Value;

    private static string Render(int successes, int failures) =>
        Scrape.Replace("{0}", successes.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
              .Replace("{1}", failures.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Fact]
    public async Task ReadOnceAsync_SavedScrapesTenSecondsApart_AreLoginRatesPerProtocol()
    {
        using var dir = new TemporaryDirectory();
        var file = dir.Write("metrics.txt", Render(10, 3));
        var clock = new FakeTimeProvider(Start);
        var source = new DovecotStats(new DovecotStatsOptions { InputFile = file }, Context(clock));

        var first = await source.ReadOnceAsync(CancellationToken.None);
        File.WriteAllText(file, Render(30, 8));
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await source.ReadOnceAsync(CancellationToken.None);
        File.WriteAllText(file, Render(4, 0)); // Dovecot restarted: counters from zero
        clock.Advance(TimeSpan.FromSeconds(10));
        var third = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(first.Samples);
        Assert.Equal(2, Value(second, "mail01/pop3", MetricCatalog.MailLoginSuccesses));
        Assert.Equal(0.5, Value(second, "mail01/imap", MetricCatalog.MailLoginFailures));
        Assert.Equal(0, Value(second, "mail01/pop3", MetricCatalog.MailLoginFailures));
        Assert.Equal(0.4, Value(third, "mail01/pop3", MetricCatalog.MailLoginSuccesses));
    }

    [Fact]
    public async Task ReadOnceAsync_RealDovecot_CountsTheProbesLoginsAsRates()
    {
        using var dovecot = await PrivateDovecot.StartAsync();
        using var dir = new TemporaryDirectory();
        var credentials = dir.Write("credentials.json", $$$"""{"good": {"User": "{{{PrivateDovecot.User}}}", "Password": "{{{PrivateDovecot.Password}}}"}, "bad": {"User": "alice", "Password": "wrong"}}""");
        var clock = new FakeTimeProvider(Start);
        var stats = new DovecotStats(new DovecotStatsOptions { Url = $"http://127.0.0.1:{dovecot.StatsPort}/metrics" }, Context(clock));
        MailProbeOptions Probe(string function, string protocol, int port, string credential) =>
            new() { Service = "cty-mail", Function = function, Protocol = protocol, Host = "127.0.0.1", Port = port, Credential = credential };
        var probes = new MailProbes(
            new ProbesOptions
            {
                CredentialsFile = credentials,
                Targets = [Probe("pop3-a", "pop3", dovecot.Pop3Port, "good"), Probe("pop3-b", "pop3", dovecot.Pop3Port, "good"), Probe("imap", "imap", dovecot.ImapPort, "bad")],
            },
            Context(TimeProvider.System));

        // Dovecot exports a grouped counter only once it has counted something: log in once first.
        await probes.ReadOnceAsync(CancellationToken.None);
        await stats.ReadOnceAsync(CancellationToken.None);
        await probes.ReadOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        var reading = await stats.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0.2, Value(reading, "mail01/pop3", MetricCatalog.MailLoginSuccesses), 6);
        Assert.Equal(0.1, Value(reading, "mail01/imap", MetricCatalog.MailLoginFailures), 6);
    }

    [Fact]
    public async Task ReadOnceAsync_EndpointAnswers500_FailsNamingTheUrlAndStatus()
    {
        var port = PrivatePostfix.FreePort();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var answering = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            context.Response.StatusCode = 500;
            context.Response.Close();
        });
        var health = new SourceHealth();
        var source = new DovecotStats(new DovecotStatsOptions { Url = $"http://127.0.0.1:{port}/metrics" }, new SourceContext("mail01", TimeProvider.System, health, NullLoggerFactory.Instance, new AgentMetrics()));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));
        await answering;

        Assert.Equal($"source dovecot-stats: http://127.0.0.1:{port}/metrics: HTTP 500 Internal Server Error", error.Message);
        Assert.False(health.All["dovecot-stats"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_NothingListening_FailsNamingTheUrl()
    {
        var url = $"http://127.0.0.1:{PrivatePostfix.FreePort()}/metrics";
        var source = new DovecotStats(new DovecotStatsOptions { Url = url }, Context(TimeProvider.System));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.StartsWith($"source dovecot-stats: {url}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dovecot_auth_success_total{service=\"pop3\"} many\n", "line 1: dovecot_auth_success_total value 'many' is not a counter value")]
    [InlineData("dovecot_auth_failure_total{service=\"pop3\" 3\n", "line 1: labels not closed")]
    [InlineData("process_start_time_seconds 1795425953\n# EOF\n", "neither dovecot_auth_success_total nor dovecot_auth_failure_total is there")]
    public async Task ReadOnceAsync_GarbageOrMissingCounters_FailsWithThePlace(string text, string expected)
    {
        using var dir = new TemporaryDirectory();
        var file = dir.Write("metrics.txt", text);
        var source = new DovecotStats(new DovecotStatsOptions { InputFile = file }, Context(TimeProvider.System));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Contains($"{file}{(expected.StartsWith("line", StringComparison.Ordinal) ? " " : ": ")}{expected}", error.Message, StringComparison.Ordinal);
    }
}
