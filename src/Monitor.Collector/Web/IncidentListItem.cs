namespace Monitor.Collector.Web;

/// <summary>One incident in <c>GET /api/incidents</c>.</summary>
public sealed record IncidentListItem(
    string Id,
    long Revision,
    string State,
    string Severity,
    string Title,
    DateTimeOffset OpenedAt,
    DateTimeOffset? RecoveredAt,
    DateTimeOffset? ResolvedAt,
    long AffectedUsersMax,
    RootCauseItem RootCause,
    string ReportPath);
