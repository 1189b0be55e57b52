namespace Monitor.Core.Signals;

/// <summary>
/// The recent past of every series, bounded in age and in points per series, so memory stays
/// flat however long the agent runs. Rules read it; only the pipeline writes it.
/// </summary>
public sealed class SignalWindow
{
    private readonly Dictionary<SeriesKey, SeriesBuffer> _series = [];
    private readonly TimeSpan _maxAge;
    private readonly int _maxPointsPerSeries;

    /// <summary>Creates a window.</summary>
    /// <param name="maxAge">Points older than this, relative to the series' newest point, are dropped.</param>
    /// <param name="maxPointsPerSeries">Hard cap on points kept per series.</param>
    public SignalWindow(TimeSpan maxAge, int maxPointsPerSeries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPointsPerSeries, 2);
        _maxAge = maxAge;
        _maxPointsPerSeries = maxPointsPerSeries;
    }

    /// <summary>Number of series held.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>
    /// Adds a sample. A sample not newer than the newest point of its series is ignored (sources
    /// deliver in time order; a late duplicate must not rewrite history). Returns whether it was kept.
    /// </summary>
    public bool Add(in Sample sample)
    {
        if (double.IsNaN(sample.Value))
        {
            return false;
        }

        var key = new SeriesKey(sample.Entity, sample.Metric);
        if (!_series.TryGetValue(key, out var buffer))
        {
            buffer = new SeriesBuffer(_maxPointsPerSeries);
            _series.Add(key, buffer);
        }

        return buffer.Append(new TimedValue(sample.Time, sample.Value), _maxAge);
    }

    /// <summary>The newest point of a series, or null when the series has none.</summary>
    public TimedValue? Latest(string entity, string metric) =>
        _series.TryGetValue(new SeriesKey(entity, metric), out var b) && b.Count > 0 ? b[b.Count - 1] : null;

    /// <summary>The newest <paramref name="count"/> points of a series, oldest first (fewer if it has fewer).</summary>
    public IReadOnlyList<TimedValue> Last(string entity, string metric, int count)
    {
        if (!_series.TryGetValue(new SeriesKey(entity, metric), out var b))
        {
            return [];
        }

        var n = Math.Min(count, b.Count);
        var result = new TimedValue[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = b[b.Count - n + i];
        }

        return result;
    }

    /// <summary>Points of a series at or after <paramref name="from"/>, oldest first.</summary>
    public IReadOnlyList<TimedValue> Since(string entity, string metric, DateTimeOffset from)
    {
        if (!_series.TryGetValue(new SeriesKey(entity, metric), out var b))
        {
            return [];
        }

        // Points are in time order: find the first one at or after the time, then copy the rest once.
        var first = 0;
        while (first < b.Count && b[first].Time < from)
        {
            first++;
        }

        var result = new TimedValue[b.Count - first];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = b[first + i];
        }

        return result;
    }

    /// <summary>
    /// A ring buffer of one series' points in time order. It starts small and doubles up to its
    /// capacity: most series hold far fewer points than the cap (2 hours at 15 s is 480 of 2,000),
    /// and thousands of series each holding the cap from their first point cost hundreds of MiB.
    /// </summary>
    private sealed class SeriesBuffer(int capacity)
    {
        private const int InitialSize = 16;

        private readonly int _capacity = capacity;
        private TimedValue[] _points = new TimedValue[Math.Min(InitialSize, capacity)];
        private int _start;

        public int Count { get; private set; }

        public TimedValue this[int index] => _points[(_start + index) % _points.Length];

        public bool Append(TimedValue point, TimeSpan maxAge)
        {
            // Same time twice is a duplicate delivery: one failed probe must not count as two.
            if (Count > 0 && point.Time <= this[Count - 1].Time)
            {
                return false;
            }

            if (Count == _points.Length && _points.Length < _capacity)
            {
                var grown = new TimedValue[Math.Min(_points.Length * 2, _capacity)];
                for (var i = 0; i < Count; i++)
                {
                    grown[i] = this[i];
                }

                _points = grown;
                _start = 0;
            }
            else if (Count == _points.Length)
            {
                _start = (_start + 1) % _points.Length;
                Count--;
            }

            _points[(_start + Count) % _points.Length] = point;
            Count++;

            var oldestAllowed = point.Time - maxAge;
            while (Count > 1 && this[0].Time < oldestAllowed)
            {
                _start = (_start + 1) % _points.Length;
                Count--;
            }

            return true;
        }
    }
}
