using System.Globalization;
using Monitor.Collector.Merging;
using Monitor.Collector.Regulation;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Alerting;

/// <summary>What an alert says about a merged incident: its labels and annotations, the same for Alertmanager and webhooks.</summary>
public static class AlertContent
{
    /// <summary>The value of the <c>alertname</c> label of every incident alert.</summary>
    public const string AlertName = "MonitorIncident";

    /// <summary>
    /// alertname, incident_id, severity, site, root_entity, root_kind, service and
    /// major_accident ("yes", "no", "becomes", "unknown"). One label set per merged incident.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Labels(IncidentView view)
    {
        var incident = view.Incident;
        var services = incident.Services
            .Where(s => s.Impact is ImpactLevel.Stopped or ImpactLevel.Degraded)
            .Select(s => s.Service)
            .DefaultIfEmpty(incident.Services.FirstOrDefault()?.Service ?? "")
            .Distinct()
            .Order(StringComparer.Ordinal);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = AlertName,
            ["incident_id"] = view.Id,
            ["severity"] = incident.Severity == Severity.Unspecified ? "critical" : IncidentWords.Of(incident.Severity),
            ["site"] = view.Record.Site,
            ["root_entity"] = view.Record.RootEntity,
            ["root_kind"] = view.Record.RootKind,
            ["service"] = string.Join(",", services),
            ["major_accident"] = MajorAccidentWord(view.Classification.MajorAccident),
        };
    }

    /// <summary>summary (the title), description (the estimated cause and the classification), affected_users.</summary>
    public static IReadOnlyDictionary<string, string> Annotations(IncidentView view, TimeZoneInfo timeZone)
    {
        var incident = view.Incident;
        var classification = view.Classification;
        var major = classification.MajorAccident switch
        {
            MajorAccidentStatus.Yes => $"a major accident since {Local(classification.MajorAccidentAt!.Value, timeZone)}",
            MajorAccidentStatus.BecomesOne => $"becomes a major accident at {Local(classification.MajorAccidentAt!.Value, timeZone)} if not recovered",
            MajorAccidentStatus.No => "not a major accident",
            _ => "service category unknown",
        };
        var cause = incident.RootCause is null ? "" : $"Estimated cause: {incident.RootCause.Entity} {incident.RootCause.Kind}. {incident.RootCause.Explanation}".Trim();
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = incident.Title,
            ["description"] = $"{cause} Regulation: {major}; {(classification.QuarterlyReport ? "quarterly report required" : "no quarterly report yet")}. Seen by {view.Record.Members.Count} agent incident(s).".Trim(),
            ["affected_users"] = incident.AffectedUsersMax.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>"yes", "no", "becomes" or "unknown".</summary>
    public static string MajorAccidentWord(MajorAccidentStatus status) => status switch
    {
        MajorAccidentStatus.Yes => "yes",
        MajorAccidentStatus.No => "no",
        MajorAccidentStatus.BecomesOne => "becomes",
        _ => "unknown",
    };

    private static string Local(DateTimeOffset time, TimeZoneInfo timeZone) =>
        TimeZoneInfo.ConvertTime(time, timeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + timeZone.Id;
}
