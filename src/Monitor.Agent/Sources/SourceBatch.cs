using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources;

/// <summary>What one read of a source produced.</summary>
/// <param name="Source">Source name.</param>
/// <param name="Time">When the read happened (the recorded time, in a replay).</param>
/// <param name="Samples">Samples read.</param>
/// <param name="Events">Events read.</param>
public sealed record SourceBatch(string Source, DateTimeOffset Time, IReadOnlyList<Sample> Samples, IReadOnlyList<SiteEvent> Events)
{
    /// <summary>Users seen failing to log in.</summary>
    public IReadOnlyList<UserSighting> Sightings { get; init; } = [];
}
