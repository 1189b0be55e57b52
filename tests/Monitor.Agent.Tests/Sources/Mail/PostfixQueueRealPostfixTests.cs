using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Mail;

/// <summary>The queue source against a real Postfix (Debian package postfix) that the test starts.</summary>
public sealed class PostfixQueueRealPostfixTests
{
    private const int Messages = 5;

    private static double Value(SourceReading reading, string entity, string metric) =>
        Assert.Single(reading.Samples, s => s.Entity == entity && s.Metric == metric).Value;

    /// <summary>Reads until <paramref name="done"/> holds, asking Postfix to retry between reads; at most 120 s.</summary>
    private static async Task<SourceReading> ReadUntil(PostfixQueue source, PrivatePostfix postfix, Func<SourceReading, bool> done)
    {
        // A bounded wait on an external process (Postfix's delivery attempts and DNS look-ups).
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var reading = await source.ReadOnceAsync(CancellationToken.None);
            if (done(reading))
            {
                return reading;
            }

            Assert.True(DateTime.UtcNow < deadline, "Postfix did not reach the expected queue state within 120 s: "
                + string.Join(", ", reading.Samples.Where(s => s.Value != 0).Select(s => $"{s.Entity} {s.Metric}={s.Value}")));
            await postfix.FlushAsync();
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task ReadOnceAsync_RelayToClosedPortThenToUnresolvableName_ReportsDeferredRecipientsByConnectionThenDns()
    {
        using var postfix = await PrivatePostfix.StartAsync($"[127.0.0.1]:{PrivatePostfix.FreePort()}");
        for (var i = 0; i < Messages; i++)
        {
            await postfix.SendAsync("sender@example.com", $"user{i}@remote{i % 2}.example", $"test {i}");
        }

        var source = new PostfixQueue(
            new PostfixQueueOptions { Command = "/usr/sbin/postqueue", ConfigDirectory = postfix.ConfigDirectory, Timeout = TimeSpan.FromSeconds(30) },
            new SourceContext("mail01", TimeProvider.System, new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics()));

        var refused = await ReadUntil(source, postfix, r => Value(r, "mail01/connection", MetricCatalog.MailDeferredByReason) == Messages);

        Assert.Equal(Messages, Value(refused, "mail01/deferred", MetricCatalog.MailQueueMessages));
        Assert.Equal(Messages, Value(refused, "mail01", MetricCatalog.MailDeferredRecipients));
        Assert.Equal(2, Value(refused, "mail01", MetricCatalog.MailDeferredDomains));
        Assert.True(Value(refused, "mail01/deferred", MetricCatalog.MailQueueBytes) > Messages * 100);
        Assert.InRange(Value(refused, "mail01/deferred", MetricCatalog.MailQueueOldestAge), 0, 300);

        // The Asahi Net lesson (seed 004): a relay name that does not resolve.
        await postfix.SetAsync("relayhost = [nonexistent.invalid]");
        await postfix.FlushAsync();

        var unresolvable = await ReadUntil(source, postfix, r => Value(r, "mail01/dns", MetricCatalog.MailDeferredByReason) == Messages);

        Assert.Equal(Messages, Value(unresolvable, "mail01/deferred", MetricCatalog.MailQueueMessages));
        Assert.Equal(0, Value(unresolvable, "mail01/connection", MetricCatalog.MailDeferredByReason));
        Assert.Equal(Messages, Value(unresolvable, "mail01", MetricCatalog.MailDeferredRecipients));
    }
}
