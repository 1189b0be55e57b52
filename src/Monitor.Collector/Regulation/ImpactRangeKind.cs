namespace Monitor.Collector.Regulation;

/// <summary>
/// What users saw during one time range: seed 002 writes a stop (提供の停止) and a degradation
/// (品質の低下) as separate ranges, each with its own duration (Canon: ①2h stop, ②81h32m degraded).
/// </summary>
public enum ImpactRangeKind
{
    /// <summary>
    /// Users were affected, but the revision no longer says which functions and how: the agent
    /// keeps each finding's latest flare only, so an earlier episode of a re-opened incident has
    /// its users and times but not its functions.
    /// </summary>
    Unspecified,

    /// <summary>At least one function did not work at all (提供の停止).</summary>
    Stop,

    /// <summary>Functions were slow or partly failing, mail late or lost (品質の低下).</summary>
    Degradation,
}
