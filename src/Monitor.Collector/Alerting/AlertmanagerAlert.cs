using System.Text.Json.Serialization;

namespace Monitor.Collector.Alerting;

/// <summary>One alert as Alertmanager's API v2 takes it (<c>POST /api/v2/alerts</c>, a JSON array of these).</summary>
/// <param name="Labels">Identify the alert: one merged incident, one label set.</param>
/// <param name="Annotations">What a person reads: summary, description, affected users.</param>
/// <param name="StartsAt">The incident's onset.</param>
/// <param name="EndsAt">While firing, a few resend intervals ahead; on resolution, now.</param>
/// <param name="GeneratorUrl">The incident page.</param>
public sealed record AlertmanagerAlert(
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] DateTimeOffset StartsAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset EndsAt,
    [property: JsonPropertyName("generatorURL")] string GeneratorUrl);
