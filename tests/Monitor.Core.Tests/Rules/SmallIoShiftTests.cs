using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class SmallIoShiftTests
{
    private static readonly SmallIoShift Rule = new();

    /// <summary>Two hours of load: the first hour at one mix, the second at another.</summary>
    private static WindowBuilder TwoHours(double opsBefore, double opsAfter, double bytesBefore, double bytesAfter)
    {
        var window = new WindowBuilder();
        foreach (var controller in new[] { TestSite.CtlA })
        {
            window.Series(controller, MetricCatalog.ControllerUp, WindowBuilder.Repeat(1, 121))
                .Series(controller, MetricCatalog.ControllerIops, [.. WindowBuilder.Repeat(opsBefore, 60), .. WindowBuilder.Repeat(opsAfter, 61)])
                .Series(controller, MetricCatalog.ControllerThroughput, [.. WindowBuilder.Repeat(bytesBefore, 60), .. WindowBuilder.Repeat(bytesAfter, 61)]);
        }

        return window;
    }

    [Fact]
    public void Evaluate_MoreOpsSameBytes_WarnsWithTheMeanIoSizes()
    {
        var finding = Assert.Single(Rule.Evaluate(TwoHours(18_000, 24_000, 1.8e8, 1.8e8).Context()));

        Assert.Equal((TestSite.CtlA, FindingKinds.SmallIoShift, Severity.Warning), (finding.Entity, finding.Kind, finding.Severity));
        Assert.Contains("33% more operations", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("10 KiB -> 7 KiB", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OpsOutgrowingBytesOnTheDaysRamp_Warns()
    {
        // The morning ramp adds 28% bytes while the operations grow 67%: the mean I/O shrank by a
        // quarter, which a throughput graph shows as a modest rise.
        var finding = Assert.Single(Rule.Evaluate(TwoHours(18_000, 30_000, 1.8e8, 2.3e8).Context()));

        Assert.Contains("67% more operations", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("with only 28% more bytes (mean I/O 10 KiB -> 7 KiB)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MoreOpsAndMoreBytes_IsJustMoreLoad()
    {
        Assert.Empty(Rule.Evaluate(TwoHours(18_000, 24_000, 1.8e8, 2.4e8).Context()));
    }

    // Finite readings whose half-hour means overflow to infinity: the ratios are NaN, and a NaN
    // must fail the rule's tests, not pass them ("serves NaN% more operations").
    [Fact]
    public void Evaluate_MeansOverflowing_StaysSilent()
    {
        Assert.Empty(Rule.Evaluate(TwoHours(double.MaxValue, double.MaxValue, 1.8e8, 1.8e8).Context()));
    }

    [Fact]
    public void Evaluate_SteadyLoad_StaysSilent()
    {
        Assert.Empty(Rule.Evaluate(TwoHours(18_000, 18_500, 1.8e8, 1.8e8).Context()));
    }

    [Fact]
    public void Evaluate_LessThanTheWindowOfHistory_StaysSilent()
    {
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerIops, [.. WindowBuilder.Repeat(18_000, 30), .. WindowBuilder.Repeat(24_000, 30)])
            .Series(TestSite.CtlA, MetricCatalog.ControllerThroughput, WindowBuilder.Repeat(1.8e8, 60));

        Assert.Empty(Rule.Evaluate(window.Context()));
    }
    [Fact]
    public void Evaluate_RaisedShiftEasingInsideTheHysteresisBand_StaysRaised()
    {
        // 22% more operations, I/Os 18% smaller: under the raise levels (25%, 20%), above the clear levels (20%, 16%).
        var window = TwoHours(20_000, 24_400, 2e8, 2e8);
        var onsets = new Dictionary<FindingKey, DateTimeOffset> { [new FindingKey(TestSite.CtlA, FindingKinds.SmallIoShift)] = WindowBuilder.At(70) };

        Assert.Empty(Rule.Evaluate(window.Context()));
        Assert.Equal(WindowBuilder.At(70), Assert.Single(Rule.Evaluate(window.Context(onsets: onsets))).Since);
    }

    [Fact]
    public void Evaluate_RaisedShiftGone_Clears()
    {
        var window = TwoHours(20_000, 20_000, 2e8, 2e8);
        var onsets = new Dictionary<FindingKey, DateTimeOffset> { [new FindingKey(TestSite.CtlA, FindingKinds.SmallIoShift)] = WindowBuilder.At(70) };

        Assert.Empty(Rule.Evaluate(window.Context(onsets: onsets)));
    }
}
