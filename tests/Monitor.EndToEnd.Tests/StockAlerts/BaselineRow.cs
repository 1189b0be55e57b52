using System.Globalization;
using System.Text;

namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>One scenario's comparison, and the report of all of them.</summary>
internal sealed record BaselineRow(
    string Scenario,
    bool Healthy,
    int ExpectedIncidents,
    DateTimeOffset? Onset,
    int Step,
    IReadOnlyList<string> MonitorIncidents,
    int MonitorPages,
    DateTimeOffset? MonitorFirst,
    IReadOnlyList<FiredAlert> StockAlerts,
    int StockNotifications,
    Func<DateTimeOffset, string> Clock)
{
    public static string Markdown(IReadOnlyList<BaselineRow> rows, string promtoolVersion)
    {
        var text = new StringBuilder();
        text.Append("# Monitor against stock alert rules\n\n");
        text.Append("Written by `tests/Monitor.EndToEnd.Tests/StockAlerts/StockAlertBaselineTests.cs`: `deploy/prometheus/stock-alerts.yml` evaluated with `promtool test rules` (")
            .Append(promtoolVersion)
            .Append(") on each scenario's `metrics.om`, against `Monitor.Agent replay --json` on the same folder. ")
            .Append("Notifications: Alertmanager's example route (group_by alertname, cluster, service; group_wait 30s; group_interval 5m; repeat_interval 4h), firing notices only. ")
            .Append("Monitor pages once per incident opened or re-opened. Times are the site's clock; (+n) is minutes from the ground-truth onset.\n\n");
        text.Append("| scenario | ground truth | Monitor incidents | Monitor pages | Monitor first revision | first stock alert | stock alerts (critical) | stock notifications |\n");
        text.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            DateTimeOffset? first = row.StockAlerts.Count == 0 ? null : row.StockAlerts.Min(a => a.First);
            var firstNames = string.Join(", ", row.StockAlerts.Where(a => a.First == first).Select(a => a.Alert.Name).Distinct(StringComparer.Ordinal));
            text.Append(CultureInfo.InvariantCulture, $"| {row.Scenario} ")
                .Append(CultureInfo.InvariantCulture, $"| {(row.Healthy ? "healthy day: any alert is false" : $"{row.ExpectedIncidents} incident(s)")}{(row.Onset is { } onset ? $", onset {row.Clock(onset)}" : "")} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.MonitorIncidents.Count}{(row.MonitorIncidents.Count > 0 ? $" ({string.Join("; ", row.MonitorIncidents)})" : "")} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.MonitorPages} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.When(row.MonitorFirst)} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.When(first)}{(firstNames.Length > 0 ? $" {firstNames}" : "")} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.StockAlerts.Count} ({row.StockAlerts.Count(a => a.Alert.Severity == "critical")}) ")
                .Append(CultureInfo.InvariantCulture, $"| {row.StockNotifications} |\n");
        }

        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {row.Scenario}: the stock alerts that fired (evaluated every {row.Step} min)\n\n");
            if (row.StockAlerts.Count == 0)
            {
                text.Append("None.\n");
                continue;
            }

            text.Append("| first firing | alert | labels | firing for |\n|---|---|---|---|\n");
            foreach (var alert in row.StockAlerts)
            {
                var labels = string.Join(", ", PromtoolOutput.Labels(alert.Alert.Identity)
                    .Where(l => l.Key is not ("alertname" or "severity"))
                    .OrderBy(l => l.Key, StringComparer.Ordinal)
                    .Select(l => $"{l.Key}={l.Value}"));
                text.Append(CultureInfo.InvariantCulture, $"| {row.When(alert.First)} | {alert.Alert.Name} ({alert.Alert.Severity}) | {labels} | {alert.Minutes} min |\n");
            }
        }

        return text.ToString();
    }

    private string When(DateTimeOffset? time) => time switch
    {
        null => "none",
        { } t when Onset is { } onset => $"{Clock(t)} ({(t - onset).TotalMinutes:+0;-0;+0})",
        { } t => Clock(t),
    };
}
