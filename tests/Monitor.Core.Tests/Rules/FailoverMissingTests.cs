using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class FailoverMissingTests
{
    private static readonly FailoverMissing Rule = new();

    private static WindowBuilder Site(double health, double takeover, double iopsA = 20_000, double timeouts = 0.5) => new WindowBuilder()
        .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 1, 1, 1)
        .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 1, 1)
        .Series(TestSite.CtlA, MetricCatalog.ControllerHealth, 0, health, health, health)
        .Series(TestSite.CtlB, MetricCatalog.ControllerTakeover, 0, takeover, takeover, takeover)
        .Series(TestSite.CtlA, MetricCatalog.ControllerIops, WindowBuilder.Repeat(iopsA, 4))
        .Series(TestSite.PathA, MetricCatalog.PathUp, 1, 1, 1, 1)
        .Series(TestSite.PathA, MetricCatalog.PathIoTimeouts, 0, timeouts, timeouts, timeouts);

    [Fact]
    public void Evaluate_CriticalControllerStillUsedAndNoTakeover_FindsTheMissingFailover()
    {
        var finding = Assert.Single(Rule.Evaluate(Site(health: 2, takeover: 0).Context()));

        Assert.Equal((TestSite.CtlA, FindingKinds.FailoverMissing, Severity.Critical), (finding.Entity, finding.Kind, finding.Severity));
        Assert.Equal(WindowBuilder.At(1), finding.Since);
        Assert.Contains($"{TestSite.CtlB} has not taken over; I/O times out on {TestSite.PathA}", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PartnerTookOver_IsAFailoverThatHappened()
    {
        Assert.Empty(Rule.Evaluate(Site(health: 2, takeover: 1).Context()));
    }

    [Fact]
    public void Evaluate_HostsMovedAwayPathsStillUp_NoLongerInUse()
    {
        Assert.Empty(Rule.Evaluate(Site(health: 2, takeover: 0, iopsA: 0, timeouts: 0).Context()));
    }

    [Fact]
    public void Evaluate_HealthWarningOnly_StaysSilent()
    {
        Assert.Empty(Rule.Evaluate(Site(health: 1, takeover: 0).Context()));
    }
}
