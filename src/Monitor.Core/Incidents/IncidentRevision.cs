using Monitor.Core.Findings;
using Monitor.Core.Impact;

namespace Monitor.Core.Incidents;

/// <summary>
/// A snapshot of an incident, made whenever something a person would care about changed. Each
/// one is pushed to the collector; revision numbers of one incident increase by one.
/// </summary>
public sealed record IncidentRevision
{
    /// <summary>Stable id for the life of the incident.</summary>
    public required string IncidentId { get; init; }

    /// <summary>1, 2, 3...</summary>
    public required long Revision { get; init; }

    /// <summary>"incident id/revision" (<see cref="Incidents.IdempotencyKey"/>): the collector acknowledges it.</summary>
    public string IdempotencyKey => Incidents.IdempotencyKey.For(IncidentId, Revision);

    /// <summary>Open, recovering or resolved.</summary>
    public required IncidentState State { get; init; }

    /// <summary>The worst severity of its findings.</summary>
    public required Severity Severity { get; init; }

    /// <summary>One line for a pager.</summary>
    public required string Title { get; init; }

    /// <summary>Onset: when the first finding began.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When this revision was made.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the last finding cleared, while recovering or resolved.</summary>
    public DateTimeOffset? RecoveredAt { get; init; }

    /// <summary>When the quiet period ended.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The root-cause candidate: an estimate, not a verdict.</summary>
    public required Finding RootCause { get; init; }

    /// <summary>From the root cause down to the users.</summary>
    public required IReadOnlyList<CausalLink> CausalChain { get; init; }

    /// <summary>Every other finding of the incident, active or past.</summary>
    public required IReadOnlyList<Finding> Symptoms { get; init; }

    /// <summary>Affected users per population: the highest count during the incident, with its basis.</summary>
    public required IReadOnlyList<PopulationImpact> AffectedUsers { get; init; }

    /// <summary>Total affected users over time.</summary>
    public required IReadOnlyList<AffectedUsersPoint> AffectedUsersSeries { get; init; }

    /// <summary>The highest total so far.</summary>
    public required long AffectedUsersMax { get; init; }

    /// <summary>Every mail function, hit or not.</summary>
    public required IReadOnlyList<FunctionImpact> Services { get; init; }

    /// <summary>What happened, in time order.</summary>
    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }

    /// <summary>
    /// The change shortly before the onset on an entity connected to the root cause: a firmware
    /// update, a configuration edit. Named as the suspected cause, for a person to confirm.
    /// </summary>
    public TimelineEntry? SuspectedChange { get; init; }

    /// <summary>How long users were hit: onset to recovery, or to this revision while it lasts.</summary>
    public TimeSpan Duration => (RecoveredAt ?? UpdatedAt) - OpenedAt;
}
