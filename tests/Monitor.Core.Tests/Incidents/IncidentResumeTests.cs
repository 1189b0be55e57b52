using Monitor.Core.Correlation;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Rules;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Incidents;

/// <summary>
/// A restart of the agent in the middle of an incident (a deploy, a crash): the tracker of the new
/// run takes up what the old one saved, and the same incident continues.
/// </summary>
public sealed class IncidentResumeTests
{
    private static readonly Finding Failed = TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 13);
    private static readonly Finding Paths = TestFindings.Make(TestSite.Volume, FindingKinds.PathsDegraded, 13);
    private static readonly Finding Pop3Down = TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 20);

    private static readonly IncidentLifecycleOptions Lifecycle = new();

    private static IncidentTracker NewTracker() => new(TestSite.Cty, Lifecycle, new DetectionOptions().WindowLength, "agent-1");

    private static IReadOnlyList<IncidentRevision> At(IncidentTracker tracker, int minute, params Finding[] findings) =>
        tracker.Update(WindowBuilder.At(minute), new Correlator(TestSite.Cty).Correlate(findings), []);

    // The first run: the controller fails at 13, POP3 stops at 20; the agent is gone after 25.
    private static (IncidentRevision Last, SavedTracker Saved) FirstRun()
    {
        var first = NewTracker();
        var revisions = new List<IncidentRevision>();
        revisions.AddRange(At(first, 14, Failed, Paths));
        revisions.AddRange(At(first, 20, Failed, Paths, Pop3Down));
        revisions.AddRange(At(first, 25, Failed, Paths, Pop3Down));
        return (revisions[^1], first.Save(WindowBuilder.At(25)));
    }

    [Fact]
    public void Resume_FaultStillThere_ContinuesTheSameIncidentWithTheNextRevisionNumber()
    {
        var (last, saved) = FirstRun();
        var second = NewTracker();
        second.Resume(saved, WindowBuilder.At(32));

        // The first evaluation says the incident continues, before the sources see the fault again.
        var revision = Assert.Single(At(second, 33));

        Assert.Equal(last.IncidentId, revision.IncidentId);
        Assert.Equal(last.Revision + 1, revision.Revision);
        Assert.Equal(IncidentState.Open, revision.State);
        Assert.Equal(last.OpenedAt, revision.OpenedAt);
        Assert.Equal(last.AffectedUsersMax, revision.AffectedUsersMax);
        Assert.Equal(last.RootCause.Key, revision.RootCause.Key);
        Assert.Contains(revision.Timeline, t => t.Kind == TimelineKind.Note
            && t.Text == "The agent was not running from 2017-01-13 09:05:00 +09:00 to 2017-01-13 09:12:00 +09:00; the incident continues.");
        Assert.All(last.Timeline, entry => Assert.Contains(entry, revision.Timeline));

        // Seen again: the same incident (no second one opens), and it ends the usual way.
        Assert.Empty(At(second, 36, Failed, Paths, Pop3Down));
        Assert.Equal(1, second.OpenCount);
        var recovering = Assert.Single(At(second, 37));
        Assert.Equal((last.IncidentId, last.Revision + 2, IncidentState.Recovering, WindowBuilder.At(37)),
            (recovering.IncidentId, recovering.Revision, recovering.State, recovering.RecoveredAt!.Value));
    }

    [Fact]
    public void Resume_FaultClearedWhileDown_RecoversAtAnUnknownTimeInTheGapAndResolvesAfterTheQuietPeriod()
    {
        var (last, saved) = FirstRun();
        var second = NewTracker();
        second.Resume(saved, WindowBuilder.At(40));

        // Within the grace the incident waits (its first revision says it continues); past it,
        // nothing came back.
        Assert.Equal(IncidentState.Open, Assert.Single(At(second, 41)).State);
        Assert.Empty(At(second, 44));
        var recovered = Assert.Single(At(second, 46));
        Assert.Equal(last.IncidentId, recovered.IncidentId);
        Assert.Equal(last.Revision + 2, recovered.Revision);
        Assert.Equal(IncidentState.Recovering, recovered.State);
        Assert.Equal(WindowBuilder.At(40), recovered.RecoveredAt);
        Assert.Contains(recovered.Timeline, t => t.Kind == TimelineKind.Recovered
            && t.Text.StartsWith("Recovered at an unknown time between 2017-01-13 09:05:00 +09:00 and 2017-01-13 09:20:00 +09:00, while the agent was not running", StringComparison.Ordinal));

        var resolved = Assert.Single(At(second, 40 + (int)Lifecycle.QuietPeriod.TotalMinutes));
        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Equal(last.Revision + 3, resolved.Revision);
        Assert.Equal(0, second.OpenCount);
    }

    [Fact]
    public void Resume_SameIncidentAlreadyHeld_IsNotDuplicated()
    {
        var (_, saved) = FirstRun();
        var second = NewTracker();
        second.Resume(saved, WindowBuilder.At(30));
        second.Resume(saved, WindowBuilder.At(30));

        Assert.Equal(1, second.OpenCount);
        Assert.Equal(saved.Incidents.Count, second.Save(WindowBuilder.At(31)).Incidents.Count);
    }

    [Fact]
    public void Save_ThenResume_KeepsEveryFindingWithItsOnsetEvidenceAndThePopulationPeaks()
    {
        var (last, saved) = FirstRun();
        var second = NewTracker();
        second.Resume(saved, WindowBuilder.At(26));

        var again = second.Save(WindowBuilder.At(26));
        var before = Assert.Single(saved.Incidents);
        var after = Assert.Single(again.Incidents);
        Assert.Equal(before.Findings, after.Findings);
        Assert.Equal(before.PopulationPeaks, after.PopulationPeaks);
        Assert.Equal(before.AffectedSeries, after.AffectedSeries);
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(last.Symptoms.Count + 1, after.Findings.Count);
    }
}
