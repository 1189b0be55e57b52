namespace Monitor.Collector.Merging;

/// <summary>The incidents whose view could be built, and a sentence for each that could not.</summary>
/// <param name="Views">The views, the most recently opened first.</param>
/// <param name="Failures">One sentence per incident that could not be built ("Incident X could not be shown: …").</param>
public sealed record IncidentViewList(IReadOnlyList<IncidentView> Views, IReadOnlyList<string> Failures);
