using System.Text;
using Google.Protobuf;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Collector.Web.Authentication;

namespace Monitor.Collector.Web;

/// <summary>The read-only HTTP API over stored incidents, for people and scripts; it needs the read-only role.</summary>
internal static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization(WebPolicies.ReadOnly).RequireRateLimiting(ReadConcurrency.Policy);
        api.MapGet("/incidents", ListAsync);
        api.MapGet("/incidents/{id}", GetAsync);
        api.MapGet("/incidents/{id}/revisions", GetRevisionsAsync);
        api.MapGet("/incidents/{id}/revisions.jsonl", GetRevisionsJsonLinesAsync);
        api.MapGet("/incidents/{id}/report.md", GetReportAsync);
        api.MapGet("/summary", GetSummaryAsync);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IIncidentStore store, DraftReportFiles reports, CancellationToken cancellationToken)
    {
        var incidents = await store.ListIncidentsAsync(cancellationToken);
        return Results.Ok(incidents.Select(incident => new IncidentListItem(
            Id: incident.IncidentId,
            Revision: incident.LatestRevision,
            State: IncidentWords.Of(incident.State),
            Severity: IncidentWords.Of(incident.Severity),
            Title: incident.Title,
            OpenedAt: incident.OpenedAt,
            RecoveredAt: incident.RecoveredAt,
            ResolvedAt: incident.ResolvedAt,
            AffectedUsersMax: incident.AffectedUsersMax,
            RootCause: new RootCauseItem(incident.RootEntity, incident.RootKind),
            ReportPath: reports.PathFor(incident))));
    }

    private static async Task<IResult> GetAsync(string id, IIncidentStore store, CancellationToken cancellationToken)
    {
        var revision = await store.GetLatestRevisionAsync(id, cancellationToken);
        return revision is null
            ? UnknownIncident(id)
            : Results.Text(JsonFormatter.Default.Format(revision), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> GetRevisionsAsync(string id, IIncidentStore store, CancellationToken cancellationToken)
    {
        var revisions = await store.GetRevisionsAsync(id, cancellationToken);
        return revisions.Count == 0
            ? UnknownIncident(id)
            : Results.Ok(revisions.Select(stored => new RevisionHistoryItem(
                Revision: stored.Revision.Revision,
                IdempotencyKey: stored.Revision.IdempotencyKey,
                State: IncidentWords.Of(stored.Revision.State),
                AgentId: stored.AgentId,
                Host: stored.Host,
                ReceivedAt: stored.ReceivedAt,
                UpdatedAt: stored.Revision.UpdatedAt.ToDateTimeOffset())));
    }

    /// <summary>Every stored revision as protobuf JSON, one a line, oldest first: what the agent sent, for fixtures and replays.</summary>
    private static async Task<IResult> GetRevisionsJsonLinesAsync(string id, IIncidentStore store, CancellationToken cancellationToken)
    {
        var revisions = await store.GetRevisionsAsync(id, cancellationToken);
        if (revisions.Count == 0)
        {
            return UnknownIncident(id);
        }

        var lines = new StringBuilder();
        foreach (var stored in revisions)
        {
            lines.Append(JsonFormatter.Default.Format(stored.Revision)).Append('\n');
        }

        return Results.Text(lines.ToString(), "application/jsonl", Encoding.UTF8);
    }

    private static async Task<IResult> GetReportAsync(string id, IIncidentStore store, DraftReportFiles reports, CancellationToken cancellationToken)
    {
        // Rendered from the store rather than read from the file, so it is right even when the
        // file could not be written.
        var revision = await store.GetLatestRevisionAsync(id, cancellationToken);
        return revision is null
            ? UnknownIncident(id)
            : Results.Text(MicReportMarkdown.Render(revision, reports.TimeZone), "text/markdown", Encoding.UTF8);
    }

    private static async Task<IResult> GetSummaryAsync(
        IIncidentStore store,
        DraftReportFiles reports,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var incidents = await store.ListIncidentsAsync(cancellationToken);
        var revisions = new List<Contracts.V1.IncidentRevision>(incidents.Count);
        foreach (var incident in incidents)
        {
            var revision = await store.GetLatestRevisionAsync(incident.IncidentId, cancellationToken);
            if (revision is not null)
            {
                revisions.Add(revision);
            }
        }

        var paths = incidents.ToDictionary(i => i.IncidentId, reports.PathFor, StringComparer.Ordinal);
        var text = TerminalSummary.Render(revisions, id => paths[id], reports.TimeZone, timeProvider.GetUtcNow());
        return Results.Text(text, "text/plain", Encoding.UTF8);
    }

    private static IResult UnknownIncident(string id) =>
        Results.Problem(
            title: "Unknown incident",
            detail: $"No incident with id '{id}' is stored on this collector.",
            statusCode: StatusCodes.Status404NotFound);
}
