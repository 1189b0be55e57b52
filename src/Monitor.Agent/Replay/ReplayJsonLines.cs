using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;

namespace Monitor.Agent.Replay;

/// <summary>
/// `replay --json`: one JSON object per line, for backtesting thresholds on recorded data.
/// A "finding" line when a finding is raised or cleared (with its scope, the host, when a rule
/// sees one entity through several); a "revision" line for each incident
/// revision (incident id, revision, state, root cause, affected users); a "summary" line at the end.
/// The format is documented in docs/detection.md; fields are only ever added.
/// </summary>
public sealed partial class ReplayJsonLines(TextWriter output) : IReplayOutput
{
    private readonly Dictionary<FindingKey, Finding> _active = [];
    private readonly Dictionary<string, IncidentRevision> _latest = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public void Evaluated(EvaluationResult result)
    {
        var now = ReplayFindings.ByKey(result.Findings);
        foreach (var finding in now.Values.Where(f => !_active.ContainsKey(f.Key)))
        {
            Write(new FindingLine("finding", result.Time, "raised", finding.Entity, finding.Scope, finding.Kind, finding.Severity, finding.Rule, finding.Since, finding.Explanation), LineJson.Default.FindingLine);
        }

        foreach (var cleared in _active.Values.Where(f => !now.ContainsKey(f.Key)))
        {
            Write(new FindingLine("finding", result.Time, "cleared", cleared.Entity, cleared.Scope, cleared.Kind, cleared.Severity, cleared.Rule, cleared.Since, null), LineJson.Default.FindingLine);
        }

        _active.Clear();
        foreach (var (key, finding) in now)
        {
            _active[key] = finding;
        }

        foreach (var revision in result.Revisions)
        {
            _latest[revision.IncidentId] = revision;
            Write(RevisionLine.From(result.Time, revision), LineJson.Default.RevisionLine);
        }
    }

    /// <inheritdoc/>
    public void WriteSummary(IReadOnlyDictionary<string, string> incidentUrls) =>
        Write(new SummaryLine("summary", _latest.Count, [.. _latest.Values.OrderBy(r => r.OpenedAt).Select(r => r.IncidentId)]), LineJson.Default.SummaryLine);

    private void Write<T>(T line, JsonTypeInfo<T> type)
    {
        output.Write(JsonSerializer.Serialize(line, type));
        output.Write('\n');
    }

    // Generated at build time (no reflection, so `replay --json` works trimmed and natively compiled).
    [JsonSourceGenerationOptions(
        JsonSerializerDefaults.Web,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = [typeof(SnakeCase<Severity>), typeof(SnakeCase<IncidentState>), typeof(SnakeCase<Monitor.Core.Impact.ImpactLevel>), typeof(UtcTimes)])]
    [JsonSerializable(typeof(FindingLine))]
    [JsonSerializable(typeof(RevisionLine))]
    [JsonSerializable(typeof(SummaryLine))]
    private sealed partial class LineJson : JsonSerializerContext;

    // Enum values as snake_case words ("warning", "recovered").
    private sealed class SnakeCase<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower)
        where TEnum : struct, Enum;

    // Every time in UTC, so lines sort and compare as text whatever offset an event was written with.
    private sealed class UtcTimes : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed record FindingLine(
        string Type, DateTimeOffset Time, string Event, string Entity, string? Scope, string Kind, Severity Severity, string Rule, DateTimeOffset Since, string? Explanation);

    private sealed record EntityKind(string Entity, string Kind, string? Scope)
    {
        public static EntityKind Of(Finding finding) => new(finding.Entity, finding.Kind, finding.Scope);
    }

    private sealed record ServiceLine(string Service, string Function, Monitor.Core.Impact.ImpactLevel Impact);

    private sealed record UsersLine(string PopulationKey, long Count, string Basis);

    private sealed record SummaryLine(string Type, int Incidents, IReadOnlyList<string> IncidentIds);

    private sealed record RevisionLine(
        string Type,
        DateTimeOffset Time,
        string IncidentId,
        long Revision,
        IncidentState State,
        Severity Severity,
        string Title,
        EntityKind RootCause,
        DateTimeOffset OpenedAt,
        DateTimeOffset? RecoveredAt,
        DateTimeOffset? ResolvedAt,
        long AffectedUsersMax,
        IReadOnlyList<UsersLine> AffectedUsers,
        IReadOnlyList<EntityKind> Symptoms,
        IReadOnlyList<ServiceLine> Services,
        string? SuspectedChange)
    {
        public static RevisionLine From(DateTimeOffset time, IncidentRevision r) => new(
            "revision",
            time,
            r.IncidentId,
            r.Revision,
            r.State,
            r.Severity,
            r.Title,
            EntityKind.Of(r.RootCause),
            r.OpenedAt,
            r.RecoveredAt,
            r.ResolvedAt,
            r.AffectedUsersMax,
            [.. r.AffectedUsers.Select(a => new UsersLine(a.PopulationKey, a.Count, a.Basis.ToString().ToLowerInvariant()))],
            [.. r.Symptoms.Select(EntityKind.Of)],
            [.. r.Services.Select(s => new ServiceLine(s.Service, s.Function, s.Level))],
            r.SuspectedChange?.Text);
    }
}
