using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class VolumeRebuildingTests
{
    private static readonly VolumeRebuilding Rule = new();

    [Fact]
    public void Evaluate_VolumeRebuilding_WarnsSinceTheRebuildStartedWithItsProgress()
    {
        var window = new WindowBuilder()
            .Series(TestSite.Volume, MetricCatalog.VolumeRebuilding, 0, 0, 1, 1, 1)
            .SeriesFrom(2, TestSite.Volume, MetricCatalog.VolumeRebuildProgress, 0.1, 0.2, 0.4)
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 1, 1, 1, 1)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 1, 1, 1);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal((TestSite.Volume, FindingKinds.VolumeRebuilding, Severity.Warning), (finding.Entity, finding.Kind, finding.Severity));
        Assert.Equal(WindowBuilder.At(2), finding.Since);
        Assert.Contains("40% done", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("while", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RebuildWhileAControllerIsDown_SaysTheSurvivorCarriesItAlone()
    {
        var window = new WindowBuilder()
            .Series(TestSite.Volume, MetricCatalog.VolumeRebuilding, 1, 1)
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0, 0)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Contains("while ctl-a is down: ctl-b carries the volume's I/O and the rebuild alone", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RebuildFinished_StaysSilent()
    {
        var window = new WindowBuilder().Series(TestSite.Volume, MetricCatalog.VolumeRebuilding, 1, 1, 0);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }
}
