using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class LatencyAccumulationTests
{
    private static readonly LatencyAccumulation Rule = new();

    private static WindowBuilder Latency(params double[] milliseconds) => new WindowBuilder()
        .Series(TestSite.CtlB, MetricCatalog.ControllerLatency, [.. milliseconds.Select(ms => ms / 1000)]);

    [Fact]
    public void Evaluate_FiveElevatedRisingSamples_FindsBuildUpSinceTheStartOfTheRun()
    {
        var window = Latency(3, 3, 22, 25, 28, 31, 34)
            .Series(TestSite.CtlB, MetricCatalog.ControllerQueueDepth, 4, 4, 60, 90, 120, 150, 180);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(TestSite.CtlB, finding.Entity);
        Assert.Equal(FindingKinds.LatencyAccumulation, finding.Kind);
        Assert.Equal(WindowBuilder.At(2), finding.Since);
        Assert.Contains("built up for 4 min", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("34 ms now, 180 I/Os queued", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains(finding.Evidence, s => s.Metric == MetricCatalog.ControllerQueueDepth);
    }

    [Fact]
    public void Evaluate_ElevatedAndFlat_Finds()
    {
        var window = Latency(30, 30, 30, 30, 30);

        Assert.Single(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_ExactlyAtThreshold_CountsAsElevated()
    {
        var window = Latency(20, 20, 20, 20, 20);

        Assert.Single(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_SingleSpike_FindsNothing()
    {
        var window = Latency(3, 3, 3, 25, 3, 3, 3);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_SpikeAsNewestSample_FindsNothing()
    {
        var window = Latency(3, 3, 3, 3, 25);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_FourElevatedSamples_FindsNothing()
    {
        var window = Latency(3, 3, 25, 28, 31, 34);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_ElevatedButClearlyFalling_FindsNothingWhileItDrains()
    {
        var window = Latency(80, 70, 55, 40, 30, 25);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_NewestSampleStale_FindsNothing()
    {
        var window = Latency(25, 28, 31, 34, 37);

        Assert.Empty(Rule.Evaluate(window.Context(window.Newest.AddMinutes(10))));
    }
    [Fact]
    public void Evaluate_RaisedAndDippingUnderTheThreshold_StaysRaisedAndSaysSo()
    {
        var window = Latency(46, 44, 47, 18, 17);
        var onsets = new Dictionary<FindingKey, DateTimeOffset> { [new FindingKey(TestSite.CtlB, FindingKinds.LatencyAccumulation)] = WindowBuilder.At(0) };

        var finding = Assert.Single(Rule.Evaluate(window.Context(onsets: onsets)));

        Assert.Contains("17 ms now", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("not yet back under 16 ms for 3 samples", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RaisedAndThreeSamplesUnderTheClearLevel_Clears()
    {
        var window = Latency(46, 44, 5, 4, 3);
        var onsets = new Dictionary<FindingKey, DateTimeOffset> { [new FindingKey(TestSite.CtlB, FindingKinds.LatencyAccumulation)] = WindowBuilder.At(0) };

        Assert.Empty(Rule.Evaluate(window.Context(onsets: onsets)));
    }
}
