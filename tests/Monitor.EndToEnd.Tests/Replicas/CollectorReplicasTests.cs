using System.Diagnostics;
using System.Globalization;
using Monitor.Collector.Tests.Store;
using Monitor.EndToEnd.Tests.Drills;
using Xunit.Abstractions;

namespace Monitor.EndToEnd.Tests.Replicas;

/// <summary>
/// Two collector replicas, real processes, on one private PostgreSQL server; two agent harnesses
/// (the real agent host, outbox and collector client), each with one replica as its primary and
/// the other in Agent:Collector:Failover; one webhook receiver and one fake Alertmanager for
/// both. Each revision is stored once, both replicas answer alike, each change reaches the
/// webhook once (only the holder of the alert lease sends), and when the holder is SIGKILLed mid-burst
/// the other replica takes alerting over within the lease's bound and sends what was pending.
/// </summary>
[Collection(DeliveryDrills.Name)]
public sealed class CollectorReplicasTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    private const int Incidents = 4;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly ReplicaTimings Timings = new(
        ResendInterval: TimeSpan.FromSeconds(2),
        LeaseDuration: TimeSpan.FromSeconds(3),
        LeaseRenewInterval: TimeSpan.FromSeconds(1));

    private readonly DrillDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TwoReplicas_AgentsPushToBoth_StoredOnceSameAnswersAndOneWebhookPerChange()
    {
        using var hooks = new WebhookCounter();
        await using var cluster = await ReplicaCluster.StartAsync(postgres, _directory.Sub("cluster"), hooks, Timings);
        var holder = await cluster.HolderAsync(Bound);
        var other = cluster.Other(holder);
        using var agentA = StartAgent("a", cluster.First, cluster.Second, revisions: 10);
        using var agentB = StartAgent("b", cluster.Second, cluster.First, revisions: 10);
        await agentA.WaitForOutAsync(DrillAgent.Drained, Bound);
        await agentB.WaitForOutAsync(DrillAgent.Drained, Bound);

        // One merged incident per controller, whichever replica each agent reached.
        var merged = await cluster.MergedAsync();
        Assert.Equal(Incidents, merged.Count);
        Assert.All(merged.Values, members => Assert.Equal(2, members.Count));
        await hooks.WaitUntilAsync(() => LastToldResolved(hooks, merged.Keys), Bound, "a resolve of every merged incident");

        // A last change through the replica that does not send; then two resends of the holder,
        // in which a replica that wrongly sends would have sent again.
        await ReplicaCluster.PushOpenIncidentAsync(other, "z-00");
        await hooks.WaitUntilAsync(() => hooks.Hooks.Any(h => h.IncidentId == "z-00"), Bound, "the firing of z-00");
        var afterLast = Stopwatch.GetTimestamp();
        await hooks.WaitUntilAsync(() => hooks.AlertmanagerPostsSince(afterLast) >= 2, Bound, "two Alertmanager resends");

        WebhookAssert.OneDeliveryPerChange(hooks.Hooks, ended: merged.Keys, open: ["z-00"]);

        var accepted = DrillAgent.AcceptedKeys(agentA).Concat(DrillAgent.AcceptedKeys(agentB)).Append("z-00/1").Order(StringComparer.Ordinal);
        Assert.Equal(accepted, (await cluster.StoredKeysAsync()).Order(StringComparer.Ordinal));
        Assert.True(cluster.First.Outcomes().Stored > 0 && cluster.Second.Outcomes().Stored > 0, "each replica stored pushes of its own agent");

        var resolved = merged.Keys.Order(StringComparer.Ordinal).First();
        string[] paths =
        [
            "/api/incidents/a-00", "/api/incidents/b-01/revisions", "/api/incidents/a-02/report.md", "/api/incidents/z-00/revisions.jsonl",
            $"/incidents/{resolved}", $"/incidents/{resolved}/report.ja.md", $"/incidents/{resolved}/report.json?lang=en",
        ];
        foreach (var path in paths)
        {
            Assert.Equal(await cluster.First.GetAsync(path), await cluster.Second.GetAsync(path));
        }

        Assert.Equal(
            (await cluster.First.GetAsync("/api/incidents")).Replace(cluster.First.ReportDirectory, "<reports>", StringComparison.Ordinal),
            (await cluster.Second.GetAsync("/api/incidents")).Replace(cluster.Second.ReportDirectory, "<reports>", StringComparison.Ordinal));

        // Every replica writes every draft report, whichever replica took the push.
        await Poll.UntilAsync(() => merged.Keys.All(id => ReportWritten(cluster.First, id) && ReportWritten(cluster.Second, id)), Bound,
            () => $"draft reports of {string.Join(", ", merged.Keys)} in {cluster.First.ReportDirectory} and {cluster.Second.ReportDirectory}");
        Assert.Equal(1, await holder.LeaseHeldAsync());
        Assert.Equal(0, await other.LeaseHeldAsync());
    }

    [Fact]
    public async Task LeaseHolderKilledMidBurst_AcknowledgedRevisionsKeptAndTheOtherSendsWhatIsPending()
    {
        using var hooks = new WebhookCounter();
        await using var cluster = await ReplicaCluster.StartAsync(postgres, _directory.Sub("cluster"), hooks, Timings);
        var holder = await cluster.HolderAsync(Bound);
        var survivor = cluster.Other(holder);
        const int revisions = 60;
        var pace = TimeSpan.FromMilliseconds(15);
        var started = Stopwatch.GetTimestamp();
        using var agentA = StartAgent("a", holder, survivor, revisions, pace);
        using var agentB = StartAgent("b", survivor, holder, revisions, pace);

        // Killed once a third of its agent's burst is stored there and every incident's firing went out.
        await agentA.WaitUntilAsync(() => holder.Outcomes().Stored >= Incidents * revisions / 3,
            Bound, "a third of the burst stored on the holder");
        await hooks.WaitUntilAsync(() => hooks.Hooks.Count(h => h.Event == "firing") >= Incidents, Bound, "the firing of every incident");
        var acceptedAtKill = DrillAgent.AcceptedCount(agentA) + DrillAgent.AcceptedCount(agentB);
        var storedByHolder = holder.Outcomes().Stored;
        var sentBeforeKill = hooks.Hooks.Select(h => $"{h.Event} {h.ChangeKey}").ToList();
        await holder.KillAsync();
        var killed = Stopwatch.GetTimestamp();

        // A change only the survivor can alert on: stored by it while the dead holder's lease runs out.
        await ReplicaCluster.PushOpenIncidentAsync(survivor, "z-00");
        var pendingStored = Stopwatch.GetElapsedTime(killed);
        await survivor.Program.WaitForLineAsync(ReplicaCollector.LeaseTaken, Bound);
        var takeOver = Stopwatch.GetElapsedTime(killed);
        await hooks.WaitUntilAsync(() => hooks.Hooks.Any(h => h.IncidentId == "z-00"), Bound, "the firing of z-00");
        var pendingSent = TimeSpan.FromTicks((long)((hooks.Hooks.First(h => h.IncidentId == "z-00").At - killed) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));

        await agentA.WaitForOutAsync(DrillAgent.Drained, Bound);
        await agentB.WaitForOutAsync(DrillAgent.Drained, Bound);
        var merged = await cluster.MergedAsync();
        Assert.Equal(Incidents + 1, merged.Count);
        try
        {
            await hooks.WaitUntilAsync(() => LastToldResolved(hooks, merged.Keys.Where(id => id != "z-00")), Bound, "a resolve of every merged incident");
        }
        catch (TimeoutException)
        {
            output.WriteLine(survivor.Program.Output);
            throw;
        }

        var afterLast = Stopwatch.GetTimestamp();
        await hooks.WaitUntilAsync(() => hooks.AlertmanagerPostsSince(afterLast) >= 2, Bound, "two Alertmanager resends");

        // Nothing acknowledged is lost, nothing is stored twice.
        var accepted = DrillAgent.AcceptedKeys(agentA).Concat(DrillAgent.AcceptedKeys(agentB)).Append("z-00/1").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(accepted, (await cluster.StoredKeysAsync()).Order(StringComparer.Ordinal));

        // Every change reached the webhook; at most the one in flight at the kill came twice, with the same key.
        WebhookAssert.OneDeliveryPerChange(hooks.Hooks, ended: merged.Keys.Where(id => id != "z-00"), open: ["z-00"], allowedTwice: 1);
        var delivered = hooks.Hooks.Select(h => $"{h.Event} {h.ChangeKey}").ToList();
        var resent = delivered.Skip(sentBeforeKill.Count).Intersect(sentBeforeKill).ToList();
        Assert.True(resent.Count <= 1, $"the survivor sent again what was sent before the kill: {string.Join(", ", resent)}");

        Assert.True(takeOver <= Timings.TakeOverBound + TimeSpan.FromSeconds(2), $"the survivor took the lease {takeOver.TotalSeconds:0.00} s after the kill; bound {Timings.TakeOverBound.TotalSeconds:0.0} s");
        Assert.True(pendingSent <= Timings.TakeOverBound + TimeSpan.FromSeconds(3), $"the pending alert went out {pendingSent.TotalSeconds:0.00} s after the kill");
        Assert.Equal(1, await survivor.LeaseHeldAsync());

        new DrillFigures("Replicas lease holder SIGKILL mid-burst")
            .Add("revisions in the burst (2 agents x incidents x revisions)", $"{2 * Incidents * revisions} (2 x {Incidents} x {revisions})")
            .Add("in the agents' outboxes when the holder was killed", acceptedAtKill)
            .Add("stored by the holder when it was killed (its agent's burst)", $"{storedByHolder} ({Incidents * revisions})")
            .Add("webhooks sent before the kill", sentBeforeKill.Count)
            .Add("the kill, after the agents started", Stopwatch.GetElapsedTime(started, killed))
            .Add("first webhook, after the agents started", Stopwatch.GetElapsedTime(started, hooks.Hooks[0].At))
            .Add("lease timings (duration / renew / resend)", $"{Timings.LeaseDuration.TotalSeconds:0.0} s / {Timings.LeaseRenewInterval.TotalSeconds:0.0} s / {Timings.ResendInterval.TotalSeconds:0.0} s")
            .Add("pending change stored on the survivor after the kill", pendingStored)
            .Add("survivor took the alert lease after the kill", takeOver)
            .Add("pending alert delivered after the kill", pendingSent)
            .Add("stored in the end (distinct keys)", accepted.Count)
            .Add("webhook deliveries / distinct changes", $"{delivered.Count} / {delivered.Distinct().Count()}")
            .Add("delivered twice", string.Join(", ", delivered.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key)) is { Length: > 0 } twice ? twice : "none")
            .Add("last delivered before the kill", sentBeforeKill[^1])
            .Add("duplicates acknowledged (survivor)", survivor.Outcomes().Duplicate)
            .Write(output);
    }

    [Fact]
    public async Task LeaseHolderStopped_GivesTheLeaseUpAndTheOtherTakesItAtItsNextRenewal()
    {
        using var hooks = new WebhookCounter();
        await using var cluster = await ReplicaCluster.StartAsync(postgres, _directory.Sub("cluster"), hooks, Timings with { LeaseDuration = TimeSpan.FromSeconds(30) });
        var holder = await cluster.HolderAsync(Bound);
        var other = cluster.Other(holder);

        Assert.Equal(0, await holder.Program.TerminateAsync(Bound));
        var stopped = Stopwatch.GetTimestamp();
        await other.Program.WaitForLineAsync(ReplicaCollector.LeaseTaken, Bound);
        var takeOver = Stopwatch.GetElapsedTime(stopped);

        // Well before the 30 s the lease would have lasted: it was given up, not left to expire.
        Assert.True(takeOver < Timings.LeaseRenewInterval + TimeSpan.FromSeconds(3), $"taken over {takeOver.TotalSeconds:0.00} s after the holder stopped");
        Assert.Contains(holder.Program.Out, l => l.Contains("Gave the alert lease up", StringComparison.Ordinal));
        output.WriteLine($"take-over after SIGTERM of the holder: {takeOver.TotalSeconds:0.00} s (renew interval {Timings.LeaseRenewInterval.TotalSeconds:0.0} s)");
    }

    /// <summary>True when the newest change each of <paramref name="ids"/> was told is its resolve.</summary>
    private static bool LastToldResolved(WebhookCounter hooks, IEnumerable<string> ids)
    {
        var all = hooks.Hooks;
        return ids.All(id => all.Where(h => h.IncidentId == id).MaxBy(h => long.Parse(h.ChangeKey[(h.ChangeKey.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture))?.Event == "resolved");
    }

    private static bool ReportWritten(ReplicaCollector replica, string mergedId) =>
        Directory.Exists(replica.ReportDirectory)
        && Directory.EnumerateFiles(replica.ReportDirectory, "report.md", SearchOption.AllDirectories)
            .Any(file => Path.GetFileName(Path.GetDirectoryName(file)) == mergedId);

    private RunningProgram StartAgent(string prefix, ReplicaCollector primary, ReplicaCollector failover, int revisions, TimeSpan? pace = null) =>
        RunningProgram.StartDotnet($"agent {prefix}", "Monitor.Drill.Agent.dll",
        [
            "--drill-prefix", prefix,
            "--drill-incidents", Incidents.ToString(CultureInfo.InvariantCulture),
            "--drill-revisions", revisions.ToString(CultureInfo.InvariantCulture),
            "--drill-pace", (pace ?? TimeSpan.Zero).ToString("c", CultureInfo.InvariantCulture),
            $"--Agent:TopologyPath={Path.Combine(RepositoryPaths.Scenario("cty-2017"), "topology.json")}",
            $"--Agent:AgentId=drill-{prefix}.cty",
            $"--Agent:Host=drill-{prefix}",
            $"--Agent:Outbox:Path={_directory.Sub("outbox-" + prefix)}",
            $"--Agent:Collector:Address={primary.GrpcAddress}",
            $"--Agent:Collector:Failover:0={failover.GrpcAddress}",
            "--Agent:Collector:MaxBackoff=00:00:01",
        ], _directory.Path);
}
