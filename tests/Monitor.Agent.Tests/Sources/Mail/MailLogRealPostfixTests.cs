using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Mail;

/// <summary>The mail log source reading the log of a real Postfix (Debian package postfix) that the test starts.</summary>
public sealed class MailLogRealPostfixTests
{
    [Fact]
    public async Task ReadOnceAsync_RelayTypoWithBouncesUndeliverable_ReportsTheDroppedBouncesAsMailLoss()
    {
        // Seed 004, Asahi Net: relayhost written without brackets and unresolvable, so the mail
        // cannot leave, its bounce cannot either, and Postfix drops the bounce. Lifetimes of 0 make
        // Postfix give up after the first attempt instead of after days.
        using var postfix = await PrivatePostfix.StartAsync("nonexistent.invalid", "maximal_queue_lifetime = 0", "bounce_queue_lifetime = 0");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var source = new MailLog(
            new MailLogOptions { Path = postfix.LogFile, StateFile = "", StartAtEnd = false },
            new SourceContext("mail01", clock, new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics()));
        await source.ReadOnceAsync(CancellationToken.None);

        await postfix.SendAsync("alice@example.com", "bob@remote.example", "first");
        await postfix.SendAsync("carol@example.com", "dave@remote.example", "second");

        // A bounded wait on an external process: Postfix's attempts and DNS look-ups, at most 120 s.
        // Each read is one virtual second after the last, so each rate is that read's count.
        double bounces = 0, discarded = 0;
        var events = new List<SiteEvent>();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (discarded < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Postfix did not drop both bounces within 120 s (bounces {bounces}, dropped {discarded}): {File.ReadAllText(postfix.LogFile)}");
            await Task.Delay(200);
            await postfix.FlushAsync();
            clock.Advance(TimeSpan.FromSeconds(1));
            var reading = await source.ReadOnceAsync(CancellationToken.None);
            bounces += reading.Samples.Single(s => s.Metric == MetricCatalog.MailBounces).Value;
            discarded += reading.Samples.Single(s => s.Metric == MetricCatalog.MailDiscarded).Value;
            events.AddRange(reading.Events);
        }

        Assert.Equal(2, bounces);
        Assert.Equal(2, discarded);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Matches(@"postfix/qmgr: [0-9A-F]+: from=<>, status=expired, returned to sender$", e.Text));
    }
}
