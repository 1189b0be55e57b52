using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector.Reports;

namespace Monitor.Collector.Tests.Web;

/// <summary>One incident that cannot be built never hides the others: the list page, the report writer.</summary>
public sealed class IncidentIsolationTests
{
    [Fact]
    public async Task GetList_OnePoisonedIncidentInTheStore_ShowsTheOthersAndSaysWhichCouldNotBeShown()
    {
        await using var collector = await StartWithCtyAndPoisonAsync();

        using var response = await collector.Http.GetAsync("/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"href=\"/incidents/{CtyFixture.IncidentId}\"", page, StringComparison.Ordinal);
        Assert.Contains($"Incident {PoisonedIncident.Id} could not be shown: ", page, StringComparison.Ordinal);
        Assert.Contains("monitor_collector_incident_failures_total{stage=\"page\"} 1\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIncident_Poisoned_AnswersWithAPageThatSaysItCouldNotBeShown()
    {
        await using var collector = await StartWithCtyAndPoisonAsync();

        using var response = await collector.Http.GetAsync($"/incidents/{PoisonedIncident.Id}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains($"Incident {PoisonedIncident.Id} could not be shown: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteReports_PoisonedIncidentFirst_StillWritesTheOthersAndCountsTheFailure()
    {
        await using var collector = await StartWithCtyAndPoisonAsync();
        var files = collector.Services.GetRequiredService<DraftReportFiles>();
        File.Delete(collector.ReportFile(CtyFixture.IncidentId, agent: CtyFixture.Agent.AgentId));

        await files.WriteLatestAsync([PoisonedIncident.Id, CtyFixture.IncidentId], default);

        Assert.True(File.Exists(collector.ReportFile(CtyFixture.IncidentId, agent: CtyFixture.Agent.AgentId)));
        Assert.Contains("monitor_collector_incident_failures_total{stage=\"report\"} 1\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    private static async Task<RunningCollector> StartWithCtyAndPoisonAsync()
    {
        var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        await collector.Store.SaveRevisionsAsync(CtyIncident.Agent, [PoisonedIncident.Revision()], default);
        await collector.ReportsWrittenAsync();
        return collector;
    }
}
