namespace Monitor.Core.Signals;

/// <summary>
/// The window's time columns by their newest time, so that a new series joins the column of the
/// read that made it: the samples of one read carry one time, and the first of them moves a
/// column there.
/// </summary>
internal sealed class TimeColumns
{
    private readonly Dictionary<long, TimeColumn> _byNewestMs = [];

    /// <param name="maxPointsPerSeries">The cap on a series' points.</param>
    public TimeColumns(int maxPointsPerSeries)
    {
        // One more than a series holds: a series in step keeps its oldest point until it takes the
        // newest, which the first series of the read has already added.
        MaxTimes = maxPointsPerSeries + 1;
    }

    /// <summary>The most times a column holds.</summary>
    public int MaxTimes { get; }

    /// <summary>The column whose newest time is <paramref name="ms"/>, or a new, empty one.</summary>
    public TimeColumn At(long ms) => _byNewestMs.TryGetValue(ms, out var column) ? column : new TimeColumn(this);

    /// <summary>A column took a new newest time.</summary>
    public void Moved(TimeColumn column, long? previousMs)
    {
        if (previousMs is { } previous && _byNewestMs.TryGetValue(previous, out var at) && at == column)
        {
            _byNewestMs.Remove(previous);
        }

        _byNewestMs[column.NewestMs] = column;
    }

    /// <summary>A column lost its last member.</summary>
    public void Forget(TimeColumn column)
    {
        if (column.Count > 0 && _byNewestMs.TryGetValue(column.NewestMs, out var at) && at == column)
        {
            _byNewestMs.Remove(column.NewestMs);
        }
    }
}
