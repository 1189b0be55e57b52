using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class ControllerFailedTests
{
    private static readonly ControllerFailed Rule = new();

    [Fact]
    public void Evaluate_ControllerDown_FindsItSinceTheFirstZeroNamingThePartnerTakingOver()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 1, 1, 0, 0, 0)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 1, 1, 1, 1);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(TestSite.CtlA, finding.Entity);
        Assert.Equal(FindingKinds.ControllerFailed, finding.Kind);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(WindowBuilder.At(3), finding.Since);
        Assert.Contains("stopped at 08:43", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("partner ctl-b now serves its volumes alone", finding.Explanation, StringComparison.Ordinal);
        Assert.NotEmpty(finding.Evidence);
        Assert.All(finding.Evidence, s => Assert.Equal(MetricCatalog.ControllerUp, s.Metric));
    }

    [Fact]
    public void Evaluate_DownAgainAfterComingBack_SinceIsTheStartOfTheTrailingRun()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0, 0, 1, 1, 0, 0)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 6));

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(WindowBuilder.At(4), finding.Since);
    }

    [Fact]
    public void Evaluate_BothUp_FindsNothing()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 6))
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 6));

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_BackUp_FindsNothing()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 0, 0, 0, 1)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 5));

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_NewestSampleStale_FindsNothingBecauseUnknownIsNotDown()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 0, 0)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 1);
        var options = new DetectionOptions();

        var findings = Rule.Evaluate(window.Context(window.Newest + options.StaleAfter + TimeSpan.FromMinutes(1), options));

        Assert.Empty(findings);
    }

    [Fact]
    public void Evaluate_NewestSampleExactlyStaleAfterOld_IsStillFresh()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 0, 0)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 1);
        var options = new DetectionOptions();

        var findings = Rule.Evaluate(window.Context(window.Newest + options.StaleAfter, options));

        Assert.Single(findings);
    }

    [Fact]
    public void Evaluate_NoSamples_FindsNothing()
    {
        Assert.Empty(Rule.Evaluate(new WindowBuilder().Context()));
    }

    [Fact]
    public void Evaluate_PartnerDownToo_SaysNoControllerServesTheVolumes()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 0, 0)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 0);

        var findings = Rule.Evaluate(window.Context()).ToList();

        Assert.Equal(2, findings.Count);
        var a = Assert.Single(findings, f => f.Entity == TestSite.CtlA);
        Assert.Contains("partner ctl-b is down too", a.Explanation, StringComparison.Ordinal);
        Assert.Equal(WindowBuilder.At(2), Assert.Single(findings, f => f.Entity == TestSite.CtlB).Since);
    }

    [Fact]
    public void Evaluate_PartnerStateUnknown_SaysSo()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 0, 0);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Contains("state of its partner ctl-b is unknown", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(StorageMessages.ControllerFailedPartnerUnknown, finding.Message?.Id);
    }

    [Fact]
    public void Evaluate_FailedLongerThanTheWindowRemembers_KeepsTheRememberedOnset()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0, 0, 0)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 1);
        var onsets = new Dictionary<FindingKey, DateTimeOffset>
        {
            [new FindingKey(TestSite.CtlA, FindingKinds.ControllerFailed)] = WindowBuilder.At(-130),
        };

        var finding = Assert.Single(Rule.Evaluate(window.Context(onsets: onsets)));

        Assert.Equal(WindowBuilder.At(-130), finding.Since);
        Assert.Contains("stopped at 06:30", finding.Explanation, StringComparison.Ordinal);
    }
}
