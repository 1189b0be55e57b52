using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class DegradedModeOverloadTests
{
    private const double Iops120 = 48_000;   // 120% of 40,000
    private const double Iops60 = 24_000;    // 60%, as planned with both controllers up
    private const double Bytes45 = 360_000_000; // 45% of 800 MB/s

    private static readonly DegradedModeOverload Rule = new();

    private static WindowBuilder Window(double[] ctlAUp, double[] iops, double[] bytes) => new WindowBuilder()
        .Series(TestSite.CtlA, MetricCatalog.ControllerUp, ctlAUp)
        .Series(TestSite.CtlB, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, ctlAUp.Length))
        .Series(TestSite.CtlB, MetricCatalog.ControllerIops, iops)
        .Series(TestSite.CtlB, MetricCatalog.ControllerThroughput, bytes);

    [Fact]
    public void Evaluate_PartnerDownAndIopsAt120PercentForThreeSamples_FindsIopsOverloadOnly()
    {
        var window = Window([1, 0, 0, 0], [Iops60, Iops120, Iops120, Iops120], WindowBuilder.Repeat(Bytes45, 4));

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(TestSite.CtlB, finding.Entity);
        Assert.Equal(FindingKinds.DegradedOverloadIops, finding.Kind);
        Assert.Equal(WindowBuilder.At(1), finding.Since);
        Assert.Contains("40,000 IOPS", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("now 120%", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("throughput is only 45% of rated", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("many small I/Os", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(3, finding.Evidence.Count);
        Assert.All(finding.Evidence, s => Assert.Equal(MetricCatalog.ControllerIops, s.Metric));
    }

    [Fact]
    public void Evaluate_PartnerDownAndThroughputOverRated_FindsThroughputOverload()
    {
        var window = Window([1, 0, 0, 0], WindowBuilder.Repeat(Iops60, 4), [Bytes45, 880_000_000, 880_000_000, 880_000_000]);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(TestSite.CtlB, finding.Entity);
        Assert.Equal(FindingKinds.DegradedOverloadThroughput, finding.Kind);
        Assert.Equal(WindowBuilder.At(1), finding.Since);
        Assert.Contains("now 110%", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("IOPS at 60%", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PartnerDownAndBothOverRated_FindsBoth()
    {
        var window = Window([0, 0, 0], WindowBuilder.Repeat(Iops120, 3), WindowBuilder.Repeat(880_000_000, 3));

        var kinds = Rule.Evaluate(window.Context()).Select(f => f.Kind).Order(StringComparer.Ordinal);

        Assert.Equal([FindingKinds.DegradedOverloadIops, FindingKinds.DegradedOverloadThroughput], kinds);
    }

    [Fact]
    public void Evaluate_BusyButPartnerUp_FindsNothing()
    {
        var window = Window([1, 1, 1, 1], WindowBuilder.Repeat(Iops120, 4), WindowBuilder.Repeat(880_000_000, 4));

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_OnlyTwoOfThreeSamplesOver_FindsNothing()
    {
        var window = Window([1, 0, 0, 0], [Iops60, Iops60, Iops120, Iops120], WindowBuilder.Repeat(Bytes45, 4));

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_ExactlyAtRated_FindsNothing()
    {
        var window = Window([0, 0, 0], WindowBuilder.Repeat(TestSite.RatedIops, 3), WindowBuilder.Repeat(TestSite.RatedThroughput, 3));

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_PartnerStateStale_FindsNothing()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 10))
            .Series(TestSite.CtlB, MetricCatalog.ControllerIops, WindowBuilder.Repeat(Iops120, 10));

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    // B ran above rated while A was still up (silent, as it must be); A stopped at minute 3.
    // Degraded-mode overload cannot have begun before there was a degraded mode: the finding's
    // onset, and the "since" in its sentence, must not predate the partner's failure.
    [Fact]
    public void Evaluate_BusyBeforePartnerFailed_SinceIsNotBeforeThePartnerStopped()
    {
        var window = Window([1, 1, 1, 0, 0, 0], WindowBuilder.Repeat(42_000, 6), WindowBuilder.Repeat(Bytes45, 6));

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.True(finding.Since >= WindowBuilder.At(3), $"Since {finding.Since:HH:mm} is before the partner stopped at 08:43");
    }

    [Fact]
    public void Evaluate_LowerRatioOption_FiresEarlier()
    {
        var window = Window([0, 0, 0], WindowBuilder.Repeat(36_000, 3), WindowBuilder.Repeat(Bytes45, 3));

        var finding = Assert.Single(Rule.Evaluate(window.Context(options: new DetectionOptions { OverloadRatio = 0.8 })));

        Assert.Equal(FindingKinds.DegradedOverloadIops, finding.Kind);
    }
    [Fact]
    public void Evaluate_RaisedAndPartnerBack_ClearsAtOnce()
    {
        // Hysteresis is for jitter on a plateau: the partner returning ends degraded mode whatever the load.
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0, 0, 0, 0, 1)
            .Series(TestSite.CtlB, MetricCatalog.ControllerUp, 1, 1, 1, 1, 1)
            .Series(TestSite.CtlB, MetricCatalog.ControllerIops, 48_000, 48_000, 48_000, 48_000, 48_000)
            .Series(TestSite.CtlB, MetricCatalog.ControllerThroughput, 1e8, 1e8, 1e8, 1e8, 1e8);
        var onsets = new Dictionary<FindingKey, DateTimeOffset> { [new FindingKey(TestSite.CtlB, FindingKinds.DegradedOverloadIops)] = WindowBuilder.At(0) };

        Assert.Empty(new DegradedModeOverload().Evaluate(window.Context(onsets: onsets)));
    }
}
