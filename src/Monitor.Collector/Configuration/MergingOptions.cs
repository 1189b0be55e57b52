namespace Monitor.Collector.Configuration;

/// <summary>How the collector decides that incidents from several agents are the same fault, bound from <c>Collector:Merging</c>.</summary>
public sealed class MergingOptions
{
    /// <summary>
    /// Largest difference between two onsets that still counts as the same fault, when site, root
    /// entity and root kind agree. Default: <c>00:30:00</c>.
    /// </summary>
    public TimeSpan OnsetWindow { get; set; } = TimeSpan.FromMinutes(30);
}
