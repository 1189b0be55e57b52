using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class PathsDegradedTests
{
    private static readonly PathsDegraded Rule = new();

    [Fact]
    public void Evaluate_OneOfTwoPathsDown_FindsDegradedOperationNamingTheDownPath()
    {
        var window = new WindowBuilder()
            .Series(TestSite.PathA, MetricCatalog.PathUp, 1, 1, 0, 0)
            .Series(TestSite.PathB, MetricCatalog.PathUp, 1, 1, 1, 1);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(TestSite.Volume, finding.Entity);
        Assert.Equal(FindingKinds.PathsDegraded, finding.Kind);
        Assert.Equal(WindowBuilder.At(2), finding.Since);
        Assert.Contains("mail01 over 1 of 2 paths (mail01:ctl-a down)", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSite.PathB, finding.Explanation, StringComparison.Ordinal);
        Assert.All(finding.Evidence, s => Assert.Equal(TestSite.PathA, s.Entity));
    }

    [Fact]
    public void Evaluate_BothPathsDown_FindsPathsLost()
    {
        var window = new WindowBuilder()
            .Series(TestSite.PathA, MetricCatalog.PathUp, 1, 0, 0, 0)
            .Series(TestSite.PathB, MetricCatalog.PathUp, 1, 1, 0, 0);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(FindingKinds.PathsLost, finding.Kind);
        Assert.Equal(TestSite.Volume, finding.Entity);
        Assert.Equal(WindowBuilder.At(1), finding.Since);
        Assert.Contains("no path is left", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BothPathsUp_FindsNothing()
    {
        var window = new WindowBuilder()
            .Series(TestSite.PathA, MetricCatalog.PathUp, 1, 1, 1)
            .Series(TestSite.PathB, MetricCatalog.PathUp, 1, 1, 1);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_PathWithoutSamples_IsUnknownNotDown()
    {
        var window = new WindowBuilder()
            .Series(TestSite.PathB, MetricCatalog.PathUp, 1, 1, 1);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_PathWithStaleDownSample_IsUnknownNotDown()
    {
        var window = new WindowBuilder()
            .Series(TestSite.PathA, MetricCatalog.PathUp, 0)
            .Series(TestSite.PathB, MetricCatalog.PathUp, WindowBuilder.Repeat(1, 10));

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    // One path is known down, the other is unknown (no samples): that is not "no path is left".
    // Unknown is not down, so the finding must not claim that I/O to the volume fails.
    [Fact]
    public void Evaluate_OneDownOtherUnknown_DoesNotClaimEveryPathLost()
    {
        var window = new WindowBuilder()
            .Series(TestSite.PathA, MetricCatalog.PathUp, 1, 0, 0);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(FindingKinds.PathsDegraded, finding.Kind);
        Assert.DoesNotContain("no path is left", finding.Explanation, StringComparison.Ordinal);
    }
}
