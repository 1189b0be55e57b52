using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;
using Monitor.Collector.Web.Authentication;
using Monitor.Collector.Web.Pages;

namespace Monitor.Collector.Web;

/// <summary>
/// The server-rendered pages (the list, an incident) and the report exports. On-call actions are
/// HTML forms posted with an antiforgery token; each lands on the timeline with who and when,
/// then the browser is sent back to the incident page (post, redirect, get). Reading needs the
/// read-only role, every POST the on-call role.
/// </summary>
internal static class IncidentPages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapIncidentPages(this IEndpointRouteBuilder endpoints)
    {
        // A form with no field but the antiforgery token (acknowledge, signed in) binds to null.
        var read = endpoints.MapGroup("").RequireAuthorization(WebPolicies.ReadOnly).RequireRateLimiting(ReadConcurrency.Policy);
        var act = endpoints.MapGroup("").RequireAuthorization(WebPolicies.OnCall);
        read.MapGet("/", ListAsync);
        read.MapGet("/incidents/{id}", (string id, string? lang, string? problem, HttpContext context, IncidentViews views, IAntiforgery antiforgery, WebAccess access, TimeProvider time, CancellationToken ct) =>
            IsolatedAsync(id, views, page: true, () => ShowAsync(id, lang, problem, context, views, antiforgery, access, time, ct)));
        act.MapPost("/incidents/{id}/acknowledge", (string id, [FromForm] OnCallForm? form, HttpContext context, IIncidentStore store, TimeProvider time, IncidentStoreChanges changes, CancellationToken ct) =>
            ActAsync(id, OperatorActionKind.Acknowledged, form ?? new(), context, store, time, changes, ct));
        act.MapPost("/incidents/{id}/resolve", (string id, [FromForm] OnCallForm? form, HttpContext context, IIncidentStore store, TimeProvider time, IncidentStoreChanges changes, CancellationToken ct) =>
            ActAsync(id, OperatorActionKind.Resolved, form ?? new(), context, store, time, changes, ct));
        act.MapPost("/incidents/{id}/notes", (string id, [FromForm] OnCallForm? form, HttpContext context, IIncidentStore store, TimeProvider time, IncidentStoreChanges changes, CancellationToken ct) =>
            ActAsync(id, NoteKind(form?.Kind), form ?? new(), context, store, time, changes, ct));
        read.MapGet("/incidents/{id}/report.ja.md", (string id, IncidentViews views, CancellationToken ct) =>
            IsolatedAsync(id, views, page: false, () => MarkdownAsync(id, ReportLanguage.Japanese, views, ct)));
        read.MapGet("/incidents/{id}/report.en.md", (string id, IncidentViews views, CancellationToken ct) =>
            IsolatedAsync(id, views, page: false, () => MarkdownAsync(id, ReportLanguage.English, views, ct)));
        read.MapGet("/incidents/{id}/report.html", (string id, string? lang, IncidentViews views, CancellationToken ct) =>
            IsolatedAsync(id, views, page: true, () => ReportHtmlAsync(id, lang, views, ct)));
        read.MapGet("/incidents/{id}/report.docx", (string id, string? lang, IncidentViews views, CancellationToken ct) =>
            IsolatedAsync(id, views, page: false, () => ReportDocxAsync(id, lang, views, ct)));
        read.MapGet("/incidents/{id}/report.json", (string id, string? lang, IncidentViews views, CancellationToken ct) =>
            IsolatedAsync(id, views, page: false, () => ReportJsonAsync(id, lang, views, ct)));
        read.MapGet("/incidents/{id}/users.svg", (string id, IncidentViews views, CancellationToken ct) =>
            IsolatedAsync(id, views, page: false, () => ChartAsync(id, views, ct)));
        endpoints.MapSignIn();
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IncidentViews views, TimeProvider time, CancellationToken cancellationToken)
    {
        var list = await views.ListAsync(IncidentFailures.Page, cancellationToken);
        var page = IncidentListPage.Render(list, time.GetUtcNow(), views.TimeZone, (id, ex) => views.Failed(IncidentFailures.Page, id, ex));
        return Results.Content(page, "text/html; charset=utf-8");
    }

    /// <summary>
    /// Runs the page or export of one incident; when it cannot be built or rendered, answers 500
    /// with the sentence why (logged and counted) instead of an empty error, and nothing else is affected.
    /// </summary>
    private static async Task<IResult> IsolatedAsync(string id, IncidentViews views, bool page, Func<Task<IResult>> render)
    {
        string sentence;
        try
        {
            return await render();
        }
        catch (IncidentViewException ex)
        {
            sentence = ex.Message;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or System.Data.Common.DbException))
        {
            sentence = views.Failed(IncidentFailures.Page, id, ex);
        }

        return page
            ? Results.Content(
                Html.Page("Monitor · incident could not be shown", "<nav class=\"no-print\"><a href=\"/\">← all incidents</a></nav><p class=\"panel overdue\" role=\"alert\">" + Html.E(sentence) + "</p>"),
                "text/html; charset=utf-8",
                Encoding.UTF8,
                StatusCodes.Status500InternalServerError)
            : Results.Problem(title: "Incident could not be shown", detail: sentence, statusCode: StatusCodes.Status500InternalServerError);
    }

    private static async Task<IResult> ShowAsync(string id, string? lang, string? problem, HttpContext context, IncidentViews views, IAntiforgery antiforgery, WebAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(id, cancellationToken);
        if (view is null)
        {
            return NotFound(id);
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        var report = MicReport.Build(view, Language(lang), view.TimeZone);
        var viewer = OnCallIdentity.Viewer(context, access.RoleOf(context));
        var page = IncidentPage.Render(view, report, viewer, tokens.FormFieldName, tokens.RequestToken ?? "", time.GetUtcNow(), view.TimeZone, OnCallProblems.Sentence(problem));
        return Results.Content(page, "text/html; charset=utf-8");
    }

    private static async Task<IResult> ActAsync(
        string id,
        OperatorActionKind kind,
        OnCallForm form,
        HttpContext context,
        IIncidentStore store,
        TimeProvider time,
        IncidentStoreChanges changes,
        CancellationToken cancellationToken)
    {
        var page = "/incidents/" + Uri.EscapeDataString(id);
        var (actor, problem) = OnCallIdentity.Who(context, form.Name);
        var text = (form.Text ?? "").Trim();
        if (text.Length > OnCallProblems.MaxNoteLength)
        {
            problem = OnCallProblems.NoteTooLong;
        }

        if (actor is null || problem is not null)
        {
            return Results.Redirect($"{page}?problem={Uri.EscapeDataString(problem ?? "")}", permanent: false);
        }

        var merged = await store.GetMergedIncidentAsync(id, cancellationToken);
        if (merged is null || !await store.AddActionAsync(merged.Id, new OperatorAction(kind, actor, text, time.GetUtcNow()), cancellationToken))
        {
            return NotFound(id);
        }

        changes.Announce(new StoredChange(StoredChangeKind.Action, [merged.Id]));
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/incidents/" + Uri.EscapeDataString(merged.Id) + "#timeline";
        return Results.Empty;
    }

    private static OperatorActionKind NoteKind(string? kind) => kind switch
    {
        "user-notice" => OperatorActionKind.UserNoticePosted,
        "regulator-report" => OperatorActionKind.RegulatorReported,
        "detailed-report" => OperatorActionKind.DetailedReportFiled,
        _ => OperatorActionKind.Note,
    };

    private static async Task<IResult> MarkdownAsync(string id, ReportLanguage language, IncidentViews views, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(id, cancellationToken);
        if (view is null)
        {
            return NotFound(id);
        }

        var markdown = ReportMarkdown.Render(MicReport.Build(view, language, view.TimeZone), "users.svg");
        return Results.Text(markdown, "text/markdown", Encoding.UTF8);
    }

    private static async Task<IResult> ReportHtmlAsync(string id, string? lang, IncidentViews views, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(id, cancellationToken);
        return view is null
            ? NotFound(id)
            : Results.Content(ReportHtml.RenderPage(MicReport.Build(view, Language(lang), view.TimeZone), view.TimeZone), "text/html; charset=utf-8");
    }

    private static async Task<IResult> ReportDocxAsync(string id, string? lang, IncidentViews views, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(id, cancellationToken);
        if (view is null)
        {
            return NotFound(id);
        }

        var report = MicReport.Build(view, Language(lang), view.TimeZone);
        return Results.File(ReportDocx.Render(report), ReportDocx.ContentType, ReportDocx.FileName(view.Id, report.Language));
    }

    private static async Task<IResult> ReportJsonAsync(string id, string? lang, IncidentViews views, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(id, cancellationToken);
        if (view is null)
        {
            return NotFound(id);
        }

        var export = new ReportExport(
            view.Id,
            view.Record.Site,
            view.Record.Members.Select(m => m.IncidentId).ToList(),
            view.Classification,
            view.Deadlines,
            view.Record.Actions,
            MicReport.Build(view, Language(lang), view.TimeZone));
        return Results.Text(JsonSerializer.Serialize(export, Json), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> ChartAsync(string id, IncidentViews views, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(id, cancellationToken);
        var chart = view is null
            ? null
            : MicReport.Build(view, ReportLanguage.Japanese, view.TimeZone).Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().FirstOrDefault();
        return chart is null || view is null ? NotFound(id) : Results.Content(UsersChartSvg.Render(chart, view.TimeZone), "image/svg+xml");
    }

    private static ReportLanguage Language(string? lang) => lang == "en" ? ReportLanguage.English : ReportLanguage.Japanese;

    private static IResult NotFound(string id) =>
        Results.Problem(title: "Unknown incident", detail: $"No incident with id '{id}' is stored on this collector.", statusCode: StatusCodes.Status404NotFound);
}
