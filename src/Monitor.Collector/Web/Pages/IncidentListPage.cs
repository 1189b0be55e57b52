using System.Text;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using static Monitor.Collector.Web.Pages.Html;

namespace Monitor.Collector.Web.Pages;

/// <summary>
/// The incident list: open incidents first, then resolved ones, each with severity, users, the
/// major-accident flag and the next deadline's countdown. Refreshes itself every minute.
/// </summary>
internal static class IncidentListPage
{
    /// <summary>
    /// Renders <paramref name="list"/>; a row that fails to render is left out and reported by
    /// <paramref name="failed"/> (which logs and counts it and returns the sentence to show).
    /// </summary>
    public static string Render(IncidentViewList list, DateTimeOffset now, TimeZoneInfo timeZone, Func<string, Exception, string> failed)
    {
        var body = new StringBuilder();
        var failures = list.Failures.ToList();
        var open = list.Views.Where(v => !v.IsResolved).ToList();
        var resolved = list.Views.Where(v => v.IsResolved).ToList();
        var tables = new StringBuilder();
        Table(tables, "Open", open, now, timeZone, "open-incidents", failures, failed);
        Table(tables, "Resolved", resolved, now, timeZone, "resolved-incidents", failures, failed);
        body.Append("<h1>Incidents</h1>");
        body.Append($"<p class=\"muted\">{open.Count} open, {resolved.Count} resolved · times in each site's zone (else {E(timeZone.Id)}) · as of {E(EnglishText.DateTime(TimeZoneInfo.ConvertTime(now, timeZone)))}</p>");
        if (failures.Count > 0)
        {
            // First: an incident that cannot be shown may be the one on-call is looking for.
            body.Append("<div class=\"panel overdue\" role=\"alert\" id=\"incident-failures\">");
            foreach (var failure in failures)
            {
                body.Append("<p>").Append(E(failure)).Append("</p>");
            }

            body.Append("</div>");
        }

        body.Append(tables);
        return Page("Monitor · incidents", body.ToString(), refresh: true);
    }

    private static void Table(StringBuilder body, string heading, List<IncidentView> views, DateTimeOffset now, TimeZoneInfo timeZone, string id, List<string> failures, Func<string, Exception, string> failed)
    {
        body.Append($"<h2>{heading}</h2>");
        if (views.Count == 0)
        {
            body.Append($"<p class=\"muted\" id=\"{id}\">None.</p>");
            return;
        }

        body.Append($"<table id=\"{id}\"><thead><tr><th>State</th><th>Severity</th><th>Incident</th><th>Opened</th><th>Duration</th>"
            + "<th class=\"num\">Affected users</th><th>Major accident</th><th>Quarterly</th><th>Next deadline</th><th>Acknowledged</th></tr></thead><tbody>");
        foreach (var view in views)
        {
            try
            {
                body.Append(Row(view, now, timeZone));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add(failed(view.Id, ex));
            }
        }

        body.Append("</tbody></table>");
    }

    private static string Row(IncidentView view, DateTimeOffset now, TimeZoneInfo timeZone)
    {
        var body = new StringBuilder();
        var incident = view.Incident;
        // Each incident in its own site's zone: one list may hold sites of several zones.
        var zone = view.TimeZone;
        var opened = TimeZoneInfo.ConvertTime(incident.OpenedAt.ToDateTimeOffset(), zone);
        var hosts = view.Record.Members.Select(m => m.Agent?.Host).Where(h => !string.IsNullOrEmpty(h)).Distinct().Count();
        var deadline = view.NextDeadline;
        var countdown = deadline is null ? ("done", "all done") : Countdown.Of(deadline, now, zone, view.IsResolved);
        var ack = view.Acknowledgement;
        body.Append("<tr data-incident-id=\"").Append(E(view.Id)).Append("\">")
            .Append("<td>").Append(Badges.State(incident.State)).Append("</td>")
            .Append("<td>").Append(Badges.Severity(incident.Severity)).Append("</td>")
            .Append("<td><a href=\"/incidents/").Append(Uri.EscapeDataString(view.Id)).Append("\">").Append(E(incident.Title)).Append("</a><br>")
            .Append("<span class=\"muted\">").Append(E($"{view.Record.RootKind} @ {view.Record.RootEntity} · site {view.Record.Site} · {hosts} host(s)")).Append("</span></td>")
            .Append("<td>").Append(E(EnglishText.DateTime(opened))).Append("</td>")
            .Append("<td>").Append(E(EnglishText.Duration(view.Classification.Duration))).Append(view.Classification.Ongoing ? " <span class=\"muted\">so far</span>" : "").Append("</td>")
            .Append("<td class=\"num users\">").Append(E(EnglishText.Number(incident.AffectedUsersMax))).Append("</td>")
            .Append("<td>").Append(Badges.MajorAccident(view, zone)).Append("</td>")
            .Append("<td>").Append(view.Classification.QuarterlyReport ? "required" : "no").Append("</td>")
            .Append("<td>");
        if (deadline is not null)
        {
            body.Append(E(Countdown.Name(deadline.Kind))).Append("<br>");
        }

        body.Append("<span class=\"").Append(countdown.Item1).Append("\">").Append(E(countdown.Item2)).Append("</span></td>")
            .Append("<td>").Append(ack is not null ? E(ack.Actor) : view.IsResolved ? "<span class=\"muted\">no</span>" : "<span class=\"overdue\">not yet</span>").Append("</td></tr>");

        return body.ToString();
    }
}
