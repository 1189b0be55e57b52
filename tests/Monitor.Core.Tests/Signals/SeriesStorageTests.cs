using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Signals;

/// <summary>
/// How the window stores a series: sized from its length over the sampling interval, times to the
/// millisecond in their source's offset, values exact (a float only while every value is one).
/// </summary>
public sealed class SeriesStorageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(9));

    private static Sample At(DateTimeOffset time, double value) => new(time, "ctl-a", MetricCatalog.ControllerIops, value);

    private static SeriesView All(SignalWindow window) => window.All("ctl-a", MetricCatalog.ControllerIops);

    [Fact]
    public void Capacity_SteadyInterval_IsTheWindowOverTheInterval()
    {
        var window = new SignalWindow(TimeSpan.FromHours(2), 2_000);
        for (var i = 0; i <= 600; i++)
        {
            window.Add(At(T0.AddSeconds(15 * i), i));
        }

        // 2 hours at 15 s hold 481 points (both ends kept); not the cap, not a power of two.
        Assert.Equal(481, All(window).Count);
        Assert.InRange(window.CapacityOf("ctl-a", MetricCatalog.ControllerIops), 481, 490);
    }

    [Fact]
    public void Capacity_IntervalShortens_GrowsAndKeepsEveryPointOfTheWindow()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 2_000);
        var time = T0;
        for (var i = 0; i < 100; i++)
        {
            window.Add(At(time, i));
            time = time.AddMinutes(1);
        }

        var slow = window.CapacityOf("ctl-a", MetricCatalog.ControllerIops);
        for (var i = 0; i < 400; i++)
        {
            window.Add(At(time, 100 + i));
            time = time.AddSeconds(10);
        }

        var newest = time.AddSeconds(-10);
        var expected = Enumerable.Range(0, 500).Where(i => ValueTime(i) >= newest.AddHours(-1)).Select(i => (double)i);
        Assert.Equal(expected, All(window).Select(p => p.Value));
        Assert.InRange(slow, 61, 70);
        Assert.InRange(window.CapacityOf("ctl-a", MetricCatalog.ControllerIops), 361, 500);

        DateTimeOffset ValueTime(int i) => i < 100 ? T0.AddMinutes(i) : T0.AddMinutes(100).AddSeconds(10 * (i - 100));
    }

    [Fact]
    public void Capacity_NeverAboveTheCap()
    {
        var window = new SignalWindow(TimeSpan.FromHours(2), 50);
        for (var i = 0; i < 300; i++)
        {
            window.Add(At(T0.AddSeconds(i), i));
        }

        Assert.Equal(50, window.CapacityOf("ctl-a", MetricCatalog.ControllerIops));
        Assert.Equal(Enumerable.Range(250, 50).Select(i => (double)i), All(window).Select(p => p.Value));
    }

    [Fact]
    public void Add_GapLongerThanTheWindow_KeepsOnlyThePointsAfterIt()
    {
        var window = new SignalWindow(TimeSpan.FromMinutes(30), 2_000);
        for (var i = 0; i < 10; i++)
        {
            window.Add(At(T0.AddMinutes(i), i));
        }

        window.Add(At(T0.AddHours(3), 100));
        window.Add(At(T0.AddHours(3).AddMinutes(1), 101));

        Assert.Equal([100.0, 101.0], All(window).Select(p => p.Value));
        Assert.Equal(T0.AddHours(3), All(window)[0].Time);
    }

    [Fact]
    public void Add_GapOfMonths_KeepsTheTimesExact()
    {
        // Milliseconds after the series' base run out after 24 days: the base moves, the times stay.
        var window = new SignalWindow(TimeSpan.FromDays(2), 2_000);
        window.Add(At(T0, 1));
        window.Add(At(T0.AddDays(20), 2));
        window.Add(At(T0.AddDays(21), 3));
        window.Add(At(T0.AddDays(90).AddMilliseconds(7), 4));
        window.Add(At(T0.AddDays(91).AddMilliseconds(8), 5));

        Assert.Equal([T0.AddDays(90).AddMilliseconds(7), T0.AddDays(91).AddMilliseconds(8)], All(window).Select(p => p.Time));
    }

    [Fact]
    public void Add_WithinTheSameMillisecond_IsADuplicate()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        var first = T0.AddTicks(1_234);

        Assert.True(window.Add(At(first, 1)));
        Assert.False(window.Add(At(first.AddTicks(5_000), 2)));
        Assert.True(window.Add(At(first.AddMilliseconds(1), 3)));
        Assert.Equal([1.0, 3.0], All(window).Select(p => p.Value));
    }

    [Fact]
    public void Times_KeepTheMillisecondsAndTheSourcesOffset()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        var time = T0.AddMilliseconds(15_437);
        window.Add(At(time, 1));

        var point = Assert.Single(All(window));
        Assert.Equal(time, point.Time);
        Assert.Equal(TimeSpan.FromHours(9), point.Time.Offset);
    }

    [Fact]
    public void Values_CountsStayFloats_OtherFiguresAreKeptExactly()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 100);
        window.Add(At(T0, 1));
        window.Add(At(T0.AddSeconds(1), 16_777_216));
        Assert.False(window.KeepsDoubles("ctl-a", MetricCatalog.ControllerIops));

        // A cumulative counter at 1e9 counts by one: a float would lose the increment.
        window.Add(At(T0.AddSeconds(2), 1_000_000_001));
        window.Add(At(T0.AddSeconds(3), 0.1));

        Assert.True(window.KeepsDoubles("ctl-a", MetricCatalog.ControllerIops));
        Assert.Equal([1.0, 16_777_216.0, 1_000_000_001.0, 0.1], All(window).Select(p => p.Value));
    }

    [Fact]
    public void View_SliceNewestAndRanges_ReadTheSamePoints()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 4);
        for (var i = 0; i < 7; i++)
        {
            window.Add(At(T0.AddMinutes(i), i)); // the ring of 4 wraps
        }

        var view = All(window);
        Assert.Equal([3.0, 4.0, 5.0, 6.0], view.Select(p => p.Value));
        Assert.Equal([5.0, 6.0], view.Newest(2).Select(p => p.Value));
        Assert.Equal([4.0, 5.0], view[1..3].Select(p => p.Value));
        Assert.Equal(6.0, view[^1].Value);
        Assert.Equal(view.Count, view.Newest(10).Count);
        Assert.Empty(view.Newest(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => view[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => view.Slice(2, 3));
    }

    [Fact]
    public void Views_OnGeneratedSeries_EqualWhatTheWindowKeeps()
    {
        // The old window's rule, kept as a list: every point newer than the newest, at most the
        // cap, none older than the window's length before the newest.
        for (var seed = 1; seed <= 40; seed++)
        {
            var random = new Random(seed);
            var maxAge = TimeSpan.FromSeconds(random.Next(30, 4_000));
            var cap = random.Next(2, 300);
            var window = new SignalWindow(maxAge, cap);
            var kept = new List<TimedValue>();
            var time = T0;
            for (var n = 0; n < 1_500; n++)
            {
                time = random.Next(20) switch
                {
                    0 => time.AddSeconds(-random.Next(0, 30)), // older or the same time: refused
                    1 => time.AddSeconds(random.Next(600, 5_000)), // a gap
                    2 => time.AddMilliseconds(random.Next(1, 900)), // a burst
                    _ => time.AddMilliseconds(random.Next(1_000, random.Next(2) == 0 ? 16_000 : 61_000)),
                };
                var value = random.Next(4) switch
                {
                    0 => random.Next(0, 2),
                    1 => 1e9 + random.Next(1_000),
                    2 => random.NextDouble() * 1e4,
                    _ => -random.NextDouble(),
                };

                var accepted = kept.Count == 0 || time > kept[^1].Time;
                Assert.Equal(accepted, window.Add(At(time, value)));
                if (accepted)
                {
                    kept.Add(new TimedValue(time, value));
                    kept.RemoveAll(p => p.Time < time - maxAge);
                    if (kept.Count > cap)
                    {
                        kept.RemoveRange(0, kept.Count - cap);
                    }
                }

                if (n % 37 == 0)
                {
                    Compare(window, kept, random, seed, n);
                }
            }
        }
    }

    private static void Compare(SignalWindow window, List<TimedValue> kept, Random random, int seed, int n)
    {
        var where = $"seed {seed}, sample {n}";
        Assert.True(kept.SequenceEqual(All(window)), where);
        var count = random.Next(0, kept.Count + 3);
        Assert.True(kept.TakeLast(count).SequenceEqual(window.Last("ctl-a", MetricCatalog.ControllerIops, count)), where);
        var from = kept[random.Next(kept.Count)].Time.AddMilliseconds(random.Next(-1_500, 1_500));
        Assert.True(kept.Where(p => p.Time >= from).SequenceEqual(window.Since("ctl-a", MetricCatalog.ControllerIops, from)), where);
        Assert.Equal(kept[^1], window.Latest("ctl-a", MetricCatalog.ControllerIops));
    }
}
