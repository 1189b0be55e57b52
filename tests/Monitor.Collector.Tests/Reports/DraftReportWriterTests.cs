using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector.Store;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// Draft reports follow the acknowledgement: written behind the pushes, flushed when the collector
/// stops, and rewritten at start when a crash left one missing or behind its incident.
/// </summary>
public sealed class DraftReportWriterTests
{
    [Fact]
    public async Task Push_SeveralRevisionsInARow_ReportShowsTheNewest()
    {
        await using var collector = await RunningCollector.StartAsync();

        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1)));
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(2)));
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(3)));
        await collector.ReportsWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // Revision 3 is the first with the recovery: only the newest report says 3h38m.
        Assert.Contains("(duration: 3 h 38 min)", await File.ReadAllTextAsync(collector.ReportFile(CtyIncident.Id, "report.en.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ReportFileMissingAfterACrash_RewrittenFromTheStore()
    {
        using var shared = new TemporaryDirectory();
        string[] sameFiles = [$"--Collector:DatabasePath={shared.File("collector.db")}", $"--Collector:ReportDirectory={shared.File("reports")}"];
        var report = shared.File("reports", "cty", CtyIncident.Agent.AgentId, CtyIncident.Id, "report.md");
        await using (var first = await RunningCollector.StartAsync(sameFiles))
        {
            await first.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(3)));
            await first.ReportsWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        // As if the collector died between the commit and the report.
        File.Delete(report);
        await using var second = await RunningCollector.StartAsync(sameFiles);
        await second.ReportsWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("（継続時間:3時間38分間）", await File.ReadAllTextAsync(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreAnnouncesRevisions_StoredWithoutIngest_ReportWritten()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(3)], default);

        collector.Services.GetRequiredService<IncidentStoreChanges>().Announce(new StoredChange(StoredChangeKind.Revisions, [CtyIncident.Id]));
        await collector.ReportsWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(File.Exists(collector.ReportFile(CtyIncident.Id)));
    }

    [Fact]
    public async Task StoreAnnouncesAnAction_ReportNotRewritten()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(3)], default);

        collector.Services.GetRequiredService<IncidentStoreChanges>().Announce(new StoredChange(StoredChangeKind.Action, [CtyIncident.Id]));
        await collector.ReportsWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // An on-call action reaches the report file with the next revision, not on its own.
        Assert.False(File.Exists(collector.ReportFile(CtyIncident.Id)));
    }
}
