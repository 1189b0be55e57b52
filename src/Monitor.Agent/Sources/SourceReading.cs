using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources;

/// <summary>What one read of a polled source found.</summary>
/// <param name="Samples">Samples, named in Monitor's vocabulary.</param>
/// <param name="Events">Change events and log lines worth a timeline entry.</param>
public sealed record SourceReading(IReadOnlyList<Sample> Samples, IReadOnlyList<SiteEvent> Events)
{
    /// <summary>A reading with samples only.</summary>
    public SourceReading(IReadOnlyList<Sample> samples) : this(samples, []) { }

    /// <summary>Users seen failing to log in, for counting people rather than per-interval figures.</summary>
    public IReadOnlyList<UserSighting> Sightings { get; init; } = [];
}
