using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class FcPortPrecursorsTests
{
    private const string Port = "mail01:host1";
    private static readonly FcPortPrecursors Rule = new();

    [Fact]
    public void Evaluate_CrcErrorsClimbing_WarnsWithTheRate()
    {
        var window = new WindowBuilder().Series(Port, MetricCatalog.FcInvalidCrc, 0, 0.1, 0.2, 0.4, 0.8);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal((Port, FindingKinds.FcPortErrors, Severity.Warning), (finding.Entity, finding.Kind, finding.Severity));
        Assert.Equal(WindowBuilder.At(1), finding.Since);
        Assert.Contains("0.8 errors/s", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ASingleCrcError_StaysSilent()
    {
        var window = new WindowBuilder().Series(Port, MetricCatalog.FcInvalidCrc, 0, 0, 0.0167, 0, 0);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_TransmitPowerFallingBelowItsUsualLevel_Warns()
    {
        var window = new WindowBuilder().Series(Port, MetricCatalog.FcTxPower, [.. WindowBuilder.Repeat(-2.5, 30), -3.0, -5.0, -5.5, -6.0]);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(FindingKinds.FcOpticalPowerLow, finding.Kind);
        Assert.Contains("transmit power is -6.0 dBm, 3.5 dB below its usual -2.5 dBm", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PowerLowForMostOfTheWindow_StaysRaisedAgainstTheLevelBeforeTheDrop()
    {
        // 30 minutes at -2.5 dBm, then 90 minutes 4 dB down: the window's median is the low level
        // now, but the port is as sick as when the warning was raised.
        var window = new WindowBuilder().Series(Port, MetricCatalog.FcRxPower, [.. WindowBuilder.Repeat(-2.5, 30), .. Jittered(-6.5, 90)]);

        var finding = Assert.Single(Rule.Evaluate(window.Context(onsets: Raised(WindowBuilder.At(30)))));

        Assert.Equal((FindingKinds.FcOpticalPowerLow, WindowBuilder.At(30)), (finding.Kind, finding.Since));
        Assert.Contains("below its usual -2.5 dBm", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PowerLowLongerThanTheWindow_StaysRaisedUntilTheLightComesBack()
    {
        // Three hours low: the level before the drop has left the two-hour window.
        var low = new WindowBuilder().Series(Port, MetricCatalog.FcRxPower, [.. WindowBuilder.Repeat(-2.5, 30), .. Jittered(-6.5, 180)]);
        var back = new WindowBuilder().Series(Port, MetricCatalog.FcRxPower, [.. WindowBuilder.Repeat(-2.5, 30), .. Jittered(-6.5, 180), -2.6, -2.5, -2.6]);

        var finding = Assert.Single(Rule.Evaluate(low.Context(onsets: Raised(WindowBuilder.At(30)))));
        Assert.Equal(WindowBuilder.At(30), finding.Since);
        Assert.Contains("has stayed low since", finding.Explanation, StringComparison.Ordinal);
        Assert.Empty(Rule.Evaluate(back.Context(onsets: Raised(WindowBuilder.At(30)))));
    }

    [Fact]
    public void Evaluate_PowerBackAfterMostOfTheWindowLow_Clears()
    {
        var window = new WindowBuilder().Series(Port, MetricCatalog.FcRxPower, [.. WindowBuilder.Repeat(-2.5, 30), .. Jittered(-6.5, 87), -2.6, -2.5, -2.6]);

        Assert.Empty(Rule.Evaluate(window.Context(onsets: Raised(WindowBuilder.At(30)))));
    }

    [Fact]
    public void Evaluate_PowerSteadyWithNoise_StaysSilent()
    {
        var window = new WindowBuilder().Series(Port, MetricCatalog.FcRxPower, -3.1, -3.3, -2.9, -3.2, -3.0, -3.4, -3.1);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_Marginal_Warns()
    {
        var window = new WindowBuilder().Series(Port, MetricCatalog.FcPortMarginal, 0, 0, 1, 1);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal((FindingKinds.FcPortMarginal, WindowBuilder.At(2)), (finding.Kind, finding.Since));
    }

    private static Dictionary<FindingKey, DateTimeOffset> Raised(DateTimeOffset since) => new() { [new FindingKey(Port, FindingKinds.FcOpticalPowerLow)] = since };

    // A DOM reading's own jitter, ±0.05 dB, the same every run.
    private static double[] Jittered(double level, int count) => [.. Enumerable.Range(0, count).Select(i => level + (((i * 7) % 11) - 5) / 100.0)];
}
