using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.Collector.Ingest;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Web;

/// <summary>
/// A collector that runs in UTC shows CTY's incident at 08:53 on Friday 13 January 2017, Tokyo's
/// time, on the page, in the reports and in the draft files; an older agent's in the collector's zone.
/// </summary>
public sealed class SiteTimeZonePagesTests
{
    [Fact]
    public async Task GetIncident_CollectorInUtc_ShowsTheSitesLocalTime()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:TimeZone=Etc/UTC");
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));

        var page = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}");

        Assert.Contains("Fri 13 Jan 2017 08:53", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Thu 12 Jan 2017 23:53", page, StringComparison.Ordinal);
        Assert.Contains("(Asia/Tokyo)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIncident_RegulationPanel_IsInJapaneseBesideEnglish()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:TimeZone=Etc/UTC");
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));

        var page = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}");
        var panel = page[page.IndexOf("id=\"regulation\"", StringComparison.Ordinal)..page.IndexOf("id=\"on-call\"", StringComparison.Ordinal)];

        Assert.Contains("<span lang=\"ja\">報告区分と期限</span> <span lang=\"en\" class=\"en\">Regulation and deadlines</span>", panel, StringComparison.Ordinal);
        Assert.Contains("<span lang=\"ja\">利用者への第1報</span> <span lang=\"en\" class=\"en\">First notice to users</span>", panel, StringComparison.Ordinal);
        Assert.Contains("五：一の項から四の項までに掲げる電気通信役務以外の電気通信役務", panel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIncident_Title_NamesTheIncidentWithoutItsHash()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));

        var page = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}");
        var title = page[(page.IndexOf("<title>", StringComparison.Ordinal) + 7)..page.IndexOf("</title>", StringComparison.Ordinal)];

        Assert.DoesNotContain("765424", title, StringComparison.Ordinal);
        Assert.Contains("cty", title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReport_CollectorInUtc_WritesTheSitesLocalDateInReportsAndDraftFiles()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:TimeZone=Etc/UTC");
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));

        var markdown = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}/report.ja.md");
        var english = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}/report.en.md");
        await collector.ReportsWrittenAsync();
        var file = await File.ReadAllTextAsync(collector.ReportFile(CtyFixture.IncidentId, agent: CtyFixture.Agent.AgentId));

        foreach (var japanese in new[] { markdown, file })
        {
            Assert.Contains("平成29年1月13日金曜日8時58分", japanese, StringComparison.Ordinal);
            Assert.Contains("(Asia/Tokyo)", japanese, StringComparison.Ordinal);
            Assert.DoesNotContain("(Etc/UTC)", japanese, StringComparison.Ordinal);
        }

        Assert.Contains("Fri 13 Jan 2017", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIncident_OldAgentWithoutZone_ShowsTheCollectorsZone()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:TimeZone=Etc/UTC");
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Select(WithoutZone)));

        var page = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}");

        Assert.Contains("Thu 12 Jan 2017 23:53", page, StringComparison.Ordinal);
        Assert.Contains("(Etc/UTC)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushRevisions_UnknownZone_StoresTheRevisionsAndLogsAWarningNamingTheField()
    {
        var logger = new ListLogger<IncidentIngestService>();
        await using var collector = await RunningCollector.StartAsync(
            services => services.AddSingleton<ILogger<IncidentIngestService>>(logger),
            "--Collector:TimeZone=Etc/UTC");
        var revisions = CtyFixture.Revisions;
        revisions[^1].Site.TimeZone = "Mars/Olympus_Mons";

        var reply = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, revisions));

        Assert.All(reply.Acknowledgements, a => Assert.Equal(AckOutcome.Stored, a.Outcome));
        var stored = await collector.Store.GetLatestRevisionAsync(CtyFixture.IncidentId, default);
        Assert.Equal(revisions[^1].Revision, stored!.Revision);
        Assert.Equal("", stored.Site.TimeZone);
        Assert.Contains(logger.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("site.time_zone 'Mars/Olympus_Mons' is not a known IANA time zone", StringComparison.Ordinal));
        var page = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}");
        Assert.Contains("Thu 12 Jan 2017 23:53", page, StringComparison.Ordinal);
    }

    private static IncidentRevision WithoutZone(IncidentRevision revision)
    {
        revision.Site.TimeZone = "";
        return revision;
    }
}
