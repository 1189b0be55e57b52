namespace Monitor.Core.Signals;

/// <summary>
/// The recent past of every series, bounded in age and in points per series, so memory stays
/// flat however long the agent runs. Rules read it through <see cref="SeriesView"/>s, in place;
/// only the pipeline writes it.
/// </summary>
public sealed class SignalWindow
{
    private readonly Dictionary<SeriesKey, SeriesId> _ids = [];
    private readonly List<SeriesPoints> _series = [];
    private readonly TimeColumns _columns;
    private readonly TimeSpan _maxAge;
    private readonly int _maxPointsPerSeries;

    /// <summary>Creates a window.</summary>
    /// <param name="maxAge">Points older than this, relative to the series' newest point, are dropped.</param>
    /// <param name="maxPointsPerSeries">Hard cap on points kept per series.</param>
    public SignalWindow(TimeSpan maxAge, int maxPointsPerSeries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        // Times are kept as milliseconds in 32 bits: 24 days at most between the oldest and newest point.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxAge, TimeSpan.FromDays(24));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPointsPerSeries, 2);
        _maxAge = maxAge;
        _maxPointsPerSeries = maxPointsPerSeries;
        _columns = new TimeColumns(maxPointsPerSeries);
    }

    /// <summary>Number of series held.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>The series of a metric of an entity, or null when no point of it was ever kept.</summary>
    public SeriesId? Find(string entity, string metric) => _ids.TryGetValue(new SeriesKey(entity, metric), out var id) ? id : null;

    /// <summary>The series of a metric of an entity, made (empty) when it is new.</summary>
    public SeriesId Intern(string entity, string metric)
    {
        var key = new SeriesKey(entity, metric);
        if (!_ids.TryGetValue(key, out var id))
        {
            id = new SeriesId(_series.Count);
            _series.Add(new SeriesPoints(_columns, _maxAge, _maxPointsPerSeries));
            _ids.Add(key, id);
        }

        return id;
    }

    /// <summary>
    /// Adds a sample. A sample not newer than the newest point of its series (to the millisecond)
    /// is ignored (sources deliver in time order; a late duplicate must not rewrite history), and
    /// so is NaN. Returns whether it was kept.
    /// </summary>
    public bool Add(in Sample sample) => !double.IsNaN(sample.Value) && Add(Intern(sample.Entity, sample.Metric), sample.Time, sample.Value);

    /// <summary>Adds a point to a series (see <see cref="Add(in Sample)"/>).</summary>
    public bool Add(SeriesId series, DateTimeOffset time, double value) => !double.IsNaN(value) && _series[series.Index].Append(time, value);

    /// <summary>The newest point of a series, or null when the series has none.</summary>
    public TimedValue? Latest(string entity, string metric) => Find(entity, metric) is { } id ? Latest(id) : null;

    /// <summary>The newest point of a series, or null when the series has none.</summary>
    public TimedValue? Latest(SeriesId series) => _series[series.Index] is { Count: > 0 } s ? s[s.Count - 1] : null;

    /// <summary>Every point of a series, oldest first.</summary>
    public SeriesView All(string entity, string metric) =>
        Find(entity, metric) is { } id && _series[id.Index] is { Count: > 0 } s ? new SeriesView(s, 0, s.Count) : default;

    /// <summary>The newest <paramref name="count"/> points of a series, oldest first (fewer if it has fewer).</summary>
    public SeriesView Last(string entity, string metric, int count) => All(entity, metric).Newest(count);

    /// <summary>Points of a series at or after <paramref name="from"/>, oldest first.</summary>
    public SeriesView Since(string entity, string metric, DateTimeOffset from)
    {
        if (Find(entity, metric) is not { } id || _series[id.Index] is not { Count: > 0 } s)
        {
            return default;
        }

        var first = s.FirstAtOrAfter(from);
        return first == s.Count ? default : new SeriesView(s, first, s.Count - first);
    }

    /// <summary>How many points the series' storage holds before it grows: for tests of its sizing.</summary>
    internal int CapacityOf(string entity, string metric) => Find(entity, metric) is { } id ? _series[id.Index].Capacity : 0;

    /// <summary>The series whose times are kept once for all of them (in one column): for tests of the sharing.</summary>
    internal bool ShareTimes(params ReadOnlySpan<(string Entity, string Metric)> series)
    {
        TimeColumn? column = null;
        foreach (var (entity, metric) in series)
        {
            if (Find(entity, metric) is not { } id || _series[id.Index].Column is not { } own || (column is not null && own != column))
            {
                return false;
            }

            column = own;
        }

        return column is not null;
    }

    /// <summary>Whether the series keeps its values as doubles: for tests of its storage.</summary>
    internal bool KeepsDoubles(string entity, string metric) => Find(entity, metric) is { } id && _series[id.Index].KeepsDoubles;
}
