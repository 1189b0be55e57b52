using System.Diagnostics;
using Xunit.Abstractions;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// Drill 2: the agent killed with SIGKILL at random points of a burst, at least 20 times, and
/// started again each time on the same outbox folder; each incarnation goes on with the burst
/// where the "accepted" lines stopped. A kill can land anywhere: while a record is written (a
/// torn tail the next start sets aside; that revision was never said to be accepted), after a
/// record is on disk but before "accepted" is printed (the next incarnation accepts it again:
/// a duplicate the collector acknowledges and does not store twice), during a push, or while the
/// previous incarnation's backlog is sent. In the end every revision the agent said it accepted
/// is stored at the collector, exactly once, in order per incident. The kill points come from a
/// fixed seed, so a failure can be replayed.
/// </summary>
[Collection(DeliveryDrills.Name)]
public sealed class AgentKilledDuringBurstDrill(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20170113;
    private const int Kills = 24;
    private const int Incidents = 8;
    private const int RevisionsPerIncident = 40;
    private const int Burst = Incidents * RevisionsPerIncident;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly DrillDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Burst_AgentKilledAtRandomPoints_EveryAcceptedRevisionStoredOnce()
    {
        using var collector = new DrillCollector(_directory.Sub("collector"), LoopbackPort.Free());
        await collector.StartAsync();
        var settings = DrillAgent.Settings(_directory.Sub("outbox"), collector.Address, "--Agent:Collector:MaxBackoff=00:00:02");
        var random = new Random(Seed);
        var accepted = new List<string>();
        var kinds = new Dictionary<KillPoint, int>();
        var quarantined = 0;
        var started = Stopwatch.GetTimestamp();

        for (var kill = 1; kill <= Kills; kill++)
        {
            var left = Burst - accepted.Count;
            var point = left > 1 ? (KillPoint)random.Next(3) : KillPoint.AsSoonAsUp;
            var target = Math.Min(random.Next(1, 25), left - 1);
            var pushesBefore = collector.Outcomes().Pushes;
            using var agent = DrillAgent.Start($"agent incarnation {kill}", _directory.Path, Incidents, RevisionsPerIncident,
                accepted.Count, settings, pace: TimeSpan.FromMilliseconds(5));
            switch (point)
            {
                case KillPoint.AsSoonAsUp:
                    await agent.WaitForOutAsync("started", Bound);
                    break;
                case KillPoint.AfterAccepting:
                    await agent.WaitUntilAsync(() => DrillAgent.AcceptedCount(agent) >= target, Bound, $"{target} revisions accepted");
                    break;
                case KillPoint.AtAnAcknowledgement:
                    // The collector has just committed a push and is answering: the agent is
                    // between the acknowledgement and its ledger write.
                    await collector.Current!.WaitUntilAsync(() => collector.Outcomes().Pushes > pushesBefore, Bound, $"a push from agent incarnation {kill}");
                    break;
            }

            await agent.KillAsync();
            kinds[point] = kinds.GetValueOrDefault(point) + 1;
            accepted.AddRange(DrillAgent.AcceptedKeys(agent));
            quarantined += agent.CountErr(l => l.Contains(": quarantined ", StringComparison.Ordinal));
        }

        var acceptedBeforeLast = accepted.Count;
        using var last = DrillAgent.Start("agent, last incarnation", _directory.Path, Incidents, RevisionsPerIncident, accepted.Count, settings);
        var lastStarted = Stopwatch.GetTimestamp();
        await last.WaitForOutAsync(DrillAgent.Drained, Bound);
        var drain = Stopwatch.GetElapsedTime(lastStarted);
        Assert.Equal(0, await last.WaitForExitAsync(Bound));
        accepted.AddRange(DrillAgent.AcceptedKeys(last));
        quarantined += last.CountErr(l => l.Contains(": quarantined ", StringComparison.Ordinal));

        // Each revision of the burst was said to be accepted exactly once, in burst order.
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => DrillAgent.Key(i, Incidents)), accepted);
        var stored = collector.Stored();
        DrillAssert.StoredOnceInOrder(stored, accepted);
        var outcomes = collector.Outcomes();
        Assert.Equal(Burst, outcomes.Stored);
        Assert.Equal(0, outcomes.Stale);

        new DrillFigures("Drill 2 agent SIGKILL during a burst")
            .Add("seed", Seed)
            .Add("kills (as soon as up / after 1-24 accepted / at an acknowledgement)",
                $"{Kills} ({kinds.GetValueOrDefault(KillPoint.AsSoonAsUp)} / {kinds.GetValueOrDefault(KillPoint.AfterAccepting)} / {kinds.GetValueOrDefault(KillPoint.AtAnAcknowledgement)})")
            .Add("revisions accepted (incidents x revisions)", $"{accepted.Count} ({Incidents} x {RevisionsPerIncident})")
            .Add("accepted before the last start", acceptedBeforeLast)
            .Add("stored at the collector (distinct keys)", stored.Count)
            .Add("duplicates acknowledged", outcomes.Duplicate)
            .Add("pushes acknowledged", outcomes.Pushes)
            .Add("outbox pieces quarantined at a restart (torn writes)", quarantined)
            .Add("last incarnation: start to drained", drain)
            .Add("whole drill", Stopwatch.GetElapsedTime(started))
            .Write(output);
    }

    private enum KillPoint
    {
        // Up and sending the backlog it found, before it accepts anything new.
        AsSoonAsUp,

        // After 1 to 24 new revisions accepted: mid-write, mid-push, or between the two.
        AfterAccepting,

        // Right after the collector logged a push it committed.
        AtAnAcknowledgement,
    }
}
