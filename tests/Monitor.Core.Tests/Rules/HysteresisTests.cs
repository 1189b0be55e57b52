using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

/// <summary>
/// Ordinary jitter on a plateau must not clear a finding and raise it again: once raised, a
/// finding clears only when its signal has stayed below the clear level for several samples.
/// Each case: a quiet start, an hour on a plateau with seeded ±10% noise, then a real drop.
/// </summary>
public sealed class HysteresisTests
{
    // DetectionOptions.ClearSamples' default: a real drop clears within this many samples.
    private const int ClearWithin = 3;
    private const int PlateauStart = 10;
    private const int PlateauEnd = 70;
    private const int End = 80;

    [Fact]
    public void LatencyAccumulation_JitterAt2Point3TimesTheThreshold_StaysRaisedThenClearsOnARealDrop()
    {
        var random = new Random(9001);
        var timeline = new RuleTimeline(new LatencyAccumulation());
        Run(minute => [(TestSite.CtlB, MetricCatalog.ControllerLatency, Plateau(minute, 0.003, RuleTimeline.Jitter(random, 0.046, 0.10), 0.005))], timeline);

        AssertOneRaiseThenClear(timeline, TestSite.CtlB, FindingKinds.LatencyAccumulation);
    }

    [Fact]
    public void DegradedModeOverload_JitterJustAboveRated_StaysRaisedThenClearsOnARealDrop()
    {
        var random = new Random(9002);
        var timeline = new RuleTimeline(new DegradedModeOverload());
        Run(minute =>
        [
            (TestSite.CtlA, MetricCatalog.ControllerUp, 0),
            (TestSite.CtlB, MetricCatalog.ControllerUp, 1),
            (TestSite.CtlB, MetricCatalog.ControllerIops, Plateau(minute, 20_000, RuleTimeline.Jitter(random, 1.1 * TestSite.RatedIops, 0.10), 20_000)),
            (TestSite.CtlB, MetricCatalog.ControllerThroughput, 1e8),
        ], timeline);

        AssertOneRaiseThenClear(timeline, TestSite.CtlB, FindingKinds.DegradedOverloadIops);
    }

    [Fact]
    public void N1Headroom_JitterJustAboveRated_StaysRaisedThenClearsOnARealDrop()
    {
        var random = new Random(9003);
        var timeline = new RuleTimeline(new N1Headroom());
        Run(minute =>
        [
            (TestSite.CtlA, MetricCatalog.ControllerUp, 1),
            (TestSite.CtlB, MetricCatalog.ControllerUp, 1),
            (TestSite.CtlA, MetricCatalog.ControllerIops, Plateau(minute, 10_000, RuleTimeline.Jitter(random, 21_000, 0.10), 10_000)),
            (TestSite.CtlB, MetricCatalog.ControllerIops, Plateau(minute, 10_000, RuleTimeline.Jitter(random, 21_000, 0.10), 10_000)),
            (TestSite.CtlA, MetricCatalog.ControllerThroughput, 1e8),
            (TestSite.CtlB, MetricCatalog.ControllerThroughput, 1e8),
        ], timeline);

        AssertOneRaiseThenClear(timeline, TestSite.CtlA, FindingKinds.N1HeadroomIops);
    }

    [Fact]
    public void GrayPath_LatencyJitterJustAboveTheFloor_StaysRaisedThenClearsOnARealDrop()
    {
        var random = new Random(9004);
        var timeline = new RuleTimeline(new GrayPath());
        Run(minute =>
        [
            (TestSite.PathA, MetricCatalog.PathUp, 1),
            (TestSite.PathB, MetricCatalog.PathUp, 1),
            (TestSite.PathA, MetricCatalog.BlockReadIops, 500),
            (TestSite.PathB, MetricCatalog.BlockReadIops, 500),
            (TestSite.PathB, MetricCatalog.BlockAwait, 0.005),
            (TestSite.PathA, MetricCatalog.BlockAwait, Plateau(minute, 0.005, RuleTimeline.Jitter(random, 0.110, 0.10), 0.005)),
        ], timeline);

        AssertOneRaiseThenClear(timeline, TestSite.PathA, FindingKinds.GrayPath);
    }

    [Fact]
    public void FcPortErrors_RateJitteringAroundTheThreshold_StaysRaisedThenClearsOnARealDrop()
    {
        var random = new Random(9005);
        var timeline = new RuleTimeline(new FcPortPrecursors());
        Run(minute => [("mail01:host1", MetricCatalog.FcInvalidCrc, Plateau(minute, 0, RuleTimeline.Jitter(random, 0.05, 0.10), 0))], timeline);

        AssertOneRaiseThenClear(timeline, "mail01:host1", FindingKinds.FcPortErrors);
    }

    [Fact]
    public void ServiceSlow_JitterJustAboveTheLimit_StaysRaisedThenClearsOnARealDrop()
    {
        var random = new Random(9006);
        var timeline = new RuleTimeline(new ServiceSlow());
        Run(minute =>
        [
            (TestSite.Pop3, MetricCatalog.ProbeSuccess, 1),
            (TestSite.Pop3, MetricCatalog.ProbeDuration, Plateau(minute, RuleTimeline.Jitter(random, 0.18, 0.10), RuleTimeline.Jitter(random, 1.1, 0.10), 0.18)),
        ], timeline);

        AssertOneRaiseThenClear(timeline, TestSite.Pop3, FindingKinds.ServiceSlow);
    }

    [Fact]
    public void LoginFailures_AStormOfFailingLogins_IsDatedFromItsFirstFailingSampleAndClearsWithinClearSamplesOfItsEnd()
    {
        // kita-imap-storm: 85% of logins failing for an hour. Judged on a five-sample sum, the
        // finding was dated four samples before the storm and outlived it by four (a busy host
        // always has a dozen people mistyping their password, so the user count alone clears nothing).
        var random = new Random(9006);
        var timeline = new RuleTimeline(new LoginFailures());
        Run(minute =>
        [
            ($"{TestSite.Host}/pop3", MetricCatalog.MailLoginFailures, Plateau(minute, 0.2, RuleTimeline.Jitter(random, 85, 0.10), 0.2)),
            ($"{TestSite.Host}/pop3", MetricCatalog.MailLoginSuccesses, Plateau(minute, 20, RuleTimeline.Jitter(random, 15, 0.10), 20)),
            ($"{TestSite.Host}/pop3", MetricCatalog.MailLoginFailedUsers, Plateau(minute, 12, RuleTimeline.Jitter(random, 3_000, 0.10), 12)),
        ], timeline);

        AssertOneRaiseThenClear(timeline, TestSite.Pop3, FindingKinds.LoginFailures);
        var finding = timeline.Steps.SelectMany(s => s.Findings).First(f => f.Entity == TestSite.Pop3);
        Assert.Equal(WindowBuilder.At(PlateauStart), finding.Since);
    }

    private static double Plateau(int minute, double before, double plateau, double after) =>
        minute < PlateauStart ? before : minute < PlateauEnd ? plateau : after;

    private static void Run(Func<int, (string, string, double)[]> samples, RuleTimeline timeline)
    {
        for (var minute = 0; minute < End; minute++)
        {
            timeline.Step(minute, samples(minute));
        }
    }

    private static void AssertOneRaiseThenClear(RuleTimeline timeline, string entity, string kind)
    {
        var present = timeline.Present(entity, kind);
        var raised = timeline.FirstRaised(entity, kind);
        Assert.NotNull(raised);
        Assert.InRange(raised.Value, PlateauStart, PlateauStart + 30);
        Assert.Equal(1, timeline.Raises(entity, kind));
        for (var minute = raised.Value; minute < PlateauEnd; minute++)
        {
            Assert.True(present[minute], $"{kind} cleared at minute {minute} on the plateau");
        }

        for (var minute = PlateauEnd + ClearWithin; minute < End; minute++)
        {
            Assert.False(present[minute], $"{kind} still raised at minute {minute}, after the drop at {PlateauEnd}");
        }
    }
}
