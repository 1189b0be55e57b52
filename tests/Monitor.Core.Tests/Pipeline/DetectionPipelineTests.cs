using Monitor.Core.Events;
using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Pipeline;

public sealed class DetectionPipelineTests
{
    private const int Fault = 5;
    private const int Recovery = 30;

    // Everything is back at Recovery; latency on B, raised, clears only after ClearSamples samples
    // under its clear level (hysteresis), and the incident recovers with its last finding.
    private static readonly int Recovered = Recovery + new DetectionOptions().ClearSamples - 1;

    /// <summary>
    /// Seed 001 on a virtual clock: A stops at minute 5 and B runs at 120% of its rated IOPS
    /// with bytes at 45%, latency on B builds up from minute 6, POP3 fails from minute 8, and
    /// everything is back at minute 30.
    /// </summary>
    private sealed class CtyReplay
    {
        public CtyReplay(string agentId = "mail01", IReadOnlyList<IRule>? rules = null, DetectionOptions? options = null)
        {
            Pipeline = new DetectionPipeline(TestSite.Cty, options ?? new DetectionOptions(), new IncidentLifecycleOptions(), rules ?? DetectionPipeline.AllRules, agentId);
        }

        public DetectionPipeline Pipeline { get; }

        public List<EvaluationResult> Results { get; } = [];

        public IEnumerable<IncidentRevision> Revisions => Results.SelectMany(r => r.Revisions);

        /// <summary>Feeds minute <paramref name="minute"/> of the story and evaluates it.</summary>
        public EvaluationResult Minute(int minute, bool failAgain = false)
        {
            var now = WindowBuilder.At(minute);
            var down = failAgain || (minute >= Fault && minute < Recovery);
            void Observe(string entity, string metric, double value) => Pipeline.Observe(new Sample(now, entity, metric, value));

            Observe(TestSite.CtlA, MetricCatalog.ControllerUp, down ? 0 : 1);
            Observe(TestSite.CtlB, MetricCatalog.ControllerUp, 1);
            Observe(TestSite.PathA, MetricCatalog.PathUp, down ? 0 : 1);
            Observe(TestSite.PathB, MetricCatalog.PathUp, 1);
            Observe(TestSite.CtlB, MetricCatalog.ControllerIops, down ? 48_000 : 24_000);
            Observe(TestSite.CtlB, MetricCatalog.ControllerThroughput, 360_000_000);
            Observe(TestSite.CtlB, MetricCatalog.ControllerLatency, down && minute > Fault ? 0.022 + (0.003 * (minute - Fault - 1)) : 0.003);
            Observe(TestSite.Pop3, MetricCatalog.ProbeSuccess, down && minute >= Fault + 3 ? 0 : 1);
            Observe(TestSite.SmtpIn, MetricCatalog.ProbeSuccess, 1);

            var result = Pipeline.Evaluate(now);
            Results.Add(result);
            return result;
        }

        public void Run(int from, int to)
        {
            for (var minute = from; minute <= to; minute++)
            {
                Minute(minute);
            }
        }
    }

    private sealed class BrokenRule : IRule
    {
        public string Name => "broken";

        public IEnumerable<Finding> Evaluate(RuleContext context) => throw new InvalidOperationException("bug in a rule");
    }

    [Fact]
    public void Evaluate_HealthySite_FindsNothingAndOpensNothing()
    {
        var replay = new CtyReplay();

        replay.Run(0, Fault - 1);

        Assert.All(replay.Results, r => Assert.Empty(r.Findings));
        Assert.Empty(replay.Revisions);
        Assert.Equal(0, replay.Pipeline.OpenIncidents);
    }

    [Fact]
    public void Evaluate_ControllerStops_OpensOneIncidentAtRevisionOneAtTheFault()
    {
        var replay = new CtyReplay();
        replay.Run(0, Fault - 1);

        var result = replay.Minute(Fault);

        var revision = Assert.Single(result.Revisions);
        Assert.Equal(1, revision.Revision);
        Assert.Equal(IncidentState.Open, revision.State);
        Assert.Equal(WindowBuilder.At(Fault), revision.OpenedAt);
        Assert.Equal(new FindingKey(TestSite.CtlA, FindingKinds.ControllerFailed), revision.RootCause.Key);
        Assert.Contains(result.Findings, f => f.Kind == FindingKinds.PathsDegraded && f.Entity == TestSite.Volume);
        Assert.Equal(1, replay.Pipeline.OpenIncidents);
    }

    [Fact]
    public void Evaluate_WholeCtyIncident_OneIncidentRevisedByOneEachTime()
    {
        var replay = new CtyReplay();

        replay.Run(0, Recovery + 20);

        var revisions = replay.Revisions.ToList();
        Assert.Single(revisions.Select(r => r.IncidentId).Distinct());
        Assert.Equal(Enumerable.Range(1, revisions.Count).Select(i => (long)i), revisions.Select(r => r.Revision));
        Assert.Equal(IncidentState.Resolved, revisions[^1].State);
        Assert.Equal(0, replay.Pipeline.OpenIncidents);
    }

    [Fact]
    public void Evaluate_WholeCtyIncident_EveryFindingJoinsTheOneIncident()
    {
        var replay = new CtyReplay();

        replay.Run(0, Recovery - 1);

        var last = replay.Revisions.Last();
        Assert.Equal(new FindingKey(TestSite.CtlA, FindingKinds.ControllerFailed), last.RootCause.Key);
        Assert.Equal(
            new[]
            {
                new FindingKey(TestSite.CtlB, FindingKinds.DegradedOverloadIops),
                new FindingKey(TestSite.CtlB, FindingKinds.LatencyAccumulation),
                new FindingKey(TestSite.Volume, FindingKinds.PathsDegraded),
                new FindingKey(TestSite.Pop3, FindingKinds.ServiceDown),
            }.ToHashSet(),
            last.Symptoms.Select(f => f.Key).ToHashSet());
        Assert.DoesNotContain(last.Symptoms, f => f.Kind == FindingKinds.DegradedOverloadThroughput);
        Assert.Equal(TestSite.CtlA, last.CausalChain[0].From);
        Assert.Equal(TestSite.Population, last.CausalChain[^1].To);
    }

    [Fact]
    public void Evaluate_ServiceDown_AffectedUsersAreTheContracts()
    {
        var replay = new CtyReplay();
        replay.Run(0, Fault + 3);

        var revision = Assert.Single(replay.Minute(Fault + 4).Revisions);

        Assert.Contains(revision.Symptoms, f => f.Key == new FindingKey(TestSite.Pop3, FindingKinds.ServiceDown));
        var affected = Assert.Single(revision.AffectedUsers);
        Assert.Equal(50_511, affected.Count);
        Assert.Equal(UserCountBasis.Contracts, affected.Basis);
        Assert.Equal(50_511, revision.AffectedUsersMax);
    }

    [Fact]
    public void Evaluate_Recovery_RecoveringAtThatTimeWithTheMaximumKept()
    {
        var replay = new CtyReplay();
        replay.Run(0, Recovered - 1);

        var revision = Assert.Single(replay.Minute(Recovered).Revisions);

        Assert.Equal(IncidentState.Recovering, revision.State);
        Assert.Equal(WindowBuilder.At(Recovered), revision.RecoveredAt);
        var peak = Assert.Single(revision.AffectedUsers);
        Assert.Equal((TestSite.Population, 50_511L, UserCountBasis.Contracts), (peak.PopulationKey, peak.Count, peak.Basis));
        Assert.Equal(50_511, revision.AffectedUsersMax);
        Assert.Equal(TimeSpan.FromMinutes(Recovered - Fault), revision.Duration);
    }

    [Fact]
    public void Evaluate_LongIncident_EvidenceStillShowsTheSamplesThatMadeTheRuleFire()
    {
        var replay = new CtyReplay();
        replay.Run(0, Recovery - 1);

        var revision = Assert.Single(replay.Minute(Recovery).Revisions);

        var evidence = revision.RootCause.Evidence;
        Assert.Contains(evidence, s => s.Time == WindowBuilder.At(Fault) && s.Value == 0);
        Assert.Contains(evidence, s => s.Time == WindowBuilder.At(Recovery - 1));
        Assert.Equal(evidence.OrderBy(s => s.Time), evidence);
    }

    [Fact]
    public void Evaluate_QuietPeriod_ResolvedExactlyWhenItEnds()
    {
        var replay = new CtyReplay();
        replay.Run(0, Recovered);
        var quiet = (int)new IncidentLifecycleOptions().QuietPeriod.TotalMinutes;

        replay.Run(Recovered + 1, Recovered + quiet - 1);
        Assert.All(replay.Results[(Recovered + 1)..], r => Assert.Empty(r.Revisions));
        Assert.Equal(1, replay.Pipeline.OpenIncidents);

        var revision = Assert.Single(replay.Minute(Recovered + quiet).Revisions);
        Assert.Equal(IncidentState.Resolved, revision.State);
        Assert.Equal(WindowBuilder.At(Recovered + quiet), revision.ResolvedAt);
        Assert.Equal(50_511, revision.AffectedUsersMax);
    }

    [Fact]
    public void Evaluate_FlareUpDuringQuietPeriod_ReopensTheSameIncident()
    {
        var replay = new CtyReplay();
        replay.Run(0, Recovery + 5);
        var id = replay.Revisions.First().IncidentId;

        var revision = Assert.Single(replay.Minute(Recovery + 6, failAgain: true).Revisions);

        Assert.Equal(id, revision.IncidentId);
        Assert.Equal(IncidentState.Open, revision.State);
        Assert.Equal(replay.Revisions.Count(), revision.Revision);
    }

    [Fact]
    public void Evaluate_FlareUpAfterResolution_ReopensTheSameIncident()
    {
        var replay = new CtyReplay();
        replay.Run(0, Recovery + 20);
        var id = replay.Revisions.First().IncidentId;

        var revision = Assert.Single(replay.Minute(Recovery + 40, failAgain: true).Revisions);

        Assert.Equal(id, revision.IncidentId);
        Assert.Equal(IncidentState.Open, revision.State);
    }

    [Fact]
    public void Evaluate_SameDataAndAgent_SameIncidentIds()
    {
        var one = new CtyReplay("mail01");
        var two = new CtyReplay("mail01");

        one.Run(0, Recovery + 20);
        two.Run(0, Recovery + 20);

        Assert.Equal(one.Revisions.Select(r => r.IdempotencyKey), two.Revisions.Select(r => r.IdempotencyKey));
        Assert.NotEmpty(one.Revisions);
    }

    [Fact]
    public void Observe_UnknownEntity_IsReportedOnceAndNotKept()
    {
        var pipeline = new DetectionPipeline(TestSite.Cty, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "mail01");
        var unknown = new List<string>();
        pipeline.UnknownEntity += unknown.Add;

        Assert.False(pipeline.Observe(new Sample(WindowBuilder.At(0), "ctl-z", MetricCatalog.ControllerUp, 1)));
        Assert.False(pipeline.Observe(new Sample(WindowBuilder.At(1), "ctl-z", MetricCatalog.ControllerUp, 1)));
        Assert.False(pipeline.Observe(new Sample(WindowBuilder.At(1), "backup9/deferred", MetricCatalog.MailQueueMessages, 3)));
        Assert.True(pipeline.Observe(new Sample(WindowBuilder.At(1), TestSite.CtlA, MetricCatalog.ControllerUp, 1)));
        Assert.True(pipeline.Observe(new Sample(WindowBuilder.At(1), TestSite.Host + "/deferred", MetricCatalog.MailQueueMessages, 3)));

        Assert.Equal(["ctl-z", "backup9/deferred"], unknown);
        Assert.Null(pipeline.Window.Latest("ctl-z", MetricCatalog.ControllerUp));
        Assert.Equal(2, pipeline.Window.SeriesCount);
    }

    [Fact]
    public void Evaluate_RuleThrows_ReportedAndTheOtherRulesStillCount()
    {
        var replay = new CtyReplay(rules: [new BrokenRule(), new ControllerFailed()]);
        var failures = new List<RuleFailure>();
        replay.Pipeline.RuleFailed += failures.Add;

        var result = replay.Minute(Fault);

        Assert.Equal("broken", Assert.Single(failures).Rule);
        Assert.Equal(FindingKinds.ControllerFailed, Assert.Single(result.Findings).Kind);
        Assert.Single(result.Revisions);
    }

    [Fact]
    public void Evaluate_EventDueLater_WaitsUntilItsTime()
    {
        var replay = new CtyReplay();
        replay.Run(0, Fault);
        var note = new SiteEvent(WindowBuilder.At(Fault + 3), SiteEventKind.Log, TestSite.CtlB, "storage-syslog", "controller B took over");
        replay.Pipeline.Observe(note);

        var early = replay.Minute(Fault + 1);
        Assert.DoesNotContain(early.Revisions.SelectMany(r => r.Timeline), t => t.Text == note.Text);
        replay.Minute(Fault + 2);

        var due = replay.Minute(Fault + 3);

        Assert.Contains(Assert.Single(due.Revisions).Timeline, t => t.Kind == TimelineKind.Log && t.Text == note.Text);
    }

    [Fact]
    public void Evaluate_FaultOutlastsTheWindow_FindingsKeepTheirOnset()
    {
        var replay = new CtyReplay(options: new DetectionOptions { WindowLength = TimeSpan.FromMinutes(10), WindowPointsPerSeries = 20 });

        replay.Run(0, Recovery - 1);

        var last = replay.Results[^1];
        Assert.Equal(WindowBuilder.At(Fault), Assert.Single(last.Findings, f => f.Kind == FindingKinds.ControllerFailed).Since);
        Assert.Equal(WindowBuilder.At(Fault), Assert.Single(last.Findings, f => f.Kind == FindingKinds.PathsDegraded).Since);
        Assert.Equal(WindowBuilder.At(Fault + 3), Assert.Single(last.Findings, f => f.Kind == FindingKinds.ServiceDown).Since);
        Assert.Single(replay.Revisions.Select(r => r.IncidentId).Distinct());
    }

    [Fact]
    public void Observe_SampleNamingAnAlias_IsFiledUnderItsEntity()
    {
        var document = TestSite.Document();
        document.Paths[0].Aliases = ["mail01/sdc"];
        var pipeline = new DetectionPipeline(TopologyLoader.Build(document, "topology.json"), new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "agent");
        var unknown = new List<string>();
        pipeline.UnknownEntity += unknown.Add;

        pipeline.Observe(new Sample(WindowBuilder.At(0), "mail01/sdc", MetricCatalog.PathUp, 0));

        Assert.Equal(0, pipeline.Window.Latest(TestSite.PathA, MetricCatalog.PathUp)?.Value);
        Assert.Empty(unknown);
    }

    [Fact]
    public void Evaluate_PlannedFailoverTest_ReportsTheFailoverButOpensNoIncident()
    {
        var replay = new CtyReplay();
        replay.Run(0, Fault - 1);
        replay.Pipeline.Observe(new SiteEvent(WindowBuilder.At(Fault - 1), SiteEventKind.Change, TestSite.CtlA, "change-calendar",
            "planned failover test of ctl-a", WindowBuilder.At(Fault + 30)));

        var result = replay.Minute(Fault + 1);

        var failed = Assert.Single(result.Findings, f => f.Kind == FindingKinds.ControllerFailed);
        Assert.Equal(Severity.Info, failed.Severity);
        Assert.Contains("(planned: planned failover test of ctl-a", failed.Explanation, StringComparison.Ordinal);
        Assert.Empty(result.Revisions);
        Assert.Equal(0, replay.Pipeline.OpenIncidents);
    }
}
