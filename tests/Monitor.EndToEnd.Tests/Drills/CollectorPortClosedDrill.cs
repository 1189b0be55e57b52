using System.Diagnostics;
using Xunit.Abstractions;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// Drill 4: the collector's port closed (nothing listening: every connection refused) while the
/// agent accepts a backlog of several incidents with several revisions each, then opened; the
/// backlog must drain in batches and, per incident, arrive in increasing revision order (the
/// arrival order is the insertion order of the collector's SQLite table).
/// <para>
/// Real time, not a fake clock: the drill runs the real agent host as a process, whose
/// <c>WallClock</c> is built inside AgentApplication from the system clock and cannot be replaced
/// from outside (and a FakeTimeProvider would also have to drive gRPC deadlines and Polly's
/// delays, which run on the same clock). "For minutes" is therefore compressed: the agent's
/// MaxBackoff is 1 s and the port stays closed until the agent has failed at least
/// <see cref="FailedAttempts"/> delivery rounds (each round is itself a push with its Polly
/// retries), a few tens of seconds at most; with the default MaxBackoff of 30 s the same number
/// of rounds is about four minutes.
/// </para>
/// </summary>
[Collection(DeliveryDrills.Name)]
public sealed class CollectorPortClosedDrill(ITestOutputHelper output) : IDisposable
{
    private const int FailedAttempts = 8;
    private const int Incidents = 6;
    private const int RevisionsPerIncident = 40;
    private const int Burst = Incidents * RevisionsPerIncident;
    private const int BatchSize = 50;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly DrillDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Backlog_CollectorPortClosedThenOpened_DrainsInBatchesInOrderPerIncident()
    {
        var port = LoopbackPort.Free();
        using var collector = new DrillCollector(_directory.Sub("collector"), port);
        using var agent = DrillAgent.Start("agent", _directory.Path, Incidents, RevisionsPerIncident, 0,
            DrillAgent.Settings(_directory.Sub("outbox"), collector.Address,
                "--Agent:Collector:MaxBackoff=00:00:01", $"--Agent:Collector:BatchSize={BatchSize}"),
            pace: TimeSpan.FromMilliseconds(20));
        var closed = Stopwatch.GetTimestamp();

        // Any delivery warning naming the closed port counts as one failed round.
        bool Failed(string line) => line.Contains("warn: Monitor.Agent.Delivery", StringComparison.Ordinal)
            && line.Contains($":{port}", StringComparison.Ordinal);
        await agent.WaitUntilAsync(() => agent.CountOut(l => l.StartsWith(DrillAgent.BurstAccepted, StringComparison.Ordinal)) > 0
            && agent.CountErr(Failed) >= FailedAttempts, Bound, $"the burst accepted and {FailedAttempts} failed delivery rounds");
        var closedFor = Stopwatch.GetElapsedTime(closed);
        var failed = agent.CountErr(Failed);
        Assert.Empty(collector.Stored());

        await collector.StartAsync();
        var opened = Stopwatch.GetTimestamp();
        await agent.WaitForOutAsync(DrillAgent.Drained, Bound);
        var drain = Stopwatch.GetElapsedTime(opened);
        Assert.Equal(0, await agent.WaitForExitAsync(Bound));

        var accepted = DrillAgent.AcceptedKeys(agent);
        Assert.Equal(Burst, accepted.Count);
        var stored = collector.Stored();
        DrillAssert.StoredOnceInOrder(stored, accepted);
        var outcomes = collector.Outcomes();
        Assert.Equal(Burst, outcomes.Stored);
        Assert.Equal(0, outcomes.Stale);
        Assert.InRange(outcomes.LargestPush, 1, BatchSize);
        Assert.InRange(outcomes.Pushes, Burst / BatchSize, Burst);

        new DrillFigures("Drill 4 collector port closed")
            .Add("clock", "real time, agent MaxBackoff 1 s")
            .Add("port closed for", closedFor)
            .Add("failed delivery rounds while closed", failed)
            .Add("backlog when opened (incidents x revisions)", $"{Burst} ({Incidents} x {RevisionsPerIncident})")
            .Add("pushes to drain it (batch size)", $"{outcomes.Pushes} ({BatchSize})")
            .Add("drained after the port opened", drain)
            .Add("duplicates acknowledged", outcomes.Duplicate)
            .Write(output);
    }
}
