using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Signals;

/// <summary>
/// The series one read makes share their times (kept once, in a column), and every series still
/// reads back exactly the points it took: when it misses a read, when it stops being read, when
/// two sources read at the same millisecond once.
/// </summary>
public sealed class SharedTimesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(9));

    private static (string Entity, string Metric) Series(int i) => ($"ctl-{i:D3}", MetricCatalog.ControllerIops);

    private static void Read(SignalWindow window, DateTimeOffset time, IEnumerable<int> series, Func<int, double> value)
    {
        foreach (var i in series)
        {
            Assert.True(window.Add(new Sample(time, Series(i).Entity, Series(i).Metric, value(i))));
        }
    }

    [Fact]
    public void SeriesReadTogether_ShareOneColumnOfTimes()
    {
        var window = new SignalWindow(TimeSpan.FromHours(2), 480);
        for (var n = 0; n < 600; n++)
        {
            Read(window, T0.AddSeconds(15 * n), Enumerable.Range(0, 50), i => (i * 1.5) + n);
        }

        Assert.True(window.ShareTimes([.. Enumerable.Range(0, 50).Select(Series)]));
        var view = window.All(Series(7).Entity, Series(7).Metric);
        Assert.Equal(480, view.Count);
        Assert.Equal(T0.AddSeconds(15 * 599), view[^1].Time);
        Assert.Equal((7 * 1.5) + 599, view[^1].Value);
    }

    [Fact]
    public void SeriesThatMissesARead_KeepsItsOwnTimes_AndTheOthersStillShare()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 1_000);
        for (var n = 0; n < 20; n++)
        {
            // Devices 3 and 4 fail to read at the fifth read, device 5 at the sixth.
            var missing = n == 5 ? new[] { 3, 4 } : n == 6 ? new[] { 5 } : [];
            Read(window, T0.AddSeconds(10 * n), Enumerable.Range(0, 10).Except(missing), i => n);
        }

        Assert.True(window.ShareTimes([.. new[] { 0, 1, 2, 6, 7, 8, 9 }.Select(Series)]));
        Assert.True(window.ShareTimes(Series(3), Series(4)));
        Assert.False(window.ShareTimes(Series(3), Series(0)));
        Assert.False(window.ShareTimes(Series(5), Series(3)));
        var expected = Enumerable.Range(0, 20).Where(n => n != 5).Select(n => new TimedValue(T0.AddSeconds(10 * n), n));
        Assert.Equal(expected, window.All(Series(4).Entity, Series(4).Metric));
        Assert.Equal(20, window.All(Series(0).Entity, Series(0).Metric).Count);
        Assert.Equal(19, window.All(Series(5).Entity, Series(5).Metric).Count);
    }

    [Fact]
    public void SeriesNoLongerRead_KeepsItsPointsAfterTheOthersMovedPastThem()
    {
        // A cap of 8: the column holds 9 times; the others' reads push the removed device's out.
        var window = new SignalWindow(TimeSpan.FromHours(12), 8);
        for (var n = 0; n < 6; n++)
        {
            Read(window, T0.AddMinutes(n), Enumerable.Range(0, 4), i => (10 * i) + n);
        }

        for (var n = 6; n < 40; n++)
        {
            Read(window, T0.AddMinutes(n), Enumerable.Range(0, 3), i => (10 * i) + n);
        }

        var gone = Enumerable.Range(0, 6).Select(n => new TimedValue(T0.AddMinutes(n), 30 + n));
        Assert.Equal(gone, window.All(Series(3).Entity, Series(3).Metric));
        Assert.Equal(Enumerable.Range(32, 8).Select(n => T0.AddMinutes(n)), window.All(Series(1).Entity, Series(1).Metric).Select(p => p.Time));
        Assert.True(window.ShareTimes(Series(0), Series(1), Series(2)));
    }

    [Fact]
    public void TwoSourcesAtTheSameMillisecondOnce_EachKeepsSharingWithinItself()
    {
        var window = new SignalWindow(TimeSpan.FromHours(1), 500);
        for (var n = 0; n < 30; n++)
        {
            Read(window, T0.AddSeconds(5 * n), Enumerable.Range(0, 5), i => n);
            Read(window, T0.AddSeconds(7 * n), Enumerable.Range(100, 5), i => -n);
        }

        Assert.True(window.ShareTimes([.. Enumerable.Range(0, 5).Select(Series)]));
        Assert.True(window.ShareTimes([.. Enumerable.Range(100, 5).Select(Series)]));
        Assert.False(window.ShareTimes(Series(0), Series(100)));
        Assert.Equal(Enumerable.Range(0, 30).Select(n => T0.AddSeconds(7 * n)), window.All(Series(102).Entity, Series(102).Metric).Select(p => p.Time));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void GeneratedSites_EverySeriesEqualsWhatItWasGiven(int seed)
    {
        // Sources with their own cadences (some the same), series that miss reads, stop, start,
        // or are delivered twice, and gaps of hours and of weeks: every series against a list
        // kept by the window's rule (newer than its newest, at most the cap, none older than the
        // window's length before its newest).
        var random = new Random(seed);
        var maxAge = TimeSpan.FromSeconds(random.Next(60, 20_000));
        var cap = random.Next(2, 120);
        var window = new SignalWindow(maxAge, cap);
        var kept = new Dictionary<int, List<TimedValue>>();
        var sources = Enumerable.Range(0, random.Next(2, 6)).Select(s => new
        {
            Series = Enumerable.Range(s * 100, random.Next(1, 12)).ToList(),
            Interval = random.Next(3) == 0 ? 15_000 : random.Next(500, 60_000),
            Flaky = random.NextDouble() * 0.2,
        }).ToList();
        var clocks = sources.Select(_ => T0).ToArray();

        for (var step = 0; step < 2_500; step++)
        {
            var s = random.Next(sources.Count);
            var source = sources[s];
            clocks[s] = random.Next(60) switch
            {
                0 => clocks[s].AddSeconds(random.Next(600, 30_000)), // the source was down
                1 when step > 1_500 => clocks[s].AddDays(random.Next(20, 40)), // weeks: the milliseconds rebase
                2 => clocks[s].AddSeconds(-random.Next(0, 60)), // a late or repeated delivery
                3 => clocks[(s + 1) % sources.Count], // at the same millisecond as another source
                _ => clocks[s].AddMilliseconds(source.Interval + random.Next(-200, 200)),
            };
            if (random.Next(50) == 0)
            {
                source.Series.Add((s * 100) + source.Series.Count); // a new device
            }

            foreach (var i in source.Series)
            {
                if (random.NextDouble() < source.Flaky || (i % 7 == 3 && step > 1_000))
                {
                    continue; // missed this read, or removed for good
                }

                var value = random.Next(3) switch
                {
                    0 => random.Next(0, 3),
                    1 => 1e9 + random.Next(1_000),
                    _ => random.NextDouble() * 1e4,
                };
                var list = kept.TryGetValue(i, out var l) ? l : kept[i] = [];
                var accepted = list.Count == 0 || clocks[s] > list[^1].Time;
                Assert.Equal(accepted, window.Add(new Sample(clocks[s], Series(i).Entity, Series(i).Metric, value)));
                if (accepted)
                {
                    list.Add(new TimedValue(clocks[s], value));
                    list.RemoveAll(p => p.Time < clocks[s] - maxAge);
                    if (list.Count > cap)
                    {
                        list.RemoveRange(0, list.Count - cap);
                    }
                }
            }

            if (step % 97 == 0 || step == 2_499)
            {
                foreach (var (i, list) in kept)
                {
                    Assert.True(list.SequenceEqual(window.All(Series(i).Entity, Series(i).Metric)), $"seed {seed}, step {step}, series {i}");
                    var from = list.Count == 0 ? T0 : list[random.Next(list.Count)].Time.AddMilliseconds(random.Next(-1_500, 1_500));
                    Assert.True(list.Where(p => p.Time >= from).SequenceEqual(window.Since(Series(i).Entity, Series(i).Metric, from)), $"seed {seed}, step {step}, series {i} since {from:O}");
                }
            }
        }
    }
}
