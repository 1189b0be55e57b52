namespace Monitor.Collector.Alerting;

/// <summary>The JSON a generic webhook receives when an incident starts firing, changes classification or resolves.</summary>
/// <param name="Event">"firing", "changed" or "resolved".</param>
/// <param name="SentAt">When the collector sent it.</param>
/// <param name="IncidentId">The merged incident's id.</param>
/// <param name="Url">The incident page.</param>
/// <param name="Title">One line for a pager.</param>
/// <param name="Severity">"info", "warning" or "critical".</param>
/// <param name="State">"open", "recovering" or "resolved".</param>
/// <param name="Labels">The same labels as the Alertmanager alert.</param>
/// <param name="AffectedUsers">The highest number of affected users so far.</param>
/// <param name="MajorAccident">"yes", "no", "becomes" or "unknown".</param>
/// <param name="MajorAccidentAt">When it became, or becomes, a major accident.</param>
/// <param name="OpenedAt">The onset.</param>
/// <param name="RecoveredAt">The recovery, when known.</param>
/// <param name="ChangeKey">
/// "&lt;incident id&gt;/&lt;change number&gt;": the same for every delivery of one change, so a
/// receiver that gets one twice (sent, then the sending replica killed before it recorded so, and
/// the next one sending it again) can drop the second.
/// </param>
public sealed record WebhookPayload(
    string Event,
    DateTimeOffset SentAt,
    string IncidentId,
    string Url,
    string Title,
    string Severity,
    string State,
    IReadOnlyDictionary<string, string> Labels,
    long AffectedUsers,
    string MajorAccident,
    DateTimeOffset? MajorAccidentAt,
    DateTimeOffset OpenedAt,
    DateTimeOffset? RecoveredAt,
    string ChangeKey);
