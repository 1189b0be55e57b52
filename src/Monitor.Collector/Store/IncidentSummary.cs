using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>The incident view: one row per incident, from its newest revision.</summary>
public sealed record IncidentSummary(
    string IncidentId,
    long LatestRevision,
    IncidentState State,
    Severity Severity,
    string Title,
    DateTimeOffset OpenedAt,
    DateTimeOffset? RecoveredAt,
    DateTimeOffset? ResolvedAt,
    long AffectedUsersMax,
    string RootEntity,
    string RootKind,
    DateTimeOffset UpdatedAt);
