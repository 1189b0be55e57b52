namespace Monitor.Core.Signals;

/// <summary>Identifies one time series: a metric of an entity.</summary>
/// <param name="Entity">Topology entity id.</param>
/// <param name="Metric">Metric name.</param>
public readonly record struct SeriesKey(string Entity, string Metric)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Metric}{{{Entity}}}";
}
