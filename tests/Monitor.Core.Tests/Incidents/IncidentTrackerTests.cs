using Monitor.Core.Correlation;
using Monitor.Core.Events;
using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Incidents;
using Monitor.Core.Rules;
using Monitor.Core.Tests.TestSupport;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Incidents;

public sealed class IncidentTrackerTests
{
    private static readonly Finding Failed = TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 13);
    private static readonly Finding Paths = TestFindings.Make(TestSite.Volume, FindingKinds.PathsDegraded, 13);
    private static readonly Finding Overload = TestFindings.Make(TestSite.CtlB, FindingKinds.DegradedOverloadIops, 13);
    private static readonly Finding Pop3Down = TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 20);

    /// <summary>A tracker fed by the correlator, on a virtual clock counted in minutes from <see cref="WindowBuilder.Start"/>.</summary>
    private sealed class Harness
    {
        private readonly Correlator _correlator;

        public Harness(SiteTopology? topology = null, string agentId = "agent-1")
        {
            var site = topology ?? TestSite.Cty;
            _correlator = new Correlator(site);
            Tracker = new IncidentTracker(site, new IncidentLifecycleOptions(), new DetectionOptions().WindowLength, agentId);
        }

        public IncidentTracker Tracker { get; }

        public List<IncidentRevision> Revisions { get; } = [];

        public IReadOnlyList<IncidentRevision> At(int minute, params Finding[] findings) => At(minute, [], findings);

        public IReadOnlyList<IncidentRevision> At(int minute, IReadOnlyList<SiteEvent> events, params Finding[] findings)
        {
            var revisions = Tracker.Update(WindowBuilder.At(minute), _correlator.Correlate(findings), events);
            Revisions.AddRange(revisions);
            return revisions;
        }
    }

    [Fact]
    public void Update_FirstFault_OpensOneIncidentAtRevisionOneFromTheOnset()
    {
        var harness = new Harness();

        var revision = Assert.Single(harness.At(14, Failed, Paths));

        Assert.Equal(1, revision.Revision);
        Assert.Equal(IncidentState.Open, revision.State);
        Assert.Equal(WindowBuilder.At(13), revision.OpenedAt);
        Assert.Equal(WindowBuilder.At(14), revision.UpdatedAt);
        Assert.Equal(Failed.Key, revision.RootCause.Key);
        Assert.Equal(Paths.Key, Assert.Single(revision.Symptoms).Key);
        Assert.Equal(Severity.Critical, revision.Severity);
        Assert.Equal($"{revision.IncidentId}/1", revision.IdempotencyKey);
        Assert.StartsWith("inc-20170113-0853-ctl-a-", revision.IncidentId, StringComparison.Ordinal);
        Assert.Equal(TimelineKind.Detected, revision.Timeline[0].Kind);
        Assert.Equal(1, harness.Tracker.OpenCount);
    }

    [Fact]
    public void Update_NothingChanged_MakesNoRevision()
    {
        var harness = new Harness();
        harness.At(13, Failed, Paths);

        Assert.Empty(harness.At(14, Failed, Paths));
        Assert.Empty(harness.At(15, Paths, Failed));
    }

    [Fact]
    public void Update_WholeLifecycle_OneIdAndRevisionsIncreasingByExactlyOne()
    {
        var harness = new Harness();

        harness.At(13, Failed, Paths);
        harness.At(14, Failed, Paths);
        harness.At(15, Failed, Paths, Overload);
        harness.At(20, Failed, Paths, Overload, Pop3Down);
        harness.At(30);
        for (var minute = 31; minute <= 45; minute++)
        {
            harness.At(minute);
        }

        Assert.Single(harness.Revisions.Select(r => r.IncidentId).Distinct());
        Assert.Equal([1L, 2, 3, 4, 5], harness.Revisions.Select(r => r.Revision));
        Assert.Equal(
            [IncidentState.Open, IncidentState.Open, IncidentState.Open, IncidentState.Recovering, IncidentState.Resolved],
            harness.Revisions.Select(r => r.State));
    }

    [Fact]
    public void Update_ServiceDown_CountsTheContractsOfItsPopulation()
    {
        var harness = new Harness();
        harness.At(13, Failed, Paths);

        var revision = Assert.Single(harness.At(20, Failed, Paths, Pop3Down));

        Assert.Equal(2, revision.Revision);
        var affected = Assert.Single(revision.AffectedUsers);
        Assert.Equal(new PopulationImpact(TestSite.Population, 50_511, UserCountBasis.Contracts, 50_511), affected);
        Assert.Equal(50_511, revision.AffectedUsersMax);
        Assert.Equal(new AffectedUsersPoint(WindowBuilder.At(20), 50_511), revision.AffectedUsersSeries[^1]);
        Assert.Equal(ImpactLevel.Stopped, Assert.Single(revision.Services, s => s.Function == "pop3").Level);
        Assert.Equal(ImpactLevel.NotAffected, Assert.Single(revision.Services, s => s.Function == "smtp-in").Level);
        Assert.Equal("Storage controller A: controller failed; cty-mail down (50,511 users)", revision.Title);
    }

    [Fact]
    public void Update_FindingsClear_RecoveringAtThatTimeAndTheMaximumStays()
    {
        var harness = new Harness();
        harness.At(13, Failed, Paths);
        harness.At(20, Failed, Paths, Pop3Down);

        var revision = Assert.Single(harness.At(30));

        Assert.Equal(IncidentState.Recovering, revision.State);
        Assert.Equal(WindowBuilder.At(30), revision.RecoveredAt);
        Assert.Null(revision.ResolvedAt);
        var peak = Assert.Single(revision.AffectedUsers);
        Assert.Equal((TestSite.Population, 50_511L, UserCountBasis.Contracts), (peak.PopulationKey, peak.Count, peak.Basis));
        Assert.Equal(50_511, revision.AffectedUsersMax);
        Assert.Equal(new AffectedUsersPoint(WindowBuilder.At(30), 0), revision.AffectedUsersSeries[^1]);
        Assert.Equal(TimeSpan.FromMinutes(17), revision.Duration);
        Assert.Equal(TimelineKind.Recovered, revision.Timeline[^1].Kind);
        Assert.Equal(1, harness.Tracker.OpenCount);
    }

    [Fact]
    public void Update_QuietPeriodNotOver_StaysRecoveringWithoutRevision()
    {
        var harness = new Harness();
        harness.At(13, Failed, Paths);
        harness.At(30);

        Assert.Empty(harness.At(44));
        Assert.Equal(1, harness.Tracker.OpenCount);
    }

    [Fact]
    public void Update_QuietPeriodOver_Resolves()
    {
        var harness = new Harness();
        harness.At(13, Failed, Paths);
        harness.At(20, Failed, Paths, Pop3Down);
        harness.At(30);

        var revision = Assert.Single(harness.At(45));

        Assert.Equal(IncidentState.Resolved, revision.State);
        Assert.Equal(WindowBuilder.At(45), revision.ResolvedAt);
        Assert.Equal(WindowBuilder.At(30), revision.RecoveredAt);
        Assert.Equal(50_511, revision.AffectedUsersMax);
        Assert.Equal(0, harness.Tracker.OpenCount);
        Assert.Empty(harness.At(46));
    }

    [Fact]
    public void Update_FlareUpDuringQuietPeriod_ReopensTheSameIncident()
    {
        var harness = new Harness();
        var first = Assert.Single(harness.At(13, Failed, Paths));
        harness.At(30);

        var revision = Assert.Single(harness.At(35, TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 35)));

        Assert.Equal(first.IncidentId, revision.IncidentId);
        Assert.Equal(3, revision.Revision);
        Assert.Equal(IncidentState.Open, revision.State);
        Assert.Null(revision.RecoveredAt);
        Assert.Contains(revision.Timeline, t => t.Kind == TimelineKind.Reopened && t.Time == WindowBuilder.At(35));
    }

    [Fact]
    public void Update_FlareUpAfterResolutionWithinReopenWindow_ReopensTheSameIncident()
    {
        var harness = new Harness();
        var first = Assert.Single(harness.At(13, Failed, Paths));
        harness.At(30);
        harness.At(45);

        var revision = Assert.Single(harness.At(100, TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 100)));

        Assert.Equal(first.IncidentId, revision.IncidentId);
        Assert.Equal(4, revision.Revision);
        Assert.Equal(IncidentState.Open, revision.State);
        Assert.Null(revision.ResolvedAt);
        Assert.Equal(1, harness.Tracker.OpenCount);
    }

    [Fact]
    public void Update_FlareUpAfterReopenWindow_OpensANewIncident()
    {
        var harness = new Harness();
        var first = Assert.Single(harness.At(13, Failed, Paths));
        harness.At(30);
        harness.At(45);

        var revision = Assert.Single(harness.At(106, TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 106)));

        Assert.NotEqual(first.IncidentId, revision.IncidentId);
        Assert.Equal(1, revision.Revision);
    }

    [Fact]
    public void Update_UnrelatedSecondFault_OpensASecondIncident()
    {
        var harness = new Harness(TestSite.TwoStorages);
        var first = Assert.Single(harness.At(13, Failed));
        var other = TestFindings.Make(TestSite.CtlC, FindingKinds.ControllerFailed, 20);

        var second = Assert.Single(harness.At(20, Failed, other));

        Assert.NotEqual(first.IncidentId, second.IncidentId);
        Assert.Equal(1, second.Revision);
        Assert.Equal(other.Key, second.RootCause.Key);
        Assert.Equal(2, harness.Tracker.OpenCount);
    }

    [Fact]
    public void Update_TwoIndependentCausesShareTheStoppedService_StayTwoIncidents()
    {
        // Controller A and HBA port host2 do not reach each other; both reach the mail service.
        var harness = new Harness();
        var first = Assert.Single(harness.At(13, Failed, Pop3Down));
        var port = TestFindings.Make("mail01:host2", "fc_port_errors", 30);

        var revisions = harness.At(30, Failed, Pop3Down, port);

        var second = Assert.Single(revisions, r => r.IncidentId != first.IncidentId);
        Assert.Equal(port.Key, second.RootCause.Key);
        Assert.Equal(2, harness.Tracker.OpenCount);
    }

    [Fact]
    public void Update_SecondFaultClearsFirst_OnlyItsIncidentRecovers()
    {
        var harness = new Harness(TestSite.TwoStorages);
        var first = Assert.Single(harness.At(13, Failed));
        var other = TestFindings.Make(TestSite.CtlC, FindingKinds.ControllerFailed, 20);
        var second = Assert.Single(harness.At(20, Failed, other));

        var revision = Assert.Single(harness.At(25, Failed));

        Assert.Equal(second.IncidentId, revision.IncidentId);
        Assert.Equal(IncidentState.Recovering, revision.State);
        Assert.NotEqual(first.IncidentId, revision.IncidentId);
    }

    [Fact]
    public void Update_SameAgentAndData_SameIncidentIds()
    {
        var one = new Harness(agentId: "mail01");
        var two = new Harness(agentId: "mail01");
        var elsewhere = new Harness(agentId: "mail02");

        var a = Assert.Single(one.At(13, Failed, Paths)).IncidentId;
        var b = Assert.Single(two.At(13, Failed, Paths)).IncidentId;
        var c = Assert.Single(elsewhere.At(13, Failed, Paths)).IncidentId;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Update_BetterRootArrives_SameIncidentWithTheNewRoot()
    {
        var harness = new Harness();
        var first = Assert.Single(harness.At(20, Pop3Down));
        Assert.Equal(Pop3Down.Key, first.RootCause.Key);

        var revision = Assert.Single(harness.At(21, Failed, Pop3Down));

        Assert.Equal(first.IncidentId, revision.IncidentId);
        Assert.Equal(2, revision.Revision);
        Assert.Equal(Failed.Key, revision.RootCause.Key);
        Assert.Equal(Pop3Down.Key, Assert.Single(revision.Symptoms).Key);
    }

    // OpenedAt is documented as "when the first finding began". When a finding that began
    // earlier joins (the root cause showing up after its symptom), the onset moves back: the
    // regulator's 発生日時 and the outage duration are measured from it.
    [Fact]
    public void Update_EarlierFindingJoins_OpenedAtIsTheEarliestOnset()
    {
        var harness = new Harness();
        harness.At(20, Pop3Down);

        var revision = Assert.Single(harness.At(21, Failed, Pop3Down));

        Assert.Equal(WindowBuilder.At(13), revision.OpenedAt);
    }

    [Fact]
    public void Update_ChangeEventOnAnIncidentEntity_GoesOnTheTimelineOnce()
    {
        var harness = new Harness(TestSite.TwoStorages);
        var firmware = new SiteEvent(WindowBuilder.At(0), SiteEventKind.Change, TestSite.CtlA, "ops", "firmware update on controller A");
        var unrelated = new SiteEvent(WindowBuilder.At(1), SiteEventKind.Change, TestSite.CtlC, "ops", "firmware update on controller C");
        var noEntity = new SiteEvent(WindowBuilder.At(2), SiteEventKind.Note, null, "ops", "coffee");

        var revision = Assert.Single(harness.At(13, [firmware, unrelated, noEntity], Failed));

        var change = Assert.Single(revision.Timeline, t => t.Kind == TimelineKind.Change);
        Assert.Equal(firmware.Text, change.Text);
        Assert.Equal(WindowBuilder.At(0), revision.Timeline[0].Time);
        Assert.Empty(harness.At(14, Failed));
    }

    [Fact]
    public void Update_EventArrivesDuringIncident_MakesARevision()
    {
        var harness = new Harness();
        harness.At(13, Failed);
        var log = new SiteEvent(WindowBuilder.At(14), SiteEventKind.Log, TestSite.CtlB, "storage-syslog", "controller B took over");

        var revision = Assert.Single(harness.At(15, [log], Failed));

        Assert.Equal(2, revision.Revision);
        Assert.Contains(revision.Timeline, t => t.Text == log.Text);
    }

    [Fact]
    public void Update_NewSymptom_GoesOnTheTimeline()
    {
        var harness = new Harness();
        harness.At(13, Failed);

        var revision = Assert.Single(harness.At(20, Failed, Pop3Down));

        Assert.Contains(revision.Timeline, t => t.Kind == TimelineKind.Finding && t.Entity == TestSite.Pop3 && t.Time == WindowBuilder.At(20));
        Assert.Equal(revision.Timeline.OrderBy(t => t.Time).Select(t => t.Kind), revision.Timeline.Select(t => t.Kind));
    }
}
