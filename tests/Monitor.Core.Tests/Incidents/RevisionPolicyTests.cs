using Monitor.Core.Correlation;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Incidents;

/// <summary>
/// A revision is for a change a person cares about; figures that only move are coalesced. The
/// collector refuses an incident's revisions past Limits:MaxRevisionsPerIncident (1,000).
/// </summary>
public sealed class RevisionPolicyTests
{
    private const int CollectorCap = 1_000;
    private static readonly TimeSpan Sampling = TimeSpan.FromSeconds(30);

    private readonly Correlator _correlator;
    private readonly IncidentTracker _tracker;

    public RevisionPolicyTests()
    {
        // Two million contracts, so an observed count can cross both of the regulator's thresholds.
        var document = TestSite.Document();
        document.Populations[0].Contracts = 2_000_000;
        var site = TopologyLoader.Build(document, "test-topology.json");
        _correlator = new Correlator(site);
        _tracker = new IncidentTracker(site, new IncidentLifecycleOptions(), new DetectionOptions().WindowLength, "agent-1");
    }

    /// <summary>POP3 logins failing for <paramref name="users"/> distinct users, the observed count.</summary>
    private static Finding Logins(DateTimeOffset at, long users) =>
        new(TestSite.Pop3, FindingKinds.LoginFailures, "login-failures", Severity.Critical, $"{users} users fail", WindowBuilder.Start,
            [new Sample(at, $"{TestSite.Host}/pop3", MetricCatalog.MailLoginFailedUsers, users)], "seed 000 (Alpha Mail, 2016)");

    private IReadOnlyList<IncidentRevision> At(DateTimeOffset now, params Finding[] findings) =>
        _tracker.Update(now, _correlator.Correlate(findings), []);

    [Fact]
    public void Update_EightyHourIncidentWithFiguresMovingEvery30Seconds_StaysFarBelowTheCollectorsCap()
    {
        // Canon's incident lasted 81 hours. The observed count wanders ±5% around 2,000 users
        // every sample, as a login storm's does, and drifts slowly up to about 3,000.
        var random = new Random(20200412);
        var revisions = new List<IncidentRevision>();
        var samples = (int)(TimeSpan.FromHours(80) / Sampling);
        for (var i = 0; i < samples; i++)
        {
            var now = WindowBuilder.Start + (i * Sampling);
            var users = (long)((2_000 + (1_000.0 * i / samples)) * (0.95 + (0.1 * random.NextDouble())));
            revisions.AddRange(At(now, Logins(now, users)));
        }

        var end = WindowBuilder.Start + (samples * Sampling);
        revisions.AddRange(At(end));
        revisions.AddRange(At(end + new IncidentLifecycleOptions().QuietPeriod));

        Assert.Single(revisions.Select(r => r.IncidentId).Distinct());
        // 320 figure-only revisions at most (80 h / FiguresEvery), a few for the maximum's 10% steps,
        // and the opening, recovery and resolution: 322 when written; 9,548 with a revision per change.
        Assert.True(revisions.Count < CollectorCap * 2 / 5, $"{revisions.Count} revisions for {samples:N0} samples");
        Assert.Equal(IncidentState.Resolved, revisions[^1].State);
        Assert.Equal(revisions.Select((_, i) => (long)i + 1), revisions.Select(r => r.Revision));
    }

    [Fact]
    public void Update_FiguresOnlyMove_CoalescedAndSentWithinTheInterval()
    {
        var options = new IncidentLifecycleOptions();
        var t0 = WindowBuilder.Start;
        Assert.Single(At(t0, Logins(t0, 1_000)));

        Assert.Empty(At(t0 + Sampling, Logins(t0 + Sampling, 1_020)));
        Assert.Empty(At(t0 + (2 * Sampling), Logins(t0 + (2 * Sampling), 1_010)));

        // Nothing moves any more, but the figures not yet sent go out once the interval has passed.
        var due = t0 + options.FiguresEvery;
        var revision = Assert.Single(At(due, Logins(t0 + (2 * Sampling), 1_010)));
        Assert.Equal(1_020, revision.AffectedUsersMax);
        Assert.Equal(1_010, revision.AffectedUsersSeries[^1].Count);
        Assert.Empty(At(due + Sampling, Logins(t0 + (2 * Sampling), 1_010)));
    }

    [Fact]
    public void Flush_FiguresHeldBackWhenTheInputEnds_SentInOneRevisionWithTheNewestFigures()
    {
        var t0 = WindowBuilder.Start;
        Assert.Single(At(t0, Logins(t0, 1_000)));
        Assert.Empty(At(t0 + Sampling, Logins(t0 + Sampling, 1_060)));

        var flushed = Assert.Single(_tracker.Flush(t0 + Sampling));

        Assert.Equal(2, flushed.Revision);
        Assert.Equal(1_060, flushed.AffectedUsersMax);
        Assert.Empty(_tracker.Flush(t0 + Sampling));
    }

    [Fact]
    public void Flush_NothingHeldBack_MakesNoRevision()
    {
        var t0 = WindowBuilder.Start;
        Assert.Single(At(t0, Logins(t0, 1_000)));

        Assert.Empty(_tracker.Flush(t0));
    }

    [Fact]
    public void Update_NewSymptomWhileFiguresAreCoalesced_RevisesAtOnce()
    {
        var t0 = WindowBuilder.Start;
        At(t0, Logins(t0, 1_000));
        Assert.Empty(At(t0 + Sampling, Logins(t0 + Sampling, 1_030)));

        var later = t0 + (2 * Sampling);
        var down = TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 1);
        var revision = Assert.Single(At(later, Logins(later, 1_040), down));

        Assert.Contains(revision.Symptoms.Append(revision.RootCause), f => f.Key == down.Key);
        Assert.Equal(2, revision.Revision);
    }

    [Fact]
    public void Update_RecoveryWhileFiguresAreCoalesced_RevisesAtOnceWithEverything()
    {
        var t0 = WindowBuilder.Start;
        At(t0, Logins(t0, 1_000));
        Assert.Empty(At(t0 + Sampling, Logins(t0 + Sampling, 1_050)));

        var revision = Assert.Single(At(t0 + (2 * Sampling)));

        Assert.Equal(IncidentState.Recovering, revision.State);
        Assert.Equal(1_050, revision.AffectedUsersMax);
        Assert.Equal([1_000, 1_050, 0], revision.AffectedUsersSeries.Select(p => p.Count));
    }

    [Theory]
    [InlineData(1_000, 1_100)] // the maximum up by 10%
    [InlineData(29_500, 30_100)] // the regulator's 30,000 crossed, by less than 10%
    [InlineData(990_000, 1_000_000)] // and its 1,000,000
    public void Update_UserMaximumMovesByAMeaningfulStep_RevisesAtOnce(long before, long after)
    {
        var t0 = WindowBuilder.Start;
        At(t0, Logins(t0, before));

        var revision = Assert.Single(At(t0 + Sampling, Logins(t0 + Sampling, after)));

        Assert.Equal(after, revision.AffectedUsersMax);
    }
}
