using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitor.Agent;
using Monitor.Collector;
using Monitor.Collector.Store;
using Monitor.Collector.Web;
using Wire = Monitor.Contracts.V1;

namespace Monitor.EndToEnd.Tests;

/// <summary>
/// The foundation, end to end: the collector on a real loopback port with a fresh SQLite file,
/// the agent replaying cty-2017 through a real gRPC channel, the result checked against the
/// scenario's expected.json.
/// </summary>
public sealed class CtyReplayTests : IAsyncLifetime
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMinutes(15);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monitor-e2e-" + Guid.NewGuid().ToString("N"));

    // The collector's API needs a read-only token, as Prometheus or a script would hold one.
    private readonly string _token = "e2e-" + Guid.NewGuid().ToString("N");
    private readonly StringWriter _timeline = new();
    private WebApplication? _collector;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var tokenFile = Path.Combine(_directory, "e2e.token");
        await File.WriteAllTextAsync(tokenFile, _token);
        _collector = CollectorApplication.Build(
        [
            "--config", Path.Combine(RepositoryPaths.Root, "config", "collector.json"),
            "--Collector:Listen=http://127.0.0.1:0",
            "--Collector:HttpListen=http://127.0.0.1:0",
            $"--Collector:DatabasePath={Path.Combine(_directory, "collector.db")}",
            $"--Collector:ReportDirectory={Path.Combine(_directory, "reports")}",
            "--Collector:Web:Tokens:0:Name=e2e",
            "--Collector:Web:Tokens:0:Role=read-only",
            $"--Collector:Web:Tokens:0:TokenFile={tokenFile}",
        ]);
        await _collector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_collector is not null)
        {
            await _collector.StopAsync();
            await _collector.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task ReplayAsync(string scenario)
    {
        using var agent = AgentApplication.Build(
        [
            "replay", RepositoryPaths.Scenario(scenario),
            "--speed", "0",
            "--collector", CollectorApplication.BoundAddress(_collector!).ToString(),
            "--config", Path.Combine(RepositoryPaths.Root, "config", "agent.json"),
        ],
            _timeline);

        // A bound, not a wait: the replay ends by itself once every revision is acknowledged.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await agent.RunAsync(bound.Token);
        Assert.False(bound.IsCancellationRequested, "the replay did not finish:\n" + _timeline);
    }

    [Fact]
    public async Task Replay_Cty2017_OneIncidentAsExpected()
    {
        var truth = ScenarioTruth.Load(RepositoryPaths.Scenario("cty-2017"));
        var expected = Assert.Single(truth.Incidents);

        await ReplayAsync("cty-2017");

        using var http = new HttpClient { BaseAddress = CollectorApplication.BoundHttpAddress(_collector!) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
        var incidents = await http.GetFromJsonAsync<List<IncidentListItem>>("/api/incidents");
        var incident = Assert.Single(incidents!);
        Assert.Equal((expected.RootCause.Entity, expected.RootCause.Kind), (incident.RootCause.Entity, incident.RootCause.Kind));
        Assert.InRange(incident.OpenedAt, expected.Onset, expected.Onset + SampleInterval);
        Assert.Equal(expected.Recovered, incident.RecoveredAt);
        Assert.NotNull(incident.ResolvedAt);
        Assert.InRange(incident.ResolvedAt.Value, expected.Recovered, expected.Recovered + QuietPeriod);
        Assert.Equal(expected.Duration, incident.RecoveredAt!.Value - incident.OpenedAt);
        Assert.Equal(expected.AffectedUsers.Max, incident.AffectedUsersMax);
        Assert.Equal("resolved", incident.State, ignoreCase: true);

        var store = _collector!.Services.GetRequiredService<IIncidentStore>();
        var latest = (await store.GetLatestRevisionAsync(incident.Id, CancellationToken.None))!;
        var symptoms = latest.Symptoms.Select(s => (s.Entity, s.Kind)).ToHashSet();
        Assert.All(expected.SymptomsInclude, s => Assert.Contains((s.Entity, s.Kind), symptoms));
        Assert.All(expected.SymptomsExclude, s => Assert.DoesNotContain((s.Entity, s.Kind), symptoms));
        Assert.Equal(
            expected.ServicesStopped.Order(StringComparer.Ordinal),
            latest.Services.Where(s => s.Impact == Wire.ImpactLevel.Stopped).Select(s => s.Function).Order(StringComparer.Ordinal));
        Assert.Contains(latest.CausalChain, l => l.FromEntity == expected.RootCause.Entity);
        Assert.Contains(latest.CausalChain, l => l.ToEntity == expected.AffectedUsers.PopulationKey);
        Assert.Contains(latest.AffectedUsersSeries, p => p.Count == expected.AffectedUsers.Max);
    }

    [Fact]
    public async Task Replay_Cty2017_RevisionsArriveInOrderAndTheReportIsWritten()
    {
        await ReplayAsync("cty-2017");

        var store = _collector!.Services.GetRequiredService<IIncidentStore>();
        var incident = Assert.Single(await store.ListIncidentsAsync(CancellationToken.None));
        var revisions = await store.GetRevisionsAsync(incident.IncidentId, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, revisions.Count).Select(n => (long)n), revisions.Select(r => r.Revision.Revision));
        Assert.Equal(Wire.IncidentState.Open, revisions[0].Revision.State);
        Assert.Equal(Wire.IncidentState.Resolved, revisions[^1].Revision.State);

        await _collector.Services.GetRequiredService<Monitor.Collector.Reports.DraftReportWriter>().WhenWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var report = await File.ReadAllTextAsync(_collector.Services.GetRequiredService<Monitor.Collector.Reports.DraftReportFiles>().PathFor(incident));
        Assert.Contains("50,511", report, StringComparison.Ordinal);
        // Users were first seen affected at 08:58 (every probe failing); the controller stopped at
        // 08:53, which the report states beside it (issue 10: 発生 is the first user impact).
        Assert.Contains("8時58分～同年1月13日金曜日12時31分（継続時間:3時間33分間）", report, StringComparison.Ordinal);
        Assert.Contains("監視による異常の最初の検知はそれより前の平成29年1月13日(金) 8時53分", report, StringComparison.Ordinal);
        Assert.Contains("ctl-a", report, StringComparison.Ordinal);
        Assert.Contains("【要記入】", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_SameScenarioTwice_ChangesNothingTheSecondTime()
    {
        await ReplayAsync("cty-2017");
        var store = _collector!.Services.GetRequiredService<IIncidentStore>();
        var incident = Assert.Single(await store.ListIncidentsAsync(CancellationToken.None));
        var before = await store.GetRevisionsAsync(incident.IncidentId, CancellationToken.None);

        await ReplayAsync("cty-2017");

        var after = await store.GetRevisionsAsync(incident.IncidentId, CancellationToken.None);
        Assert.Single(await store.ListIncidentsAsync(CancellationToken.None));
        Assert.Equal(before.Select(r => r.Revision.IdempotencyKey), after.Select(r => r.Revision.IdempotencyKey));
        Assert.Equal(before.Select(r => r.ReceivedAt), after.Select(r => r.ReceivedAt));
    }
}
