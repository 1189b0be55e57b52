using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Delivery;
using Monitor.Agent.Outbox;
using Monitor.Agent.Revisions;

namespace Monitor.Agent.Replay;

/// <summary>
/// Ends a finite run (Agent:ExitWhenDone): once every batch is evaluated and the collector has
/// acknowledged every revision, prints the summary and stops the agent with exit code 0. If the
/// collector does not acknowledge everything in time, says how many revisions are left and exits 1.
/// </summary>
public sealed class ReplayCompletion(
    AgentLifecycle lifecycle,
    IOutbox outbox,
    IReplayOutput console,
    CollectorEndpointOptions collector,
    IHostApplicationLifetime lifetime,
    ILogger<ReplayCompletion> logger) : BackgroundService
{
    /// <summary>How long to wait for the collector's acknowledgements after the last batch.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(2);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lifecycle.DetectionDone.WaitAsync(stoppingToken);
            if (collector.Address.Length > 0)
            {
                try
                {
                    await outbox.WaitUntilEmptyAsync(stoppingToken).WaitAsync(DrainTimeout, stoppingToken);
                }
                catch (TimeoutException)
                {
                    logger.LogError("The collector did not acknowledge {Pending} revisions within {Timeout}", outbox.Count, DrainTimeout);
                    Environment.ExitCode = 1;
                }
            }

            if (outbox.Parked.Count > 0)
            {
                logger.LogError("The collector refused {Parked} revisions; see the log above for its reasons", outbox.Parked.Count);
                Environment.ExitCode = 1;
            }

            console.WriteSummary(lifecycle.IncidentUrls);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        lifetime.StopApplication();
    }
}
