using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// Issue 13, report retry: a report the full disk refused was written again only after a
/// restart, and the temporaries of a crash mid-write stayed. On a real tmpfs filled and emptied:
/// the report is written by itself once space is back, and start sweeps the temporaries.
/// </summary>
public sealed class DraftReportRetryTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly SmallTmpfs _disk = new(512 * 1024);
    private readonly FakeTimeProvider _time = new(CtyIncident.Onset.AddHours(4));
    private readonly IncidentStoreChanges _changes = new();
    private readonly ListLogger<DraftReportFiles> _log = new();
    private SqliteIncidentStore _store = null!;
    private DraftReportFiles _files = null!;
    private DraftReportWriter _writer = null!;

    public async Task InitializeAsync()
    {
        var options = Options.Create(new CollectorOptions { ReportDirectory = Path.Combine(_disk.Path, "reports") });
        _store = new SqliteIncidentStore(_directory.File("collector.db"), _time);
        await _store.InitializeAsync(default);
        var views = new IncidentViews(_store, options, _time, new IncidentFailures(Prometheus.Metrics.NewCustomRegistry(), NullLogger<IncidentFailures>.Instance));
        _files = new DraftReportFiles(options, views, _log);
        _writer = new DraftReportWriter(_files, _store, _changes, NullLogger<DraftReportWriter>.Instance, _time);
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(default);
        _writer.Dispose();
        _store.Dispose();
        _disk.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Write_DiskFullThenSpaceBack_ReportWrittenWithoutARestart()
    {
        await _writer.StartAsync(default);
        _disk.Fill();
        await _store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(3)], default);
        _changes.Announce(new StoredChange(StoredChangeKind.Revisions, [CtyIncident.Id]));
        await _writer.WhenWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var report = Path.Combine(_files.DirectoryFor("cty", CtyIncident.Agent.AgentId, CtyIncident.Id), DraftReportFiles.JapaneseFile);
        Assert.False(File.Exists(report));
        Assert.Empty(Temporaries());

        _disk.Empty();
        _time.Advance(DraftReportWriter.RetryInterval);
        await _writer.WhenWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("（継続時間:3時間38分間）", await File.ReadAllTextAsync(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_DiskFullForManyReports_SaysSoOnceThenOnceWhenWrittenAgain()
    {
        await _writer.StartAsync(default);
        _disk.Fill();
        var incidents = Enumerable.Range(1, 5).Select(i =>
        {
            var revision = CtyIncident.Revision(3, $"inc-full-{i}");
            revision.RootCause.Entity = $"ctl-{i}";
            return revision;
        }).ToList();
        await _store.SaveRevisionsAsync(CtyIncident.Agent, incidents, default);
        _changes.Announce(new StoredChange(StoredChangeKind.Revisions, [.. incidents.Select(r => r.IncidentId)]));
        await _writer.WhenWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var whileFull = _log.Messages;

        _disk.Empty();
        _time.Advance(DraftReportWriter.RetryInterval);
        await _writer.WhenWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var after = _log.Messages;

        // Five incidents, three refused files each: one error, not fifteen; then one line when they are written.
        var error = Assert.Single(whileFull, r => r.Level == LogLevel.Error);
        Assert.Contains("not logged again until one is written", error.Text, StringComparison.Ordinal);
        var back = Assert.Single(after, r => r.Level == LogLevel.Information);
        var refused = System.Text.RegularExpressions.Regex.Match(back.Text, @"after (\d+) refused writes");
        Assert.True(refused.Success, back.Text);
        Assert.InRange(int.Parse(refused.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 10, 30);
        Assert.Single(after, r => r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Start_TemporariesOfACrashedWrite_AreSweptAndReportsKept()
    {
        var directory = _files.DirectoryFor("cty", CtyIncident.Agent.AgentId, CtyIncident.Id);
        Directory.CreateDirectory(directory);
        var crashed = Path.Combine(directory, $".{DraftReportFiles.JapaneseFile}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(crashed, "# half a rep");
        var kept = Path.Combine(directory, DraftReportFiles.EnglishFile);
        await File.WriteAllTextAsync(kept, "# a report");

        await _writer.StartAsync(default);

        Assert.Empty(Temporaries());
        Assert.True(File.Exists(kept));
    }

    private string[] Temporaries() =>
        Directory.Exists(_files.ReportDirectory) ? Directory.GetFiles(_files.ReportDirectory, "*.tmp", SearchOption.AllDirectories) : [];
}
