using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class DriveFailurePredictedTests
{
    private static readonly DriveFailurePredicted Rule = new();

    [Fact]
    public void Evaluate_ADriveOfTheVolumePredictsItsFailure_WarnsOnTheVolumeSinceThen()
    {
        var window = new WindowBuilder().Series(TestSite.Volume, MetricCatalog.VolumeDrivesFailurePredicted, 0, 0, 1, 1);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal((TestSite.Volume, FindingKinds.DriveFailurePredicted, Severity.Warning), (finding.Entity, finding.Kind, finding.Severity));
        Assert.Equal(WindowBuilder.At(2), finding.Since);
        Assert.Contains("1 drive of volume vol-mail predicts its failure", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoDrivePredictingFailure_StaysSilent()
    {
        var window = new WindowBuilder().Series(TestSite.Volume, MetricCatalog.VolumeDrivesFailurePredicted, 1, 0, 0);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }
}
