using System.Diagnostics;
using Xunit.Abstractions;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// Drill 1: the collector goes away in the middle of a burst and comes back on the same port and
/// database. Real processes: the collector (Monitor.Collector.dll) and the agent harness (the real
/// agent host, durable outbox, delivery worker and collector client). Every revision must be
/// stored, each once in effect (a push the collector committed but could not acknowledge comes
/// again and is acknowledged as a duplicate, never stored twice).
/// </summary>
[Collection(DeliveryDrills.Name)]
public sealed class CollectorStoppedMidBurstDrill(ITestOutputHelper output) : IDisposable
{
    private const int Incidents = 6;
    private const int RevisionsPerIncident = 50;
    private const int Burst = Incidents * RevisionsPerIncident;
    private const string MaxBackoff = "--Agent:Collector:MaxBackoff=00:00:02";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly DrillDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("SIGTERM")]
    public async Task Burst_CollectorDownMidwayAndBackOnTheSamePortAndDatabase_EveryRevisionStoredOnce(string signal)
    {
        using var collector = new DrillCollector(_directory.Sub("collector"), LoopbackPort.Free());
        await collector.StartAsync();
        using var agent = DrillAgent.Start("agent", _directory.Path, Incidents, RevisionsPerIncident, 0,
            DrillAgent.Settings(_directory.Sub("outbox"), collector.Address, MaxBackoff), pace: TimeSpan.FromMilliseconds(8));

        // Down once a third of the burst is accepted and some of it stored; back after two thirds.
        await agent.WaitUntilAsync(() => DrillAgent.AcceptedCount(agent) >= Burst / 3 && collector.Outcomes().Stored > 0,
            Bound, "a third of the burst accepted and some of it stored");
        var storedBefore = collector.Stored().Count;
        var acceptedAtStop = DrillAgent.AcceptedCount(agent);
        if (signal == "SIGKILL")
        {
            await collector.KillAsync();
        }
        else
        {
            await collector.StopAsync();
        }

        await agent.WaitUntilAsync(() => DrillAgent.AcceptedCount(agent) >= 2 * Burst / 3, Bound, "two thirds of the burst accepted");
        var acceptedAtRestart = DrillAgent.AcceptedCount(agent);
        await collector.StartAsync();
        var reopened = Stopwatch.GetTimestamp();
        await agent.WaitForOutAsync(DrillAgent.Drained, Bound);
        var drain = Stopwatch.GetElapsedTime(reopened);
        Assert.Equal(0, await agent.WaitForExitAsync(Bound));

        var accepted = DrillAgent.AcceptedKeys(agent);
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => DrillAgent.Key(i, Incidents)), accepted);
        var stored = collector.Stored();
        DrillAssert.StoredOnceInOrder(stored, accepted);
        var outcomes = collector.Outcomes();
        Assert.Equal(Burst, outcomes.Stored);
        Assert.Equal(0, outcomes.Stale);

        new DrillFigures($"Drill 1 collector {signal} mid-burst")
            .Add("revisions in the burst (incidents x revisions)", $"{Burst} ({Incidents} x {RevisionsPerIncident})")
            .Add($"accepted when the collector got {signal}", acceptedAtStop)
            .Add("stored before it went down", storedBefore)
            .Add("accepted when it came back", acceptedAtRestart)
            .Add("stored in the end (distinct keys)", stored.Count)
            .Add("pushes acknowledged", outcomes.Pushes)
            .Add("duplicates acknowledged", outcomes.Duplicate)
            .Add("agent delivery warnings while it was down", agent.CountErr(l => l.Contains("warn: Monitor.Agent.Delivery", StringComparison.Ordinal)))
            .Add("agent setting", MaxBackoff)
            .Add("drained after it came back", drain)
            .Write(output);
    }
}
