using System.Diagnostics;
using Monitor.EndToEnd.Tests.Drills;
using Xunit.Abstractions;
using Wire = Monitor.Contracts.V1;

namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// Live, end to end, nothing replayed: the packaged agent (the NativeAOT binary of this run's
/// monitor-agent package, installed into a scratch root by the install guide's steps) in
/// <c>run</c> mode as its unit runs it (user, groups, no new privileges), reading a private Postfix and Dovecot every 2 s, pushing over mutual TLS to a
/// collector process; the faults are real (Dovecot stopped; a relay written without its brackets
/// and Postfix reloaded) and the test reads the result from the collector's API, as on-call would.
/// The agent is killed with SIGKILL in the middle of an incident and started again: the
/// collector must still hold one incident, continued. Figures go to the test output and to
/// TestResults/delivery-drills/.
/// </summary>
[Collection(LiveTests.Name)]
public sealed class LiveMailTests(ITestOutputHelper output)
{
    private const int Messages = 12;

    [Fact]
    public async Task DovecotStopped_AgentKilledAndRestartedMidIncident_OneIncidentContinuedWithTheServicesUsers()
    {
        var wall = Stopwatch.GetTimestamp();
        using var run = await LiveRun.StartAsync();
        await CheckConfigAsync(run);
        var agentStarted = Stopwatch.GetTimestamp();
        run.Agent.Start();
        await run.UntilHealthyAsync();
        var healthyAfter = LiveRun.Since(agentStarted);
        Assert.Empty(await run.Collector.IncidentsAsync());

        var faultAt = Stopwatch.GetTimestamp();
        await run.Dovecot.StopAsync();
        await run.UntilAsync(async () => (await run.Collector.IncidentsAsync()).Count > 0, "no incident on the collector after Dovecot stopped");
        var firstIncident = LiveRun.Since(agentStarted);
        var unpackedToIncident = LiveRun.Since(run.UnpackedAt);
        var faultToIncident = LiveRun.Since(faultAt);

        // Both functions Dovecot serves are stopped, in the one incident, with every contract of the service.
        var id = Assert.Single(await run.Collector.IncidentsAsync()).Id;
        await run.UntilAsync(async () => Stopped(await run.Collector.LatestAsync(id)).SetEquals(["pop3", "imap"]),
            $"incident {id} does not say pop3 and imap stopped");
        var before = await run.Collector.LatestAsync(id);
        Assert.Equal(Wire.IncidentState.Open, before.State);
        Assert.Equal("service_down", before.RootCause.Kind);
        Assert.Contains(before.RootCause.Entity, new[] { $"{LiveSite.Service}/pop3", $"{LiveSite.Service}/imap" });
        Assert.Contains(before.Services, s => s.Function == "smtp-in" && s.Impact == Wire.ImpactLevel.NotAffected);
        var users = Assert.Single(before.AffectedUsers);
        Assert.Equal((LiveSite.Population, LiveSite.Contracts, Wire.UserCountBasis.Contracts), (users.PopulationKey, users.Count, users.Basis));
        Assert.Equal(LiveSite.Contracts, before.AffectedUsersMax);

        // SIGKILL in the middle of the incident, then a start on the same outbox and incidents.json.
        await run.UntilDeliveredAsync();
        var beforeKill = await run.Collector.RevisionsAsync(id);
        Assert.True(File.Exists(Path.Combine(run.Agent.Outbox, "incidents.json")), $"no incidents.json beside the outbox{run.Logs}");
        await run.Agent.KillAsync();
        var restartedAt = Stopwatch.GetTimestamp();
        run.Agent.Start();
        await run.UntilAsync(async () => (await run.Collector.LatestAsync(id)).Timeline.Any(e => e.Text.Contains("The agent was not running from", StringComparison.Ordinal)),
            $"incident {id} was not continued after the restart (no revision saying the agent was not running)");
        var restartToContinued = LiveRun.Since(restartedAt);

        // The new incarnation sees Dovecot down itself before it comes back: until then a resumed
        // incident waits (Agent:Incidents:ResumeGrace) rather than recover on an empty window.
        await run.UntilAsync(async () => LiveAgent.Shows(await run.Agent.MetricsAsync(), "monitor_agent_findings_active", "kind=\"service_down\"", 2),
            "the restarted agent does not see pop3 and imap down (monitor_agent_findings_active{kind=\"service_down\"} 2)");

        // Dovecot back: the same incident recovers.
        await run.Dovecot.StartAgainAsync();
        await run.UntilAsync(async () => (await run.Collector.LatestAsync(id)).State == Wire.IncidentState.Recovering,
            $"incident {id} did not recover after Dovecot started again");
        await run.UntilDeliveredAsync();

        var incident = Assert.Single(await run.Collector.IncidentsAsync());
        Assert.Equal(id, incident.Id);
        Assert.Equal([id], run.IncidentsTheAgentMade());
        var revisions = await run.Collector.RevisionsAsync(id);
        var numbers = revisions.Select(r => r.Revision).ToList();
        Assert.True(numbers.Zip(numbers.Skip(1)).All(p => p.First < p.Second), $"revision numbers not increasing: {string.Join(", ", numbers)}");
        Assert.True(numbers.Count > beforeKill.Count, $"no revision after the restart: {string.Join(", ", numbers)}");
        Assert.All(revisions, r => Assert.Equal(run.Site.AgentId, r.AgentId));
        Assert.Equal(revisions.Count, revisions.Select(r => r.IdempotencyKey).Distinct().Count());
        var after = await run.Collector.LatestAsync(id);
        Assert.Equal(before.OpenedAt, after.OpenedAt);
        Assert.Equal(LiveSite.Contracts, after.AffectedUsersMax);
        Assert.NotNull(after.RecoveredAt);

        new DrillFigures("Live Dovecot stopped")
            .Add("agent account", run.Account)
            .Add("install guide's steps (dpkg-deb -x, postinst, certificates, topology, agent.json)", run.Installed)
            .Add("package unpacked to first incident on the collector", unpackedToIncident)
            .Add("agent start to a healthy reading", healthyAfter)
            .Add("Dovecot stopped to first incident on the collector", faultToIncident)
            .Add("agent start to first incident on the collector", firstIncident)
            .Add("restart after SIGKILL to the continued revision on the collector", restartToContinued)
            .Add("revisions (before the kill / in all)", $"{beforeKill.Count} / {revisions.Count}: {string.Join(", ", numbers)}")
            .Add("test wall time", LiveRun.Since(wall))
            .Write(output);
    }

    [Fact]
    public async Task RelayhostWithoutBrackets_MailDeferredOnDnsLookups_OneIncidentNamingTheDnsDeferrals()
    {
        var wall = Stopwatch.GetTimestamp();
        using var run = await LiveRun.StartAsync();
        await CheckConfigAsync(run);
        var agentStarted = Stopwatch.GetTimestamp();
        run.Agent.Start();
        await run.UntilHealthyAsync();
        var healthyAfter = LiveRun.Since(agentStarted);

        // With its brackets the relay is found in the hosts file, no DNS asked: a message waits
        // because nothing listens there (one message, no backlog, no incident).
        await run.Postfix.SendAsync("newsletter@live.example", "before@example.net", "before the typo");
        await run.UntilAsync(() => Task.FromResult(run.Postfix.LogText().Contains($"status=deferred (connect to {LiveRun.RelayName}[127.0.0.1]:{run.RelayPort}", StringComparison.Ordinal)),
            "Postfix did not try the bracketed relay by its hosts entry");

        // Seed 004: the relay written without its brackets, so Postfix looks it up as MX in DNS.
        var faultAt = Stopwatch.GetTimestamp();
        var reads = LiveAgent.Reads(await run.Agent.MetricsAsync(), "changes");
        await run.Postfix.SetAsync($"relayhost = {LiveRun.RelayName}:{run.RelayPort}");

        // As at Asahi Net, the mail comes after the change: the agent has read main.cf since (two
        // reads, so one began after the edit), and the change is the incident's suspected cause.
        await run.UntilAsync(async () => LiveAgent.Reads(await run.Agent.MetricsAsync(), "changes") >= reads + 2, "the agent did not read main.cf again after the edit");
        for (var i = 0; i < Messages; i++)
        {
            await run.Postfix.SendAsync("newsletter@live.example", $"user{i:D2}@example.net", $"live test {i}");
        }

        await run.UntilAsync(async () => (await run.Collector.IncidentsAsync()).Count > 0, "no incident on the collector after the relay typo");
        var firstIncident = LiveRun.Since(agentStarted);
        var unpackedToIncident = LiveRun.Since(run.UnpackedAt);
        var faultToIncident = LiveRun.Since(faultAt);
        await run.UntilDeliveredAsync();

        var incident = Assert.Single(await run.Collector.IncidentsAsync());
        var latest = await run.Collector.LatestAsync(incident.Id);
        Assert.Equal(("mail_deferred_dns", LiveSite.Service, LiveSite.Host), (latest.RootCause.Kind, latest.RootCause.Entity, latest.RootCause.Scope));
        Assert.Contains("fail on a DNS lookup", latest.RootCause.Explanation, StringComparison.Ordinal);
        Assert.Contains(latest.RootCause.Evidence, e => e.Entity == $"{LiveSite.Host}/dns" && e.Value >= LiveSite.BacklogMessages);
        var relayChanged = $"{run.Postfix.MainCf}: relayhost changed from [{LiveRun.RelayName}]:{run.RelayPort} to {LiveRun.RelayName}:{run.RelayPort}";
        Assert.True(latest.Timeline.Any(e => e.Text == relayChanged),
            $"the timeline does not hold '{relayChanged}':\n{string.Join('\n', latest.Timeline.Select(e => $"{e.Kind} {e.Text}"))}\nsuspected change: {latest.SuspectedChange?.Text}");
        Assert.StartsWith(run.Postfix.MainCf, latest.SuspectedChange?.Text ?? "", StringComparison.Ordinal);
        Assert.Equal(LiveSite.Contracts, latest.AffectedUsersMax);
        Assert.Equal([incident.Id], run.IncidentsTheAgentMade());
        Assert.Contains($"name={LiveRun.RelayName} type=MX", run.Postfix.LogText(), StringComparison.Ordinal);

        new DrillFigures("Live relayhost without brackets")
            .Add("agent account", run.Account)
            .Add("install guide's steps (dpkg-deb -x, postinst, certificates, topology, agent.json)", run.Installed)
            .Add("package unpacked to first incident on the collector", unpackedToIncident)
            .Add("agent start to a healthy reading", healthyAfter)
            .Add("relay typo (postfix reload, 12 messages) to first incident on the collector", faultToIncident)
            .Add("agent start to first incident on the collector", firstIncident)
            .Add("test wall time", LiveRun.Since(wall))
            .Write(output);
    }

    // The guide's step before the start: check-config, as the unit's account, says the configuration is whole.
    private static async Task CheckConfigAsync(LiveRun run)
    {
        var (code, checkOutput) = await run.Agent.CheckConfigAsync();
        Assert.True(code == 0, $"monitor-agent check-config exited {code}:\n{checkOutput}");
        Assert.Contains("source probes", checkOutput, StringComparison.Ordinal);
    }

    private static HashSet<string> Stopped(Wire.IncidentRevision revision) =>
        revision.Services.Where(s => s.Impact == Wire.ImpactLevel.Stopped).Select(s => s.Function).ToHashSet(StringComparer.Ordinal);
}
