namespace Monitor.Collector.Regulation;

/// <summary>
/// One finding that hit users at a function, as the revision keeps it: first and last seen, and
/// whether it stops the function or degrades it.
/// </summary>
/// <param name="Function">The function ("pop3") or the service when the finding is service-wide.</param>
/// <param name="Kind">Stop or degradation.</param>
/// <param name="FirstSeen">When it was first seen in its latest flare.</param>
/// <param name="LastSeen">When it was last seen.</param>
/// <param name="Step">The spacing of its samples: it cleared by <paramref name="LastSeen"/> plus one step.</param>
public sealed record FunctionImpactSpan(
    string Function,
    ImpactRangeKind Kind,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    TimeSpan Step);
