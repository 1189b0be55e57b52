using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Detection;
using Monitor.Agent.Outbox;
using Monitor.Agent.Revisions;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Agent.Tests.Delivery;
using Monitor.Agent.Tests.Sources;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Detection;

/// <summary>
/// A live source's bad samples (NaN, ±Inf, a negative rate, a time given twice) are dropped before
/// any rule, counted in monitor_agent_samples_dropped_total{source,reason}, and logged once per
/// source, metric and reason, so a broken exporter is seen without flooding the log.
/// </summary>
public sealed class SampleDropsTests
{
    private static readonly DateTimeOffset T = new(2017, 1, 13, 8, 40, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task BadSamplesOfALiveSource_AreDroppedCountedByReasonAndLoggedOnce()
    {
        using var metrics = new AgentMetrics();
        var log = new CollectingLogger();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var pipeline = CtyPipeline.Create();
        var lifecycle = new AgentLifecycle();
        var channel = Channel.CreateUnbounded<SourceBatch>();
        Sample Iops(int minute, double value) => new(T.AddMinutes(minute), "ctl-a", MetricCatalog.ControllerIops, value);
        await channel.Writer.WriteAsync(new SourceBatch("exporter", T, [Iops(0, 100), Iops(0, 100), Iops(1, double.NaN)], []));
        await channel.Writer.WriteAsync(new SourceBatch("exporter", T.AddMinutes(2), [Iops(2, double.PositiveInfinity), Iops(2, -5), Iops(3, 120)], []));
        await channel.Writer.WriteAsync(new SourceBatch("redfish", T.AddMinutes(4), [Iops(1, 110)], []));
        channel.Writer.Complete();
        using var worker = new DetectionWorker(channel.Reader, pipeline, TestRevisions.Mapper(), new MemoryOutbox(metrics), lifecycle, [], metrics, loggers.CreateLogger<DetectionWorker>(), TimeProvider.System);

        await worker.StartAsync(CancellationToken.None);
        await lifecycle.DetectionDone.WaitAsync(TimeSpan.FromMinutes(1));
        await worker.StopAsync(CancellationToken.None);

        double Dropped(string source, string reason) => metrics.SamplesDropped.WithLabels(source, reason).Value;
        Assert.Equal(1, Dropped("exporter", SampleRefusal.DuplicateTime));
        Assert.Equal(2, Dropped("exporter", SampleRefusal.NotFinite));
        Assert.Equal(1, Dropped("exporter", SampleRefusal.Negative));
        Assert.Equal(1, Dropped("redfish", SampleRefusal.OutOfOrder));
        Assert.Equal(120, pipeline.Window.Latest("ctl-a", MetricCatalog.ControllerIops)?.Value);
        var drops = log.Messages.Where(m => m.Contains("dropped", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, drops.Count);
        Assert.Single(drops, m => m.Contains("exporter", StringComparison.Ordinal) && m.Contains(SampleRefusal.NotFinite, StringComparison.Ordinal));
        Assert.All(drops, m => Assert.Contains("monitor_agent_samples_dropped_total", m, StringComparison.Ordinal));
    }
}
