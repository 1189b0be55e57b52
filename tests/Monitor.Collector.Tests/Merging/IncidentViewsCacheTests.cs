using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingest;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Merging;

/// <summary>
/// Issue 13, severe 2: a revision at the documented maximum (100,000 series points) froze the
/// collector, because the series merge was quadratic and ran again for every page, alert round
/// and report write. The merge is linear and runs once per change.
/// </summary>
public sealed class IncidentViewsCacheTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(CtyIncident.Onset.AddHours(1));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void CombineSeries_TwoRevisionsAtTheSeriesLimit_ExaminesEachPointOnce()
    {
        var points = RevisionValidator.MaxSeriesPoints;
        var a = WithSeries(CtyIncident.Revision(1, "inc-a"), "pop-a", points, offsetSeconds: 0);
        var b = WithSeries(CtyIncident.Revision(1, "inc-b"), "pop-b", points, offsetSeconds: 5);

        var merged = IncidentMerger.CombineSeries([a, b], out var examined);

        // Quadratic was about points² / 2 per member (2 × 10^10 here): minutes of CPU per reader.
        Assert.True(examined <= 2L * (2 * points), $"examined {examined:N0} points to merge {2 * points:N0}");
        Assert.Equal(2 * points, merged.Count);
        Assert.Equal(3, merged[0].Count);
        Assert.Equal(3 + 3, merged[1].Count);
    }

    [Fact]
    public async Task Views_ReadByPagesAlertsAndReports_MergeOncePerChange()
    {
        using var store = new SqliteIncidentStore(_directory.File("collector.db"), _time);
        await store.InitializeAsync(default);
        var views = new IncidentViews(store, Options.Create(new CollectorOptions()), _time, new IncidentFailures(Prometheus.Metrics.NewCustomRegistry(), NullLogger<IncidentFailures>.Instance));
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        await views.ListAsync(IncidentFailures.Page, default);
        await views.ListAsync(IncidentFailures.Alert, default);
        Assert.NotNull(await views.GetAsync(CtyIncident.Id, IncidentFailures.Report, default));
        _time.Advance(TimeSpan.FromMinutes(1));
        await views.ListAsync(IncidentFailures.Page, default);
        Assert.Equal(1, views.MergesComputed);

        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2)], default);
        var list = await views.ListAsync(IncidentFailures.Alert, default);

        Assert.Equal(2, views.MergesComputed);
        Assert.Equal(2, Assert.Single(list.Views).Record.Members[0].Revision);
    }

    [Fact]
    public void Chart_RevisionAtTheSeriesLimit_DrawsAboutThreeStepsAPixelColumn()
    {
        var revision = WithSeries(CtyIncident.Revision(1, "inc-a"), "pop-a", RevisionValidator.MaxSeriesPoints, offsetSeconds: 0);
        var points = revision.AffectedUsersSeries.Select(p => new ChartPoint(p.Time.ToDateTimeOffset(), p.Count)).ToList();

        var svg = UsersChartSvg.Render(new ChartBlock("users", points, CtyIncident.Onset, points[^1].Time), TimeZoneInfo.Utc);

        // 100,000 points drew 200,000 steps (4 MB of SVG) before; the chart is 800 pixels wide or so.
        var steps = svg.Count(c => c is 'H' or 'V');
        Assert.InRange(steps, 2, 3_000);
        Assert.Contains("max 300,000 / now 300,000", svg);
    }

    /// <summary><paramref name="points"/> points 10 s apart, the count rising by 3 each time.</summary>
    private static IncidentRevision WithSeries(IncidentRevision revision, string population, int points, int offsetSeconds)
    {
        revision.AffectedUsers.Clear();
        revision.AffectedUsers.Add(new AffectedUsers { PopulationKey = population, Count = 3L * points, Basis = UserCountBasis.Contracts });
        revision.AffectedUsersSeries.Clear();
        for (var index = 0; index < points; index++)
        {
            revision.AffectedUsersSeries.Add(new AffectedUsersPoint
            {
                Time = Timestamp.FromDateTimeOffset(CtyIncident.Onset.AddSeconds((10L * index) + offsetSeconds)),
                Count = 3L * (index + 1),
            });
        }

        return revision;
    }
}
