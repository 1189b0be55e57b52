using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Options;
using Monitor.Agent.Outbox;
using Monitor.Agent.Replay;
using Monitor.Agent.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Delivery;

/// <summary>
/// Drains the outbox to the collector in order, in batches. A revision leaves the outbox only
/// when the collector acknowledged its idempotency key. While the collector is unreachable it
/// backs off (capped, with jitter) and tries again, for as long as it takes. A batch the collector
/// refuses as malformed is retried one revision at a time, and only the refused one is parked.
/// </summary>
public sealed class DeliveryWorker(
    IOutbox outbox,
    CollectorClient client,
    RevisionMapper mapper,
    AgentOptions options,
    WallClock wallClock,
    AgentLifecycle lifecycle,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (outbox.Count == 0)
                {
                    await outbox.WaitForRevisionsAsync(stoppingToken);
                }

                var batch = outbox.Peek(options.Collector.BatchSize);
                await PushAsync(batch, stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RpcException or TimeoutException or Polly.Timeout.TimeoutRejectedException or HttpRequestException)
            {
                failures++;
                var wait = Backoff(failures);
                AgentMetrics.Deliveries.WithLabels("failed").Inc();
                logger.LogWarning("Collector {Address} unreachable ({Error}); {Pending} revisions kept, next try in {Wait:0.0}s",
                    options.Collector.Address, e.Message, outbox.Count, wait.TotalSeconds);
                await Task.Delay(wait, wallClock.Time, stoppingToken);
            }
        }
    }

    private async Task PushAsync(IReadOnlyList<PendingRevision> batch, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(batch, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition)
        {
            if (batch.Count > 1)
            {
                // Find the one the collector refuses; the others must still get through.
                foreach (var single in batch)
                {
                    await PushAsync([single], cancellationToken);
                }

                return;
            }

            outbox.Park(batch[0], e.Status.Detail);
            AgentMetrics.Deliveries.WithLabels("rejected").Inc();
            logger.LogError("Collector refused revision {Key}: {Reason}. It is parked, not sent again",
                batch[0].Revision.IdempotencyKey, e.Status.Detail);
        }
    }

    private async Task SendAsync(IReadOnlyList<PendingRevision> batch, CancellationToken cancellationToken)
    {
        using var activity = AgentTelemetry.Activities.StartActivity("push revisions");
        activity?.SetTag("monitor.revisions", batch.Count);
        var request = new PushRevisionsRequest { Agent = mapper.Agent };
        request.Revisions.AddRange(batch.Select(p => p.Revision));

        var started = Stopwatch.GetTimestamp();
        var reply = await client.PushAsync(request, cancellationToken);
        AgentMetrics.DeliveryDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);

        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ack in reply.Acknowledgements)
        {
            acknowledged.Add(ack.IdempotencyKey);
            AgentMetrics.Deliveries.WithLabels(ack.Outcome.ToString().ToLowerInvariant()).Inc();
        }

        outbox.Acknowledge(acknowledged);
        AgentTelemetry.Delivered.Add(acknowledged.Count);
        lifecycle.Delivered(reply.Acknowledgements);
        if (acknowledged.Count < batch.Count)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"collector acknowledged {acknowledged.Count} of {batch.Count} revisions"));
        }
    }

    // Exponential from 0.5 s, capped, with full jitter so many agents don't retry in step.
    private TimeSpan Backoff(int failures)
    {
        var cap = Math.Min(options.Collector.MaxBackoff.TotalSeconds, 0.5 * Math.Pow(2, Math.Min(failures, 20)));
        return TimeSpan.FromSeconds(cap * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
