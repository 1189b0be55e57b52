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

    [Fact]
    public async Task TickWhereEverySourceOfTheLastDelivered_IsEvaluatedWithoutWaitingTheSettle()
    {
        using var metrics = new AgentMetrics();
        var lifecycle = new AgentLifecycle();
        var channel = Channel.CreateUnbounded<SourceBatch>();
        var evaluated = new EvaluationTimes();

        // The clock never moves in this test: a tick that waited the settle out would never end.
        using var worker = new DetectionWorker(channel.Reader, CtyPipeline.Create(), TestRevisions.Mapper(), new MemoryOutbox(metrics), lifecycle, [evaluated], metrics,
            NullLogger<DetectionWorker>.Instance, new FakeTimeProvider(T));

        // The first tick ends with the next tick's first batch, and teaches the worker its sources.
        await channel.Writer.WriteAsync(Batch("diskstats", T, 1));
        await channel.Writer.WriteAsync(Batch("fchost", T.AddMilliseconds(20), 2));
        await channel.Writer.WriteAsync(Batch("diskstats", T.AddSeconds(1), 3));
        await worker.StartAsync(CancellationToken.None);
        Assert.Equal(T.AddMilliseconds(20), await evaluated.Next.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1)));

        // The second waits for fchost only, and is evaluated the moment it comes.
        await channel.Writer.WriteAsync(Batch("fchost", T.AddSeconds(1).AddMilliseconds(20), 4));
        Assert.Equal(T.AddSeconds(1).AddMilliseconds(20), await evaluated.Next.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1)));

        channel.Writer.Complete();
        await lifecycle.DetectionDone.WaitAsync(TimeSpan.FromMinutes(1));
        await worker.StopAsync(CancellationToken.None);
        Assert.Equal([T.AddMilliseconds(20), T.AddSeconds(1).AddMilliseconds(20)], evaluated.Times);
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

        public Channel<DateTimeOffset> Next { get; } = Channel.CreateUnbounded<DateTimeOffset>();

        public void Evaluated(EvaluationResult result)
        {
            Times.Add(result.Time);
            Next.Writer.TryWrite(result.Time);
        }
    }
}
