using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Detection;
using Monitor.Agent.Outbox;
using Monitor.Agent.Revisions;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Agent.Tests.Delivery;
using Monitor.Core.Pipeline;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Detection;

/// <summary>
/// The batches the sources read in one tick are evaluated once together; batches of different
/// ticks (a replay's minutes) are each evaluated at their own time.
/// </summary>
public sealed class OneEvaluationPerTickTests
{
    private static readonly DateTimeOffset T = new(2017, 1, 13, 8, 40, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task EightSourcesOfOneTick_AreOneEvaluation()
    {
        var batches = Enumerable.Range(0, 8).Select(i => Batch($"source{i}", T.AddMilliseconds(i * 20), i)).ToList();

        var evaluations = await EvaluateAsync(batches);

        var evaluation = Assert.Single(evaluations);
        Assert.Equal(T.AddMilliseconds(140), evaluation);
    }

    [Fact]
    public async Task BatchesMinutesApart_AreOneEvaluationEach()
    {
        var batches = Enumerable.Range(0, 3).Select(i => Batch("exporter", T.AddMinutes(i), i)).ToList();

        var evaluations = await EvaluateAsync(batches);

        Assert.Equal([T, T.AddMinutes(1), T.AddMinutes(2)], evaluations);
    }

    private static SourceBatch Batch(string source, DateTimeOffset time, int value) =>
        new(source, time, [new Sample(time, "ctl-a", MetricCatalog.ControllerIops, 100 + value)], []);

    private static async Task<List<DateTimeOffset>> EvaluateAsync(IReadOnlyList<SourceBatch> batches)
    {
        using var metrics = new AgentMetrics();
        var pipeline = CtyPipeline.Create();
        var lifecycle = new AgentLifecycle();
        var channel = Channel.CreateUnbounded<SourceBatch>();
        foreach (var batch in batches)
        {
            await channel.Writer.WriteAsync(batch);
        }

        channel.Writer.Complete();
        var counter = new EvaluationTimes();
        using var worker = new DetectionWorker(channel.Reader, pipeline, TestRevisions.Mapper(), new MemoryOutbox(metrics), lifecycle, [counter], metrics,
            NullLogger<DetectionWorker>.Instance, new FakeTimeProvider(T));

        await worker.StartAsync(CancellationToken.None);
        await lifecycle.DetectionDone.WaitAsync(TimeSpan.FromMinutes(1));
        await worker.StopAsync(CancellationToken.None);
        return counter.Times;
    }

    private sealed class EvaluationTimes : IDetectionObserver
    {
        public List<DateTimeOffset> Times { get; } = [];

        public void Evaluated(EvaluationResult result) => Times.Add(result.Time);
    }
}
