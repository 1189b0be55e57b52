namespace Monitor.Agent.Replay;

/// <summary>
/// Consecutive sample lines of one series in a metrics.om, each read and kept by the first pass:
/// OpenMetrics writes a series' samples together and in time order, so a run is a stretch of the
/// file that plays in order. A skipped line in the middle of a series ends its run and starts another.
/// </summary>
/// <param name="Offset">Where the run's first line starts, in bytes.</param>
/// <param name="FirstLine">Line number of its first line, from 1.</param>
/// <param name="Count">Lines (and samples) in the run.</param>
/// <param name="Entity">The series' entity, shared by every sample of the run.</param>
/// <param name="Metric">The series' metric, shared by every sample of the run.</param>
public readonly record struct SeriesRun(long Offset, int FirstLine, int Count, string Entity, string Metric);
