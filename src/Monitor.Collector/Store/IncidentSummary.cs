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
    DateTimeOffset UpdatedAt)
{
    /// <summary>Site of the agent that pushed it.</summary>
    public string Site { get; init; } = "";

    /// <summary>The merged incident it belongs to.</summary>
    public string MergedId { get; init; } = "";

    /// <summary>The agent that opened the merged incident (where its report is written).</summary>
    public string MergedOwner { get; init; } = "";
}
