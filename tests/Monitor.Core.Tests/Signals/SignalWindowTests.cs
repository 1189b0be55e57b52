using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Signals;

public sealed class SignalWindowTests
{
    private static readonly DateTimeOffset T0 = new(2017, 1, 13, 8, 40, 0, TimeSpan.FromHours(9));

    private static Sample Iops(int minute, double value) => new(T0.AddMinutes(minute), "ctl-b", MetricCatalog.ControllerIops, value);

    [Fact]
    public void Add_MorePointsThanTheCap_KeepsOnlyTheNewest()
    {
        var window = new SignalWindow(TimeSpan.FromDays(1), maxPointsPerSeries: 3);
        for (var minute = 0; minute < 5; minute++)
        {
            window.Add(Iops(minute, minute + 1));
        }

        var kept = window.Last("ctl-b", MetricCatalog.ControllerIops, 10);

        Assert.Equal([3.0, 4.0, 5.0], kept.Select(p => p.Value));
        Assert.Equal(T0.AddMinutes(2), kept[0].Time);
    }

    [Fact]
    public void Add_PastTheFirstAllocation_KeepsEveryPointInOrderUpToTheCap()
    {
        // Series start small and grow towards the cap: growing must keep the order, wrapped or not.
        var window = new SignalWindow(TimeSpan.FromDays(1), maxPointsPerSeries: 50);
        for (var minute = 0; minute < 120; minute++)
        {
            window.Add(Iops(minute, minute));
        }

        var kept = window.Last("ctl-b", MetricCatalog.ControllerIops, 100);

        Assert.Equal(Enumerable.Range(70, 50).Select(m => (double)m), kept.Select(p => p.Value));
    }

    [Fact]
    public void Add_GrowingAfterOldPointsWereDropped_KeepsTheOrder()
    {
        var window = new SignalWindow(TimeSpan.FromMinutes(40), maxPointsPerSeries: 100);
        for (var minute = 0; minute < 200; minute += 4)
        {
            window.Add(Iops(minute, minute)); // sparse: about 11 points held, the oldest dropped each time, so the ring wraps
        }

        for (var minute = 200; minute <= 212; minute++)
        {
            window.Add(Iops(minute, minute)); // dense: the series outgrows its first allocation while wrapped
        }

        var kept = window.Since("ctl-b", MetricCatalog.ControllerIops, DateTimeOffset.MinValue);

        var expected = Enumerable.Range(0, 50).Select(i => i * 4).Concat(Enumerable.Range(200, 13)).Where(m => m >= 212 - 40);
        Assert.Equal(expected.Select(m => (double)m), kept.Select(p => p.Value));
    }

    [Fact]
    public void Add_PointsOlderThanMaxAge_AreDropped()
    {
        var window = new SignalWindow(TimeSpan.FromMinutes(10), maxPointsPerSeries: 100);
        window.Add(Iops(0, 1));
        window.Add(Iops(5, 2));
        window.Add(Iops(12, 3));

        Assert.Equal([2.0, 3.0], window.Since("ctl-b", MetricCatalog.ControllerIops, DateTimeOffset.MinValue).Select(p => p.Value));

        window.Add(Iops(30, 4));

        var left = Assert.Single(window.Since("ctl-b", MetricCatalog.ControllerIops, DateTimeOffset.MinValue));
        Assert.Equal(4.0, left.Value);
    }

    [Fact]
    public void Add_PointExactlyMaxAgeOld_IsKept()
    {
        var window = new SignalWindow(TimeSpan.FromMinutes(10), maxPointsPerSeries: 100);
        window.Add(Iops(0, 1));
        window.Add(Iops(10, 2));

        Assert.Equal(2, window.Last("ctl-b", MetricCatalog.ControllerIops, 10).Count);
    }

    [Fact]
    public void Add_SampleOlderThanNewest_IsIgnored()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        Assert.True(window.Add(Iops(5, 1)));

        var kept = window.Add(Iops(3, 9));

        Assert.False(kept);
        Assert.Equal(1.0, window.Latest("ctl-b", MetricCatalog.ControllerIops)!.Value.Value);
        Assert.Single(window.Last("ctl-b", MetricCatalog.ControllerIops, 10));
    }

    // A sample re-delivered with the newest point's time (a retried scrape, a file replayed
    // twice) must not become a second point: "two failed probes in a row" would then fire on one.
    [Fact]
    public void Add_SameTimeAsNewest_DoesNotAddASecondPoint()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        window.Add(Iops(5, 1));

        window.Add(Iops(5, 1));

        Assert.Single(window.Last("ctl-b", MetricCatalog.ControllerIops, 10));
    }

    [Fact]
    public void Add_NaN_IsIgnored()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        window.Add(Iops(0, 7));

        var kept = window.Add(Iops(1, double.NaN));

        Assert.False(kept);
        Assert.Equal(7.0, window.Latest("ctl-b", MetricCatalog.ControllerIops)!.Value.Value);
        Assert.Single(window.Last("ctl-b", MetricCatalog.ControllerIops, 10));
    }

    [Fact]
    public void Add_NaNForNewSeries_CreatesNoSeries()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);

        window.Add(Iops(0, double.NaN));

        Assert.Equal(0, window.SeriesCount);
        Assert.Null(window.Latest("ctl-b", MetricCatalog.ControllerIops));
    }

    [Fact]
    public void Add_DifferentEntitiesAndMetrics_KeepsSeparateSeries()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        window.Add(new Sample(T0, "ctl-a", MetricCatalog.ControllerIops, 1));
        window.Add(new Sample(T0, "ctl-b", MetricCatalog.ControllerIops, 2));
        window.Add(new Sample(T0, "ctl-b", MetricCatalog.ControllerUp, 1));

        Assert.Equal(3, window.SeriesCount);
        Assert.Equal(2.0, window.Latest("ctl-b", MetricCatalog.ControllerIops)!.Value.Value);
    }

    [Fact]
    public void Last_FewerPointsThanAsked_ReturnsAllOldestFirst()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        window.Add(Iops(0, 1));
        window.Add(Iops(1, 2));

        var points = window.Last("ctl-b", MetricCatalog.ControllerIops, 5);

        Assert.Equal([1.0, 2.0], points.Select(p => p.Value));
    }

    [Fact]
    public void Last_UnknownSeries_ReturnsEmpty()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);

        Assert.Empty(window.Last("ctl-z", MetricCatalog.ControllerIops, 5));
        Assert.Empty(window.Since("ctl-z", MetricCatalog.ControllerIops, T0));
        Assert.Null(window.Latest("ctl-z", MetricCatalog.ControllerIops));
    }

    [Fact]
    public void Since_ReturnsPointsAtOrAfterTheTime()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        for (var minute = 0; minute < 4; minute++)
        {
            window.Add(Iops(minute, minute));
        }

        var points = window.Since("ctl-b", MetricCatalog.ControllerIops, T0.AddMinutes(2));

        Assert.Equal([2.0, 3.0], points.Select(p => p.Value));
    }

    [Fact]
    public void Constructor_FewerThanTwoPoints_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignalWindow(TimeSpan.FromHours(1), 1));
    }

    [Fact]
    public void Constructor_NonPositiveAge_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignalWindow(TimeSpan.Zero, 10));
    }
}
