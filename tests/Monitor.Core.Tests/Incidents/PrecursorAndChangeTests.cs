using Monitor.Core.Correlation;
using Monitor.Core.Events;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Rules;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Incidents;

/// <summary>Warnings as precursors, and the change named as suspected cause.</summary>
public sealed class PrecursorAndChangeTests
{
    private static readonly Finding Headroom = TestFindings.Make(TestSite.CtlB, FindingKinds.N1HeadroomIops, 2) with { Severity = Severity.Warning };
    private static readonly Finding Failed = TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 13);

    private static IncidentTracker Tracker() => new(TestSite.Cty, new IncidentLifecycleOptions(), new DetectionOptions().WindowLength, "agent-1");

    private static IReadOnlyList<IncidentRevision> At(IncidentTracker tracker, int minute, IReadOnlyList<SiteEvent> events, params Finding[] findings) =>
        tracker.Update(WindowBuilder.At(minute), new Correlator(TestSite.Cty).Correlate(findings), events);

    [Fact]
    public void Update_WarningsOnly_OpenNoIncident()
    {
        var tracker = Tracker();

        var revisions = At(tracker, 5, [], Headroom);

        Assert.Empty(revisions);
        Assert.Equal(0, tracker.OpenCount);
    }

    [Fact]
    public void Update_FailureAfterAWarning_TheWarningJoinsTheIncidentAsAPrecursorAndTheOnsetIsTheFailure()
    {
        var tracker = Tracker();
        At(tracker, 5, [], Headroom);

        var revision = Assert.Single(At(tracker, 13, [], Failed));

        Assert.Equal(WindowBuilder.At(13), revision.OpenedAt);
        Assert.Equal(Failed.Key, revision.RootCause.Key);
        Assert.Contains(revision.Symptoms, s => s.Key == Headroom.Key);
        Assert.Contains(revision.Timeline, t => t.Time == WindowBuilder.At(2) && t.Text.StartsWith("Warning before the incident:", StringComparison.Ordinal));
    }

    [Fact]
    public void Update_OnlyWarningsLeftAfterTheFailureClears_TheIncidentRecovers()
    {
        var tracker = Tracker();
        At(tracker, 13, [], Failed, Headroom);

        var revision = Assert.Single(At(tracker, 40, [], Headroom));

        Assert.Equal(IncidentState.Recovering, revision.State);
    }

    [Fact]
    public void Update_ChangeOnTheRootShortlyBefore_IsNamedAsSuspectedCause()
    {
        var tracker = Tracker();
        var firmware = new SiteEvent(WindowBuilder.At(-60), SiteEventKind.Change, TestSite.CtlA, "storage", "firmware of ctl-a updated to 7.2");
        At(tracker, 0, [firmware]);

        var revision = Assert.Single(At(tracker, 13, [], Failed));

        Assert.Equal("firmware of ctl-a updated to 7.2", revision.SuspectedChange?.Text);
        Assert.Contains("after change: firmware of ctl-a updated to 7.2", revision.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_ChangeOnAnUnrelatedEntityOrTooLongAgo_IsNotNamed()
    {
        var tracker = Tracker();
        var old = new SiteEvent(WindowBuilder.At(-60 * 24 * 8), SiteEventKind.Change, TestSite.CtlA, "storage", "firmware 7.1 eight days ago");
        var logLine = new SiteEvent(WindowBuilder.At(-5), SiteEventKind.Log, TestSite.CtlA, "storage", "a log line is not a change");
        At(tracker, -60 * 24 * 8, [old]);
        At(tracker, 0, [logLine]);

        var revision = Assert.Single(At(tracker, 13, [], Failed));

        Assert.Null(revision.SuspectedChange);
    }

    [Fact]
    public void Update_FindingChangesKindAtTheSameEntity_StaysTheSameIncident()
    {
        // Asahi Net 2017: after a flush, deferrals by DNS show as a plain backlog on the same service.
        var tracker = Tracker();
        var dns = TestFindings.Make(TestSite.Service, FindingKinds.MailDeferredDns, 5);
        var first = Assert.Single(At(tracker, 5, [], dns));

        var revisions = At(tracker, 30, [], TestFindings.Make(TestSite.Service, FindingKinds.MailQueueBacklog, 30));

        Assert.Equal(first.IncidentId, Assert.Single(revisions).IncidentId);
        Assert.Equal(1, tracker.OpenCount);
    }
}
