using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class RuleContextTests
{
    [Fact]
    public void Fresh_NewestPointOlderThanStaleAfter_ReturnsNothing()
    {
        var window = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 1);
        var context = window.Context(window.Newest.AddMinutes(5).AddSeconds(1));

        Assert.Empty(context.Fresh(TestSite.CtlA, MetricCatalog.ControllerUp, 2));
        Assert.Null(context.FreshValue(TestSite.CtlA, MetricCatalog.ControllerUp));
    }

    [Fact]
    public void Fresh_NewestPointRecent_ReturnsTheNewestPoints()
    {
        var window = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerIops, 1, 2, 3);
        var context = window.Context();

        Assert.Equal([2.0, 3.0], context.Fresh(TestSite.CtlA, MetricCatalog.ControllerIops, 2).Select(p => p.Value));
        Assert.Equal(3.0, context.FreshValue(TestSite.CtlA, MetricCatalog.ControllerIops));
    }

    [Fact]
    public void RunStart_TrailingRun_ReturnsItsFirstPoint()
    {
        var window = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0, 1, 0, 0, 0);

        Assert.Equal(WindowBuilder.At(2), window.Context().RunStart(TestSite.CtlA, MetricCatalog.ControllerUp, v => v == 0));
    }

    [Fact]
    public void RunStart_NewestPointDoesNotHold_ReturnsNull()
    {
        var window = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0, 0, 1);

        Assert.Null(window.Context().RunStart(TestSite.CtlA, MetricCatalog.ControllerUp, v => v == 0));
    }

    [Fact]
    public void Onset_RememberedEarlier_WinsOverTheWindow()
    {
        var key = new FindingKey(TestSite.CtlA, FindingKinds.ControllerFailed);
        var context = new WindowBuilder().Context(onsets: new Dictionary<FindingKey, DateTimeOffset> { [key] = WindowBuilder.At(-30) });

        Assert.Equal(WindowBuilder.At(-30), context.Onset(TestSite.CtlA, FindingKinds.ControllerFailed, WindowBuilder.At(5)));
        Assert.Equal(WindowBuilder.At(5), context.Onset(TestSite.CtlB, FindingKinds.ControllerFailed, WindowBuilder.At(5)));
    }

    [Fact]
    public void Onset_RememberedLater_TheWindowWins()
    {
        var key = new FindingKey(TestSite.CtlA, FindingKinds.ControllerFailed);
        var context = new WindowBuilder().Context(onsets: new Dictionary<FindingKey, DateTimeOffset> { [key] = WindowBuilder.At(9) });

        Assert.Equal(WindowBuilder.At(5), context.Onset(TestSite.CtlA, FindingKinds.ControllerFailed, WindowBuilder.At(5)));
    }
    [Fact]
    public void Aligned_SamplesAtTheSameTimes_PairsThemInOrder()
    {
        TimedValue[] a = [new(WindowBuilder.At(0), 1), new(WindowBuilder.At(1), 2), new(WindowBuilder.At(2), 3)];
        TimedValue[] b = [new(WindowBuilder.At(1).AddSeconds(10), 20), new(WindowBuilder.At(2).AddSeconds(-5), 30)];

        var pairs = RuleContext.Aligned(a, b, TimeSpan.FromSeconds(30));

        Assert.Equal([(2.0, 20.0), (3.0, 30.0)], pairs.Select(p => (p.A.Value, p.B.Value)));
    }

    [Fact]
    public void Aligned_NoOverlapInTime_PairsNothing()
    {
        TimedValue[] a = [new(WindowBuilder.At(0), 1), new(WindowBuilder.At(1), 2)];
        TimedValue[] b = [new(WindowBuilder.At(100), 1), new(WindowBuilder.At(101), 2)];

        Assert.Empty(RuleContext.Aligned(a, b, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Aligned_DefaultTolerance_IsHalfTheSmallerSamplingInterval()
    {
        // Every 15 s against every minute: each minute sample has a 15 s sample within 7.5 s, once.
        TimedValue[] fast = [.. Enumerable.Range(0, 9).Select(i => new TimedValue(WindowBuilder.At(0).AddSeconds(15 * i).AddSeconds(3), i))];
        TimedValue[] slow = [new(WindowBuilder.At(0), 100), new(WindowBuilder.At(1), 101), new(WindowBuilder.At(2), 102)];

        Assert.Equal(TimeSpan.FromSeconds(7.5), RuleContext.Tolerance(fast, slow));
        Assert.Equal([(0.0, 100.0), (4.0, 101.0), (8.0, 102.0)], RuleContext.Aligned(fast, slow).Select(p => (p.A.Value, p.B.Value)));
    }

    [Fact]
    public void FreshAligned_IntoABuffer_WritesThePairsTheListHolds()
    {
        // B silent for minutes 3 to 5, more than two intervals: only the pairs after the gap are joint.
        var window = new WindowBuilder()
            .Series(TestSite.CtlA, MetricCatalog.ControllerIops, 1, 2, 3, 4, 5, 6, 7, 8)
            .Series(TestSite.CtlB, MetricCatalog.ControllerIops, 10, 20, 30);
        window.SeriesFrom(6, TestSite.CtlB, MetricCatalog.ControllerIops, 70, 80);
        var context = window.Context();
        Span<(TimedValue A, TimedValue B)> buffer = stackalloc (TimedValue A, TimedValue B)[4];

        var written = context.FreshAligned(TestSite.CtlA, MetricCatalog.ControllerIops, TestSite.CtlB, MetricCatalog.ControllerIops, 4, buffer);

        var list = context.FreshAligned(TestSite.CtlA, MetricCatalog.ControllerIops, TestSite.CtlB, MetricCatalog.ControllerIops, 4);
        Assert.Equal([(7.0, 70.0), (8.0, 80.0)], buffer[..written].ToArray().Select(p => (p.A.Value, p.B.Value)));
        Assert.Equal(list, buffer[..written].ToArray());
    }

    [Fact]
    public void FreshAligned_BufferShorterThanTheCount_Throws()
    {
        var context = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerIops, 1, 2).Context();

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            context.FreshAligned(TestSite.CtlA, MetricCatalog.ControllerIops, TestSite.CtlA, MetricCatalog.ControllerIops, 3, new (TimedValue A, TimedValue B)[2]));
    }

    [Theory]
    [InlineData(new[] { 9.0, 1, 1 }, true)]
    [InlineData(new[] { 1.0, 9, 1 }, false)]
    [InlineData(new[] { 1.0 }, false)]
    public void Cleared_PointsInABuffer_JudgesTheNewestSamples(double[] values, bool cleared)
    {
        TimedValue[] points = [.. values.Select((v, i) => new TimedValue(WindowBuilder.At(i), v))];

        Assert.Equal(cleared, RuleContext.Cleared(points.AsSpan(), 2, v => v < 5));
        Assert.Equal(cleared, RuleContext.Cleared<IReadOnlyList<TimedValue>>(points, 2, v => v < 5));
    }
}
