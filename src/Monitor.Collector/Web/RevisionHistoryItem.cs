namespace Monitor.Collector.Web;

/// <summary>One stored revision in <c>GET /api/incidents/{id}/revisions</c>: who pushed it and when.</summary>
public sealed record RevisionHistoryItem(
    long Revision,
    string IdempotencyKey,
    string State,
    string AgentId,
    string Host,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt);
