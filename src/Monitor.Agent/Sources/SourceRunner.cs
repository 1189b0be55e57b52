using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Telemetry;

namespace Monitor.Agent.Sources;

/// <summary>
/// Runs every enabled source on its own task and hands their batches to the detection worker.
/// A source that throws is logged, marked down in its metrics and health, and the others go on.
/// When every source has finished (a replay), the batch channel is completed.
/// </summary>
public sealed class SourceRunner(
    IEnumerable<ISource> sources,
    ChannelWriter<SourceBatch> batches,
    SourceHealth health,
    TimeProvider clock,
    AgentMetrics metrics,
    ILogger<SourceRunner> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = sources.Select(source => Task.Run(() => RunAsync(source, stoppingToken), stoppingToken)).ToList();
        if (running.Count == 0)
        {
            logger.LogWarning("No source is enabled: the agent reads nothing (enable one under Agent:Sources)");
        }

        await Task.WhenAll(running);
        batches.TryComplete();
    }

    private async Task RunAsync(ISource source, CancellationToken stoppingToken)
    {
        logger.LogInformation("Source {Source} started", source.Name);
        try
        {
            // How long a read takes is the source's to observe (PolledSource times the read
            // alone); timed here, it would include the wait between reads.
            await foreach (var batch in source.RunAsync(stoppingToken))
            {
                metrics.SourceUp.WithLabels(source.Name).Set(1);
                metrics.SamplesRead.WithLabels(source.Name).Inc(batch.Samples.Count);
                health.Succeeded(source.Name, clock.GetUtcNow());
                await batches.WriteAsync(batch, stoppingToken);
            }

            logger.LogInformation("Source {Source} finished", source.Name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // One broken source must never stop the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            metrics.SourceUp.WithLabels(source.Name).Set(0);
            health.Failed(source.Name, clock.GetUtcNow(), e.Message);
            logger.LogError(e, "Source {Source} failed and stopped; the other sources keep running", source.Name);
        }
    }
}
