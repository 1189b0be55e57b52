using System.Text;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;
using static Monitor.Collector.Web.Pages.Html;

namespace Monitor.Collector.Web.Pages;

/// <summary>
/// One incident: what it is, the regulator's view and deadlines, the on-call forms, the
/// timeline with who did what, and the draft report (chart included) in Japanese or English.
/// </summary>
internal static class IncidentPage
{
    public static string Render(IncidentView view, ReportDocument report, OnCallViewer viewer, string antiforgeryField, string antiforgeryToken, DateTimeOffset now, TimeZoneInfo timeZone, string? problem)
    {
        var incident = view.Incident;
        var id = Uri.EscapeDataString(view.Id);
        var body = new StringBuilder();
        body.Append("<nav class=\"no-print\"><a href=\"/\">← all incidents</a></nav>");
        body.Append("<h1>").Append(E(incident.Title)).Append("</h1><p>")
            .Append(Badges.State(incident.State)).Append(' ')
            .Append(Badges.Severity(incident.Severity)).Append(' ')
            .Append(Badges.MajorAccident(view, timeZone)).Append("</p>");
        if (problem is not null)
        {
            body.Append("<p class=\"panel overdue\" role=\"alert\">").Append(E(problem)).Append("</p>");
        }

        Facts(body, view, timeZone);
        RegulationPanel.Render(body, view, now);
        OnCall(body, view, viewer, id, antiforgeryField, antiforgeryToken);
        Timeline(body, view, timeZone);
        body.Append("<nav class=\"exports no-print\"><strong>Report:</strong> ")
            .Append($"<a href=\"/incidents/{id}?lang=ja\">日本語</a> <a href=\"/incidents/{id}?lang=en\">English</a> · ")
            .Append($"<a href=\"/incidents/{id}/report.ja.md\">Markdown (ja)</a><a href=\"/incidents/{id}/report.en.md\">Markdown (en)</a>")
            .Append($"<a href=\"/incidents/{id}/report.html?lang={report.Language}\">Printable HTML</a><a href=\"/incidents/{id}/report.docx?lang={report.Language}\">Word</a><a href=\"/incidents/{id}/report.json?lang={report.Language}\">JSON</a></nav>");
        body.Append(ReportHtml.RenderArticle(report, timeZone));
        // The title names the incident in words: its id ends in a hash no person reads.
        return Page($"{incident.Title} · {view.Record.Site} · Monitor", body.ToString(), report.Language);
    }

    private static void Facts(StringBuilder body, IncidentView view, TimeZoneInfo timeZone)
    {
        var incident = view.Incident;
        string Local(Google.Protobuf.WellKnownTypes.Timestamp? time) =>
            time is null ? "—" : EnglishText.DateTime(TimeZoneInfo.ConvertTime(time.ToDateTimeOffset(), timeZone));
        body.Append("<div class=\"panel grid\" id=\"facts\">")
            .Append("<div><strong>Opened</strong> <span class=\"muted\">(").Append(E(timeZone.Id)).Append(")</span><br>").Append(E(Local(incident.OpenedAt))).Append("</div>")
            .Append("<div><strong>Recovered</strong><br>").Append(E(Local(incident.RecoveredAt))).Append("</div>")
            .Append("<div><strong>Duration</strong><br>").Append(E(EnglishText.Duration(view.Classification.Duration))).Append(view.Classification.Ongoing ? " so far" : "").Append("</div>")
            .Append("<div><strong>Affected users (max)</strong><br><span id=\"affected-users\">").Append(E(EnglishText.Number(incident.AffectedUsersMax))).Append("</span></div>")
            .Append("<div><strong>Estimated cause</strong><br>").Append(Cause(view)).Append("</div>")
            .Append("<div><strong>Site</strong><br>").Append(E(view.Record.Site)).Append("</div>")
            .Append("<div><strong>Agent incidents merged</strong><br>");
        foreach (var member in view.Record.Members)
        {
            body.Append(E($"{member.IncidentId} ({member.Agent?.Host}, rev {member.Revision})")).Append("<br>");
        }

        body.Append("</div></div>");
    }

    /// <summary>"ストレージコントローラの停止 Storage controller stopped (ctl-a)": the kind in words, not its id.</summary>
    private static string Cause(IncidentView view)
    {
        var kind = view.Record.RootKind;
        var japanese = ReportNames.Kind(kind, ReportLanguage.Japanese);
        var english = ReportNames.Kind(kind, ReportLanguage.English);
        var words = japanese == english ? E(english) : $"<span lang=\"ja\">{E(japanese)}</span> {E(english)}";
        return $"{words} ({E(view.Record.RootEntity)})";
    }

    private static void OnCall(StringBuilder body, IncidentView view, OnCallViewer viewer, string id, string field, string token)
    {
        var hidden = $"<input type=\"hidden\" name=\"{E(field)}\" value=\"{E(token)}\">";

        // Signed in, the timeline takes the user's name; a name is typed only on a lab network without sign-in.
        var name = viewer.TypesName ? "<input type=\"text\" name=\"name\" placeholder=\"Your name\" aria-label=\"Your name\" maxlength=\"100\" required>" : "";
        body.Append("<div class=\"panel no-print\" id=\"on-call\"><h2>On-call</h2>");
        var ack = view.Acknowledgement;
        if (ack is not null)
        {
            body.Append("<p>Acknowledged by ").Append(E(ack.Actor)).Append("</p>");
        }

        if (!viewer.CanAct)
        {
            body.Append(viewer.SignedInAs is null
                ? $"<p id=\"sign-in\"><a href=\"/sign-in?then={Uri.EscapeDataString("/incidents/" + id)}\">Sign in</a> as on-call to acknowledge, resolve or add a note.</p></div>"
                : $"<p id=\"signed-in\">Signed in as {E(viewer.SignedInAs)} (read-only): acknowledging, resolving and notes need an on-call user.</p></div>");
            return;
        }

        if (viewer.SignedInAs is not null)
        {
            body.Append("<p id=\"signed-in\" class=\"muted\">Signed in as ").Append(E(viewer.SignedInAs)).Append(": the timeline records your actions under this name.</p>");
        }

        body.Append($"<form class=\"action\" method=\"post\" action=\"/incidents/{id}/acknowledge\" id=\"acknowledge-form\">{hidden}{name}<button type=\"submit\" class=\"primary\">Acknowledge</button></form>");
        if (!view.IsResolved)
        {
            body.Append($"<form class=\"action\" method=\"post\" action=\"/incidents/{id}/resolve\" id=\"resolve-form\">{hidden}{name}<input type=\"text\" class=\"note\" name=\"text\" placeholder=\"Why (optional)\" aria-label=\"Why\"><button type=\"submit\">Resolve</button></form>");
        }

        body.Append($"<form class=\"action\" method=\"post\" action=\"/incidents/{id}/notes\" id=\"note-form\">{hidden}{name}")
            .Append("<select name=\"kind\" aria-label=\"Kind of note\"><option value=\"note\">Note</option><option value=\"user-notice\">First notice to users posted</option>")
            .Append("<option value=\"regulator-report\">First report to MIC made</option><option value=\"detailed-report\">Detailed report filed</option></select>")
            .Append("<input type=\"text\" class=\"note\" name=\"text\" placeholder=\"Note\" aria-label=\"Note\" maxlength=\"2000\"><button type=\"submit\">Add</button></form></div>");
    }

    private static void Timeline(StringBuilder body, IncidentView view, TimeZoneInfo timeZone)
    {
        var entries = view.Incident.Timeline
            .Select(e => (Time: e.Time.ToDateTimeOffset(), What: KindWord(e.Kind), Text: e.Text + (string.IsNullOrEmpty(e.Entity) ? "" : $" ({e.Entity})"), Who: "agent", Person: false))
            .Concat(view.Record.Actions.Select(a => (Time: a.At, What: ActionWord(a.Kind), Text: a.Text, Who: a.Actor, Person: true)))
            .OrderBy(e => e.Time)
            .ToList();
        body.Append("<div class=\"panel\" id=\"timeline\"><h2>Timeline</h2><ol class=\"timeline\">");
        foreach (var entry in entries)
        {
            body.Append(entry.Person ? "<li class=\"person\">" : "<li>")
                .Append("<strong>").Append(E(EnglishText.DateTime(TimeZoneInfo.ConvertTime(entry.Time, timeZone)))).Append("</strong> ")
                .Append(E(entry.What)).Append(string.IsNullOrWhiteSpace(entry.Text) ? "" : ": ").Append(E(entry.Text))
                .Append(" <span class=\"who\">— ").Append(E(entry.Who)).Append("</span></li>");
        }

        body.Append("</ol></div>");
    }

    private static string KindWord(TimelineEventKind kind) => kind switch
    {
        TimelineEventKind.Detected => "detected",
        TimelineEventKind.Finding => "finding",
        TimelineEventKind.Change => "change",
        TimelineEventKind.Recovered => "recovered",
        TimelineEventKind.Resolved => "resolved",
        TimelineEventKind.Reopened => "reopened",
        TimelineEventKind.Log => "log",
        TimelineEventKind.Note => "note",
        _ => "event",
    };

    private static string ActionWord(OperatorActionKind kind) => kind switch
    {
        OperatorActionKind.Acknowledged => "acknowledged",
        OperatorActionKind.Resolved => "resolved by hand",
        OperatorActionKind.Note => "note",
        OperatorActionKind.UserNoticePosted => "first notice to users posted",
        OperatorActionKind.RegulatorReported => "first report to MIC made",
        OperatorActionKind.DetailedReportFiled => "detailed report filed",
        OperatorActionKind.AlertSent => "on-call alerted",
        OperatorActionKind.AlertResolved => "alert resolved",
        _ => kind.ToString(),
    };
}
