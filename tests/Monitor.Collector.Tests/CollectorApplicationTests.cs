using System.Net;
using System.Text.Json;
using Grpc.Core;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests;

/// <summary>The real collector on real ports, with a real gRPC channel and a real HTTP client.</summary>
public sealed class CollectorApplicationTests
{
    [Fact]
    public async Task PushRevisions_NewDuplicateAndOlderRevisions_AcknowledgesEachInOrder()
    {
        await using var collector = await RunningCollector.StartAsync();

        var first = await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1), CtyIncident.Revision(3)));
        var second = await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(3), CtyIncident.Revision(2)));

        Assert.Equal([AckOutcome.Stored, AckOutcome.Stored], first.Acknowledgements.Select(a => a.Outcome));
        Assert.Equal([$"{CtyIncident.Id}/1", $"{CtyIncident.Id}/3"], first.Acknowledgements.Select(a => a.IdempotencyKey));
        Assert.Equal([AckOutcome.Duplicate, AckOutcome.Stale], second.Acknowledgements.Select(a => a.Outcome));
        Assert.Equal([$"{CtyIncident.Id}/3", $"{CtyIncident.Id}/2"], second.Acknowledgements.Select(a => a.IdempotencyKey));
    }

    [Fact]
    public async Task PushRevisions_NewestRevision_WritesTheDraftReportFile()
    {
        await using var collector = await RunningCollector.StartAsync();

        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(3)));
        await collector.ReportsWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var report = await File.ReadAllTextAsync(collector.ReportFile(CtyIncident.Id));
        Assert.Contains("（継続時間:3時間38分間）", report, StringComparison.Ordinal);
        Assert.Equal(
            ["report.en.md", "report.md", "report.users.svg"],
            Directory.GetFiles(Path.GetDirectoryName(collector.ReportFile(CtyIncident.Id))!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("(duration: 3 h 38 min)", await File.ReadAllTextAsync(collector.ReportFile(CtyIncident.Id, "report.en.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushRevisions_RevisionWithoutIncidentId_FailsTheWholeCallAndStoresNothing()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1)));
        var broken = CtyIncident.Revision(3);
        broken.IncidentId = "";

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(2), broken)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("revisions[1].incident_id is required", error.Status.Detail);
        using var incident = JsonDocument.Parse(await collector.Http.GetStringAsync($"/api/incidents/{CtyIncident.Id}"));
        Assert.Equal("1", incident.RootElement.GetProperty("revision").GetString());
        using var history = JsonDocument.Parse(await collector.Http.GetStringAsync($"/api/incidents/{CtyIncident.Id}/revisions"));
        Assert.Equal(1, history.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task PushRevisions_RevisionNumberReusedWithAnotherKey_FailsWithFailedPrecondition()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1)));
        var reused = CtyIncident.Revision(1);
        reused.IdempotencyKey = "not-the-same";

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(2), reused)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"incident '{CtyIncident.Id}' revision 1", error.Status.Detail, StringComparison.Ordinal);
        using var incident = JsonDocument.Parse(await collector.Http.GetStringAsync($"/api/incidents/{CtyIncident.Id}"));
        Assert.Equal("1", incident.RootElement.GetProperty("revision").GetString());
    }

    [Fact]
    public async Task GetIncidents_AfterAPush_ListsTheIncidentWithItsRootCauseAndReportPath()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1), CtyIncident.Revision(3)));

        using var list = JsonDocument.Parse(await collector.Http.GetStringAsync("/api/incidents"));

        var incident = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal(CtyIncident.Id, incident.GetProperty("id").GetString());
        Assert.Equal(3, incident.GetProperty("revision").GetInt64());
        Assert.Equal("recovering", incident.GetProperty("state").GetString());
        Assert.Equal("critical", incident.GetProperty("severity").GetString());
        Assert.Equal(CtyIncident.Onset, incident.GetProperty("openedAt").GetDateTimeOffset());
        Assert.Equal(CtyIncident.Recovery, incident.GetProperty("recoveredAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("resolvedAt").ValueKind);
        Assert.Equal(50_511, incident.GetProperty("affectedUsersMax").GetInt64());
        Assert.Equal("ctl-a", incident.GetProperty("rootCause").GetProperty("entity").GetString());
        Assert.Equal("controller_failed", incident.GetProperty("rootCause").GetProperty("kind").GetString());
        Assert.Equal(collector.ReportFile(CtyIncident.Id), incident.GetProperty("reportPath").GetString());
    }

    [Fact]
    public async Task GetIncident_KnownId_ReturnsTheLatestRevisionAsProtobufJson()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1), CtyIncident.Revision(2)));

        using var incident = JsonDocument.Parse(await collector.Http.GetStringAsync($"/api/incidents/{CtyIncident.Id}"));

        Assert.Equal(CtyIncident.Id, incident.RootElement.GetProperty("incidentId").GetString());
        Assert.Equal("2", incident.RootElement.GetProperty("revision").GetString());
        Assert.Equal("INCIDENT_STATE_OPEN", incident.RootElement.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/api/incidents/inc-unknown")]
    [InlineData("/api/incidents/inc-unknown/report.md")]
    [InlineData("/api/incidents/inc-unknown/revisions")]
    public async Task Get_UnknownIncident_Returns404NamingTheId(string path)
    {
        await using var collector = await RunningCollector.StartAsync();

        using var response = await collector.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No incident with id 'inc-unknown'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReport_KnownId_ServesMarkdownInUtf8()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(3)));

        using var response = await collector.Http.GetAsync($"/api/incidents/{CtyIncident.Id}/report.md");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("最大50,511人 (契約数ベース)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSummary_RecoveredIncident_ShowsCausePeriodUsersAndStoppedServices()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(3)));

        using var response = await collector.Http.GetAsync("/api/summary");
        var summary = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith($"{CtyIncident.Id}  recovering  critical  revision 3\n", summary, StringComparison.Ordinal);
        Assert.Contains("root cause: ctl-a controller_failed: Storage controller ctl-a stopped", summary, StringComparison.Ordinal);
        Assert.Contains("symptoms:   degraded_overload_iops, pop_login_failures", summary, StringComparison.Ordinal);
        Assert.Contains("time:       2017-01-13 08:53 → 12:31 Asia/Tokyo (3h38m)", summary, StringComparison.Ordinal);
        Assert.Contains("affected:   50,511 (contracts)", summary, StringComparison.Ordinal);
        Assert.Contains("stopped:    CTYメール pop3", summary, StringComparison.Ordinal);
        Assert.Contains($"report:     {collector.ReportFile(CtyIncident.Id)}", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHealthz_StoreAnswers_ReturnsOk()
    {
        await using var collector = await RunningCollector.StartAsync();

        using var response = await collector.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetHealthz_DatabaseFileDeleted_Returns503()
    {
        await using var collector = await RunningCollector.StartAsync();
        var directory = Path.GetDirectoryName(collector.DatabasePath)!;

        // The collector's background readers (alerts, reports) may hold a pooled connection or
        // create the WAL files again while the directory is deleted: delete and ask again until
        // the directory stays gone (bounded by attempts, no waiting).
        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 50 && response?.StatusCode != HttpStatusCode.ServiceUnavailable; attempt++)
        {
            response?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException) when (Directory.Exists(directory))
            {
                continue;
            }

            response = await collector.Http.GetAsync("/healthz");
        }

        using var last = response;
        Assert.NotNull(last);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, last.StatusCode);
        Assert.StartsWith("unavailable: store:", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetrics_AfterStoredAndRejectedPushes_CountsByOutcome()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1), CtyIncident.Revision(2)));
        var broken = CtyIncident.Revision(3);
        broken.State = IncidentState.Unspecified;
        await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(broken)));

        var metrics = await collector.Http.GetStringAsync("/metrics");

        Assert.Contains("monitor_collector_revisions_received_total 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("monitor_collector_revisions_total{outcome=\"stored\"} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("monitor_collector_revisions_total{outcome=\"rejected\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("monitor_collector_revisions_total{outcome=\"duplicate\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("monitor_collector_incidents_open 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("monitor_collector_ingest_duration_seconds_count 2\n", metrics, StringComparison.Ordinal);
    }
}
