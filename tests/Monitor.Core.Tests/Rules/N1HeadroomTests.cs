using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class N1HeadroomTests
{
    private static readonly N1Headroom Rule = new();

    private static WindowBuilder Load(double iopsA, double iopsB, double bytesA = 1e8, double bytesB = 1e8, int minutes = 5) => new WindowBuilder()
        .Series(TestSite.CtlA, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, minutes))
        .Series(TestSite.CtlB, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, minutes))
        .Series(TestSite.CtlA, MetricCatalog.ControllerIops, WindowBuilder.Repeat(iopsA, minutes))
        .Series(TestSite.CtlB, MetricCatalog.ControllerIops, WindowBuilder.Repeat(iopsB, minutes))
        .Series(TestSite.CtlA, MetricCatalog.ControllerThroughput, WindowBuilder.Repeat(bytesA, minutes))
        .Series(TestSite.CtlB, MetricCatalog.ControllerThroughput, WindowBuilder.Repeat(bytesB, minutes));

    [Fact]
    public void Evaluate_SixtyPercentEach_WarnsOnBothThatTheSurvivorWouldRunAt120Percent()
    {
        var findings = Rule.Evaluate(Load(24_000, 24_000).Context()).ToList();

        Assert.Equal([TestSite.CtlA, TestSite.CtlB], findings.Select(f => f.Entity).Order());
        Assert.All(findings, f =>
        {
            Assert.Equal(FindingKinds.N1HeadroomIops, f.Kind);
            Assert.Equal(Severity.Warning, f.Severity);
            Assert.Contains("120% of its rated IOPS", f.Explanation, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Evaluate_IopsFineThroughputOver_WarnsInThroughputOnly()
    {
        var finding = Assert.Single(Rule.Evaluate(Load(10_000, 10_000, 5e8, 4e8).Context()), f => f.Entity == TestSite.CtlA);

        Assert.Equal(FindingKinds.N1HeadroomThroughput, finding.Kind);
    }

    [Fact]
    public void Evaluate_FortyPercentEach_StaysSilent()
    {
        Assert.Empty(Rule.Evaluate(Load(16_000, 16_000).Context()));
    }

    [Fact]
    public void Evaluate_OverOnlyForFourSamples_StaysSilent()
    {
        Assert.Empty(Rule.Evaluate(Load(24_000, 24_000, minutes: 4).Context()));
    }

    [Fact]
    public void Evaluate_PartnerAlreadyDown_IsNotAHeadroomQuestion()
    {
        var window = Load(24_000, 24_000).SeriesFrom(5, TestSite.CtlA, MetricCatalog.ControllerUp, 0);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }
    [Fact]
    public void Evaluate_PartnerBackAfterTwoHoursWithoutSamples_PairsByTimeAndWaitsForFiveJointSamples()
    {
        // ctl-b reported until minute 9, then nothing until it came back at minute 100: its last
        // five samples are minutes 7-9 and 100-101, which must not be added to ctl-a's 97-101.
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 102))
            .Series(TestSite.CtlA, MetricCatalog.ControllerIops, WindowBuilder.Repeat(24_000, 102))
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 10))
            .Series(TestSite.CtlB, MetricCatalog.ControllerIops, WindowBuilder.Repeat(24_000, 10))
            .SeriesFrom(100, TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1)
            .SeriesFrom(100, TestSite.CtlB, MetricCatalog.ControllerIops, 24_000, 24_000);

        Assert.Empty(Rule.Evaluate(window.Context()));

        window.SeriesFrom(102, TestSite.CtlA, MetricCatalog.ControllerUp, 1, 1, 1)
            .SeriesFrom(102, TestSite.CtlA, MetricCatalog.ControllerIops, 24_000, 24_000, 24_000)
            .SeriesFrom(102, TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 1)
            .SeriesFrom(102, TestSite.CtlB, MetricCatalog.ControllerIops, 24_000, 24_000, 24_000);
        var finding = Assert.Single(Rule.Evaluate(window.Context()), f => f.Entity == TestSite.CtlA);

        Assert.Equal(WindowBuilder.At(100), finding.Since);
        Assert.All(finding.Evidence, e => Assert.True(e.Time >= WindowBuilder.At(100), $"evidence from {e.Time} before the partner came back"));
    }

    [Fact]
    public void Evaluate_PartnerSampledTwentySecondsLater_PairsTheNearestSamples()
    {
        var window = Load(24_000, 24_000);
        var shifted = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 5))
            .Series(TestSite.CtlA, MetricCatalog.ControllerIops, WindowBuilder.Repeat(24_000, 5));
        for (var i = 0; i < 5; i++)
        {
            shifted.Window.Add(new Sample(WindowBuilder.At(i).AddSeconds(20), TestSite.CtlB, MetricCatalog.ControllerUp, 1));
            shifted.Window.Add(new Sample(WindowBuilder.At(i).AddSeconds(20), TestSite.CtlB, MetricCatalog.ControllerIops, 24_000));
        }

        Assert.Equal(2, Rule.Evaluate(window.Context()).Count());
        Assert.Equal(2, Rule.Evaluate(shifted.Context(WindowBuilder.At(4).AddSeconds(20))).Count());
    }
}
