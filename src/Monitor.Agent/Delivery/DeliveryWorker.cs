using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Clocks;
using Monitor.Agent.Outbox;
using Monitor.Agent.Revisions;
using Monitor.Agent.Telemetry;

namespace Monitor.Agent.Delivery;

/// <summary>
/// Drains the outbox to the collector in order, in batches cut to fit MaxMessageBytes. A revision
/// leaves the outbox only when the collector acknowledged its idempotency key. What the collector
/// says decides what happens next:
/// <list type="bullet">
/// <item>unreachable (every configured collector): keep everything, back off (capped, with
/// jitter) and try again, for as long as it takes;</item>
/// <item>Unauthenticated, PermissionDenied: a configuration problem; keep everything, back off,
/// log an error saying what to check, and report /healthz degraded until a push is accepted;</item>
/// <item>ResourceExhausted (too many pushes): keep everything, back off, try again;</item>
/// <item>InvalidArgument, FailedPrecondition: this revision is refused for good; the batch is
/// retried one revision at a time and only the refused one is parked.</item>
/// </list>
/// A revision too large to fit MaxMessageBytes alone is parked without being sent.
/// </summary>
public sealed class DeliveryWorker(
    IOutbox outbox,
    CollectorClient client,
    RevisionMapper mapper,
    CollectorEndpointOptions collector,
    WallClock wallClock,
    AgentLifecycle lifecycle,
    DeliveryHealth health,
    AgentMetrics metrics,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private int _failures;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (outbox.Count == 0)
                {
                    await outbox.WaitForRevisionsAsync(stoppingToken);
                }

                var wait = await DeliverOnceAsync(stoppingToken);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, wallClock.Time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One round: pushes the oldest batch. Returns how long to wait before the next round: zero
    /// when the batch went through (or was parked), a back-off when the collector could not take it.
    /// </summary>
    internal async Task<TimeSpan> DeliverOnceAsync(CancellationToken cancellationToken)
    {
        var batch = outbox.Peek(collector.BatchSize);
        if (batch.Count == 0)
        {
            return TimeSpan.Zero;
        }

        try
        {
            var (pushes, tooLarge) = PushSplitter.Split(mapper.Agent, batch, collector.MaxMessageBytes);
            foreach (var (revision, bytes) in tooLarge)
            {
                ParkTooLarge(revision, bytes);
            }

            foreach (var push in pushes)
            {
                await PushAsync(push, cancellationToken);
            }

            _failures = 0;
            health.Accepted();
            return TimeSpan.Zero;
        }
        catch (RpcException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("delivery stopped", e, cancellationToken);
        }
        catch (CollectorUnreachableException e)
        {
            var wait = Backoff("failed");
            health.Failed(wallClock.Time.GetUtcNow(), e.Message);
            logger.LogWarning("{Problem}; {Pending} revisions kept, next try in {Wait:0.0}s", e.Message, outbox.Count, wait.TotalSeconds);
            return wait;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            var wait = Backoff("refused");
            var agent = mapper.Agent;
            var why = $"collector {client.Current} refuses agent '{agent.AgentId}' of site '{agent.Site}' ({e.StatusCode}: {e.Status.Detail})";
            health.Refused(wallClock.Time.GetUtcNow(), why);
            logger.LogError("The {Why}. Check the agent's certificate (Agent:Collector:CertificatePath, KeyPath: its CN must be the agent id, its OU the site, "
                + "signed by the collector's Collector:Tls:ClientCaPath) or token (Agent:Collector:TokenFile), and that the collector's Collector:Agents "
                + "lists this agent with this site. {Pending} revisions kept, next try in {Wait:0.0}s",
                why, outbox.Count, wait.TotalSeconds);
            return wait;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.ResourceExhausted)
        {
            var wait = Backoff("throttled");
            if (e.Status.Detail.Contains("message size", StringComparison.OrdinalIgnoreCase))
            {
                logger.LogError("Collector {Collector} refuses a push as too large ({Detail}): Agent:Collector:MaxMessageBytes ({Max}) must not exceed the collector's "
                    + "Collector:Limits:MaxMessageBytes. {Pending} revisions kept, next try in {Wait:0.0}s",
                    client.Current, e.Status.Detail, collector.MaxMessageBytes, outbox.Count, wait.TotalSeconds);
            }
            else
            {
                logger.LogWarning("Collector {Collector} is limiting this agent's pushes ({Detail}); {Pending} revisions kept, next try in {Wait:0.0}s",
                    client.Current, e.Status.Detail, outbox.Count, wait.TotalSeconds);
            }

            return wait;
        }
        catch (RpcException e)
        {
            var wait = Backoff("failed");
            health.Failed(wallClock.Time.GetUtcNow(), $"collector {client.Current} failed the push ({PushResilience.Describe(e)})");
            logger.LogWarning("Collector {Collector} failed the push ({Reason}); {Pending} revisions kept, next try in {Wait:0.0}s",
                client.Current, PushResilience.Describe(e), outbox.Count, wait.TotalSeconds);
            return wait;
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
            metrics.Deliveries.WithLabels("rejected").Inc();
            logger.LogError("Collector refused revision {Key}: {Reason}. It is parked, not sent again",
                batch[0].Revision.IdempotencyKey, e.Status.Detail);
        }
    }

    private async Task SendAsync(IReadOnlyList<PendingRevision> batch, CancellationToken cancellationToken)
    {
        using var activity = AgentTelemetry.Activities.StartActivity("push revisions");
        activity?.SetTag("monitor.revisions", batch.Count);
        var request = PushSplitter.Request(mapper.Agent, batch);

        var started = Stopwatch.GetTimestamp();
        var reply = await client.PushAsync(request, cancellationToken);
        metrics.DeliveryDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);

        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ack in reply.Acknowledgements)
        {
            acknowledged.Add(ack.IdempotencyKey);
            metrics.Deliveries.WithLabels(ack.Outcome.ToString().ToLowerInvariant()).Inc();
        }

        outbox.Acknowledge(acknowledged);
        lifecycle.Delivered(reply.Acknowledgements);
        if (acknowledged.Count < batch.Count)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"collector acknowledged {acknowledged.Count} of {batch.Count} revisions"));
        }
    }

    private void ParkTooLarge(PendingRevision pending, int bytes)
    {
        var reason = $"the revision makes a push of {bytes} bytes, over Agent:Collector:MaxMessageBytes ({collector.MaxMessageBytes}); the collector would refuse it";
        outbox.Park(pending, reason);
        metrics.Deliveries.WithLabels("oversized").Inc();
        logger.LogError("Revision {Key} is not sent: {Reason}. It is parked", pending.Revision.IdempotencyKey, reason);
    }

    // Exponential from 0.5 s, capped, with jitter so many agents don't retry in step.
    private TimeSpan Backoff(string outcome)
    {
        metrics.Deliveries.WithLabels(outcome).Inc();
        _failures++;
        var cap = Math.Min(collector.MaxBackoff.TotalSeconds, 0.5 * Math.Pow(2, Math.Min(_failures, 20)));
        return TimeSpan.FromSeconds(cap * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
