using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Detection;
using Monitor.Agent.Outbox;
using Monitor.Agent.Revisions;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Agent.Tests.Delivery;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Agent.Tests.Detection;

/// <summary>
/// The agent stopped and started again in the middle of an incident, as a deploy or a crash does:
/// each run is a new detection worker with a new pipeline, sharing only the outbox folder.
/// </summary>
public sealed class IncidentResumeAcrossRestartTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2017, 1, 13, 8, 40, 0, TimeSpan.FromHours(9));
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static SiteTopology Cty()
    {
        var path = Path.Combine(RepositoryPaths.Scenario("cty-2017"), "topology.json");
        using var stream = File.OpenRead(path);
        return TopologyLoader.Load(stream, path);
    }

    /// <summary>One run of the agent: reads controller states minute by minute from <paramref name="from"/>, then stops.</summary>
    private async Task<List<Contracts.V1.IncidentRevision>> RunAsync(int from, int to, Func<int, double> controllerAUp, AgentMetrics? metrics = null)
    {
        metrics ??= new AgentMetrics();
        var topology = Cty();
        var clock = new FakeTimeProvider(Start.AddMinutes(from));
        var pipeline = new DetectionPipeline(topology, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "mail01.cty");
        var outbox = new MemoryOutbox(metrics);
        var channel = Channel.CreateUnbounded<SourceBatch>();
        var worker = new DetectionWorker(
            channel.Reader, pipeline, TestRevisions.Mapper(), outbox, new AgentLifecycle(), [], metrics, NullLogger<DetectionWorker>.Instance, clock,
            new IncidentStateFile(_folder.Path, metrics, NullLogger<IncidentStateFile>.Instance));
        for (var minute = from; minute <= to; minute++)
        {
            var at = Start.AddMinutes(minute);
            await channel.Writer.WriteAsync(new SourceBatch("redfish", at,
                [new Sample(at, "ctl-a", MetricCatalog.ControllerUp, controllerAUp(minute)), new Sample(at, "ctl-b", MetricCatalog.ControllerUp, 1)], []));
        }

        channel.Writer.Complete();
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));
        await worker.StopAsync(CancellationToken.None);
        return [.. outbox.Peek(1000).Select(p => p.Revision)];
    }

    [Fact]
    public async Task Restart_DuringAFault_ContinuesTheSameIncidentWithMonotonicRevisions()
    {
        // Controller A fails at minute 5; the agent stops after minute 20 and starts again at 30.
        var first = await RunAsync(0, 20, m => m >= 5 ? 0 : 1);
        Assert.True(File.Exists(_folder.File(IncidentStateFile.FileName)), "the first run saved its incidents");
        var second = await RunAsync(30, 40, _ => 0);

        var id = Assert.Single(first.Select(r => r.IncidentId).Distinct());
        Assert.All(second, r => Assert.Equal(id, r.IncidentId));
        var numbers = first.Concat(second).Select(r => r.Revision).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Contains(second[0].Timeline, t => t.Text.StartsWith("The agent was not running from 2017-01-13 09:00:00 +09:00", StringComparison.Ordinal));
        Assert.Equal(first[0].OpenedAt, second[^1].OpenedAt);
    }

    [Fact]
    public async Task Restart_AfterTheFaultClearedWhileDown_RecoversTheSameIncidentAtAnUnknownTime()
    {
        var first = await RunAsync(0, 20, m => m >= 5 ? 0 : 1);
        var second = await RunAsync(30, 60, _ => 1);

        var id = Assert.Single(first.Select(r => r.IncidentId).Distinct());
        Assert.All(second, r => Assert.Equal(id, r.IncidentId));
        Assert.Contains(second, r => r.State == Contracts.V1.IncidentState.Recovering
            && r.Timeline.Any(t => t.Text.StartsWith("Recovered at an unknown time between 2017-01-13 09:00:00 +09:00 and 2017-01-13 09:10:00 +09:00", StringComparison.Ordinal)));
        Assert.Equal(Contracts.V1.IncidentState.Resolved, second[^1].State);

        // Resolved for good: a third run has nothing to continue and makes no revision.
        Assert.Empty(await RunAsync(120, 125, _ => 1));
    }

    [Fact]
    public async Task StateFileThatCannotBeRead_IsSetAsideAndTheAgentStartsAfresh()
    {
        await File.WriteAllTextAsync(_folder.File(IncidentStateFile.FileName), "{\"savedAt\":\"2017-01-13T09:00:00+09:00\",\"incidents\":[{\"id\":");

        var revisions = await RunAsync(0, 10, m => m >= 5 ? 0 : 1);

        Assert.Single(revisions.Select(r => r.IncidentId).Distinct());
        Assert.Single(Directory.GetFiles(_folder.Path, IncidentStateFile.FileName + ".unreadable-*"));
    }
    [Fact]
    public void Save_WhereNothingCanBeWritten_IsCountedAndDoesNotThrow()
    {
        // A plain file where the folder should be: every write fails, as on a full or read-only disk.
        var notAFolder = _folder.File("not-a-folder");
        File.WriteAllText(notAFolder, "");
        var metrics = new AgentMetrics();
        var file = new IncidentStateFile(notAFolder, metrics, NullLogger<IncidentStateFile>.Instance);

        Assert.False(file.Save(new SavedTracker(Start, [])));
        Assert.Equal(1, metrics.IncidentStateWriteFailures.Value);
        Assert.Null(file.Load());
    }
}
