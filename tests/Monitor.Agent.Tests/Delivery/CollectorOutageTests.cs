using Xunit.Abstractions;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// The collector's port closed for many minutes while incidents keep changing: the agent keeps
/// every revision, backs off (capped) without end, and when the port opens the backlog drains in
/// batches, in order within each incident. The minutes pass on the agent's fake wall clock; the
/// port is really closed and the collector really starts on it (in process, SQLite).
/// </summary>
public sealed class CollectorOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task Deliver_PortClosedForTwentyMinutes_BacklogDrainsInBatchesInOrderPerIncident()
    {
        var port = DeliveryWorkerTests.ClosedPort();
        using var rig = new DeliveryRig(DeliveryRig.Collectors($"http://127.0.0.1:{port}"));
        rig.Options.Collector.BatchSize = 25;
        var failedBefore = rig.Metrics.Deliveries.WithLabels("failed").Value;

        // While the port is closed, three incidents gain a revision each round.
        var outageStarted = rig.Clock.GetUtcNow();
        var rounds = 0;
        var revision = 0;
        var waits = new List<TimeSpan>();
        while (rig.Clock.GetUtcNow() - outageStarted < Outage)
        {
            revision++;
            await rig.AppendAsync(TestRevisions.Make("inc-ctl-a", revision), TestRevisions.Make("inc-path-3", revision), TestRevisions.Make("inc-queue", revision));
            var wait = await rig.DeliverOnceAsync();
            Assert.True(wait > TimeSpan.Zero, $"round {rounds + 1}: a push to a closed port should back off");
            Assert.True(wait <= rig.Options.Collector.MaxBackoff, $"back-off {wait} is above MaxBackoff {rig.Options.Collector.MaxBackoff}");
            waits.Add(wait);
            rig.Clock.Advance(wait);
            rounds++;
        }

        var backlog = revision * 3;
        Assert.Equal(backlog, rig.Outbox.Count);
        Assert.True(rig.Metrics.Deliveries.WithLabels("failed").Value - failedBefore >= rounds);

        // The port opens: the collector starts on it. The circuit breaker, open after so many
        // failures, lets a trial through once its break has passed; then each round drains one batch.
        await using var collector = await RealCollector.StartAsync(port);
        var drainRounds = 0;
        var roundsBeforeFirstBatch = 0;
        while (rig.Outbox.Count > 0)
        {
            var wait = await rig.DeliverOnceAsync();
            if (wait > TimeSpan.Zero)
            {
                Assert.Equal(0, drainRounds);
                roundsBeforeFirstBatch++;
                Assert.True(roundsBeforeFirstBatch <= 3, $"still refused {roundsBeforeFirstBatch} rounds after the port opened: {string.Join(" | ", rig.Logs.Messages.TakeLast(3))}");
                rig.Clock.Advance(wait);
                continue;
            }

            drainRounds++;
            Assert.True(drainRounds <= backlog, "the backlog does not drain");
        }

        var arrived = await collector.ArrivalOrderAsync();
        Assert.Equal(backlog, arrived.Count);
        Assert.Equal(backlog, arrived.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal((backlog + 24) / 25, drainRounds);
        foreach (var incident in new[] { "inc-ctl-a", "inc-path-3", "inc-queue" })
        {
            var order = arrived.Where(key => key.StartsWith(incident + "/", StringComparison.Ordinal))
                .Select(key => int.Parse(key[(incident.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
                .ToList();
            Assert.Equal(Enumerable.Range(1, revision), order);
        }

        output.WriteLine($"outage {Outage.TotalMinutes} min (fake clock): {rounds} failed rounds, backlog {backlog} revisions of 3 incidents; "
            + $"{roundsBeforeFirstBatch} refused rounds after the port opened, then {drainRounds} batches of at most 25, in order");

        // The back-off grew to its cap and stayed there: a long outage costs a try per MaxBackoff, not a storm.
        Assert.True(waits[^1] >= rig.Options.Collector.MaxBackoff / 2, $"last back-off {waits[^1]}");
    }
}
