using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class GrayPathTests
{
    private static readonly GrayPath Rule = new();

    private static WindowBuilder Paths(double[] timeoutsA, double awaitA = 0.004, double awaitB = 0.004, double iopsA = 500, double upA = 1) => new WindowBuilder()
        .Series(TestSite.PathA, MetricCatalog.PathUp, WindowBuilder.Repeat(upA, 5))
        .Series(TestSite.PathB, MetricCatalog.PathUp, WindowBuilder.Repeat(1, 5))
        .Series(TestSite.PathA, MetricCatalog.PathIoTimeouts, timeoutsA)
        .Series(TestSite.PathA, MetricCatalog.BlockReadIops, WindowBuilder.Repeat(iopsA, 5))
        .Series(TestSite.PathB, MetricCatalog.BlockReadIops, WindowBuilder.Repeat(500, 5))
        .Series(TestSite.PathA, MetricCatalog.BlockAwait, WindowBuilder.Repeat(awaitA, 5))
        .Series(TestSite.PathB, MetricCatalog.BlockAwait, WindowBuilder.Repeat(awaitB, 5));

    [Fact]
    public void Evaluate_UpAndUsedButTimingOut_IsGraySinceTheFirstTimeout()
    {
        var finding = Assert.Single(Rule.Evaluate(Paths([0, 0.2, 0, 0.5, 0.8]).Context()));

        Assert.Equal((TestSite.PathA, FindingKinds.GrayPath, Severity.Critical), (finding.Entity, finding.Kind, finding.Severity));
        Assert.Equal(WindowBuilder.At(1), finding.Since);
        Assert.Contains("no failover was taken", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MuchSlowerThanItsSibling_IsGray()
    {
        var finding = Assert.Single(Rule.Evaluate(Paths([0, 0, 0, 0, 0], awaitA: 0.9, awaitB: 0.005).Context()));

        Assert.Contains("latency 900 ms against 5 ms", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BothPathsSlowAlike_IsTheStorageNotThePath()
    {
        Assert.Empty(Rule.Evaluate(Paths([0, 0, 0, 0, 0], awaitA: 0.9, awaitB: 0.8).Context()));
    }

    [Fact]
    public void Evaluate_SiblingIsAnIdleStandbyPath_IsNotComparedWithIt()
    {
        var window = Paths([0, 0, 0, 0, 0], awaitA: 0.15, awaitB: 0)
            .SeriesFrom(5, TestSite.PathB, MetricCatalog.BlockReadIops, 0);

        Assert.Empty(Rule.Evaluate(window.Context(now: WindowBuilder.At(5))));
    }

    [Fact]
    public void Evaluate_OneTimeoutOnly_StaysSilent()
    {
        Assert.Empty(Rule.Evaluate(Paths([0, 0, 0, 0.1, 0]).Context()));
    }

    [Fact]
    public void Evaluate_PathFailedOver_IsNotGray()
    {
        Assert.Empty(Rule.Evaluate(Paths([1, 1, 1, 1, 1], upA: 0).Context()));
    }

    [Fact]
    public void Evaluate_PathCarriesNoIo_IsNotGray()
    {
        Assert.Empty(Rule.Evaluate(Paths([1, 1, 1, 1, 1], iopsA: 0).Context()));
    }
}
