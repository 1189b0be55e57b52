using System.Text.Json;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Merging;

/// <summary>The CTY outage pushed by three agents on three mail hosts, as the real collector sees it over gRPC.</summary>
public sealed class MergeReplayTests
{
    [Fact]
    public async Task Push_CtyFromThreeHosts_IsOneIncidentWithUsersCountedOnce()
    {
        await using var collector = await RunningCollector.StartAsync();
        var urls = new List<string>();
        foreach (var host in new[] { "mail01", "mail02", "mail03" })
        {
            var reply = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn(host), CtyFixture.AsHost(host, TimeSpan.FromMinutes(host == "mail03" ? 4 : 0))));
            urls.Add(reply.Acknowledgements[0].IncidentUrl);
        }

        var views = await collector.Views.ListAsync(default);

        var view = Assert.Single(views);
        Assert.Equal(3, view.Record.Members.Count);
        Assert.Equal(["mail01", "mail02", "mail03"], view.Record.Members.Select(m => m.Agent.Host).Order(StringComparer.Ordinal));
        Assert.Equal(50_511, view.Incident.AffectedUsersMax);
        Assert.Equal(50_511, Assert.Single(view.Incident.AffectedUsers).Count);
        Assert.Equal(("cty", "ctl-a", "controller_failed"), (view.Record.Site, view.Record.RootEntity, view.Record.RootKind));
        Assert.Equal(IncidentState.Resolved, view.Incident.State);
        Assert.Equal(3, (await collector.Store.ListIncidentsAsync(default)).Count);
        Assert.Equal($"{collector.HttpAddress}incidents/{CtyFixture.AsHost("mail02")[0].IncidentId}", urls[1]);
        Assert.Contains(view.Id, await collector.Http.GetStringAsync(urls[2]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_SameFaultOutsideTheOnsetWindow_StaysTwoIncidents()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail01"), CtyFixture.AsHost("mail01")));

        // Opened 5 hours later: after the first was resolved, and outside the 30-minute window.
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail02"), CtyFixture.AsHost("mail02", TimeSpan.FromHours(5))));

        Assert.Equal(2, (await collector.Views.ListAsync(default)).Count);
    }

    [Fact]
    public async Task Push_AnotherSite_StaysItsOwnIncident()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail01"), CtyFixture.AsHost("mail01")));
        var elsewhere = CtyFixture.AgentOn("mail09");
        elsewhere.Site = "other-site";
        var revisions = CtyFixture.AsHost("mail09");
        foreach (var revision in revisions)
        {
            revision.Agent = elsewhere.Clone();
        }

        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(elsewhere, revisions));

        Assert.Equal(["cty", "other-site"], (await collector.Views.ListAsync(default)).Select(v => v.Record.Site).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetMergedIncidentByAMembersId_ServesTheMergedPage()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail01"), CtyFixture.AsHost("mail01")));
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail02"), CtyFixture.AsHost("mail02")));
        var member = CtyFixture.AsHost("mail02")[0].IncidentId;

        using var json = JsonDocument.Parse(await collector.Http.GetStringAsync($"/incidents/{member}/report.json"));

        Assert.Equal(CtyFixture.AsHost("mail01")[0].IncidentId, json.RootElement.GetProperty("incidentId").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("agentIncidents").GetArrayLength());
    }
}
