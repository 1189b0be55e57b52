using System.Globalization;
using System.Text;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Web;

/// <summary>
/// <c>GET /api/summary</c>: one short block per incident for an on-call engineer's terminal,
/// the newest first. Times are local to each incident's site zone, else to the configured zone.
/// </summary>
public static class TerminalSummary
{
    /// <summary>Renders the newest revision of each incident; <paramref name="now"/> measures incidents still going on.</summary>
    public static string Render(
        IEnumerable<IncidentRevision> incidents,
        Func<string, string> reportPath,
        TimeZoneInfo timeZone,
        DateTimeOffset now)
    {
        var text = new StringBuilder();
        foreach (var incident in incidents)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            WriteIncident(text, incident, reportPath(incident.IncidentId), SiteTimeZone.Of(incident, timeZone), now);
        }

        return text.Length == 0 ? "no incidents\n" : text.ToString();
    }

    /// <summary>"3h38m", "38m", "10d11h40m"; seconds are dropped.</summary>
    public static string Duration(TimeSpan duration) => EnglishText.CompactDuration(duration);

    private static void WriteIncident(StringBuilder text, IncidentRevision incident, string reportPath, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        Line(text, $"{incident.IncidentId}  {IncidentWords.Of(incident.State)}  {IncidentWords.Of(incident.Severity)}  revision {incident.Revision}");
        Field(text, "title", OneLine(incident.Title));
        var root = incident.RootCause;
        Field(text, "root cause", $"{root.Entity} {root.Kind}{(string.IsNullOrWhiteSpace(root.Explanation) ? "" : ": " + OneLine(root.Explanation))}");
        Field(text, "symptoms", List(incident.Symptoms.Select(s => s.Kind).Distinct()));
        Field(text, "time", Period(incident, timeZone, now));
        Field(text, "affected", Affected(incident));
        Field(text, "stopped", List(Functions(incident, ImpactLevel.Stopped)));
        var degraded = Functions(incident, ImpactLevel.Degraded).ToList();
        if (degraded.Count > 0)
        {
            Field(text, "degraded", List(degraded));
        }

        Field(text, "report", reportPath);
    }

    private static string Period(IncidentRevision incident, TimeZoneInfo timeZone, DateTimeOffset now)
    {
        var opened = TimeZoneInfo.ConvertTime(incident.OpenedAt.ToDateTimeOffset(), timeZone);
        var start = opened.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        if (incident.RecoveredAt is null)
        {
            return $"{start} → ongoing ({Duration(now - opened)} so far) {timeZone.Id}";
        }

        var recovered = TimeZoneInfo.ConvertTime(incident.RecoveredAt.ToDateTimeOffset(), timeZone);
        var end = recovered.ToString(recovered.Date == opened.Date ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"{start} → {end} {timeZone.Id} ({Duration(recovered - opened)})";
    }

    private static string Affected(IncidentRevision incident)
    {
        var maximum = Math.Max(incident.AffectedUsersMax, incident.AffectedUsersSeries.Count == 0 ? 0 : incident.AffectedUsersSeries.Max(p => p.Count));
        var bases = incident.AffectedUsers
            .Select(users => users.Basis switch
            {
                UserCountBasis.Contracts => "contracts",
                UserCountBasis.Observed => "observed",
                UserCountBasis.ErrorLog => "error log",
                _ => null,
            })
            .OfType<string>()
            .Distinct()
            .ToList();
        var number = maximum.ToString("N0", CultureInfo.InvariantCulture);
        return bases.Count == 0 ? number : $"{number} ({string.Join(" + ", bases)})";
    }

    private static IEnumerable<string> Functions(IncidentRevision incident, ImpactLevel impact) =>
        incident.Services
            .Where(service => service.Impact == impact)
            .Select(service =>
            {
                var name = string.IsNullOrWhiteSpace(service.DisplayName) ? service.Service : service.DisplayName;
                return string.IsNullOrWhiteSpace(service.Function) ? name : $"{name} {service.Function}";
            });

    private static string List(IEnumerable<string> items)
    {
        var joined = string.Join(", ", items.Where(item => !string.IsNullOrWhiteSpace(item)).Select(OneLine));
        return joined.Length == 0 ? "none" : joined;
    }

    private static string OneLine(string text) =>
        text.Replace('\r', ' ').Replace('\n', ' ').Trim();

    private static void Field(StringBuilder text, string name, string value) =>
        Line(text, $"  {name + ":",-12}{value}");

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
