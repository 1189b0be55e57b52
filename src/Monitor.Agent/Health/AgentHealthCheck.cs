using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.Agent.Clocks;
using Monitor.Agent.Delivery;
using Monitor.Agent.Outbox;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Health;

/// <summary>
/// /healthz: unhealthy (503) when pushes to the collector have failed for longer than
/// Agent:Collector:UnhealthyAfter, since the agent's incidents then reach no one; degraded when a
/// source failed, the outbox cannot write, the collector refuses this agent or refused revisions,
/// or pushes have started failing.
/// </summary>
public sealed class AgentHealthCheck(SourceHealth sources, IOutbox outbox, DeliveryHealth delivery, WallClock clock, CollectorEndpointOptions collector)
    : IHealthCheck
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failed = sources.All.Where(s => !s.Value.Ok).Select(s => $"{s.Key}: {s.Value.Error}").ToList();
        var data = new Dictionary<string, object> { ["outbox_pending"] = outbox.Count, ["outbox_parked"] = outbox.Parked.Count };
        if (outbox.LastWriteError is { } writeError)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"outbox write failing: {writeError}", data: data));
        }

        if (delivery.Failing is { } failing && clock.Time.GetUtcNow() - failing.Since is var lasted && lasted >= collector.UnhealthyAfter)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"no revision has reached the collector for {Minutes(lasted)} (since {failing.Since:u}): {failing.Why}; {outbox.Count} revisions kept", data: data));
        }

        if (delivery.Refusal is { } refusal)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{refusal}; revisions are kept until it accepts them", data: data));
        }

        if (failed.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"sources failing: {string.Join("; ", failed)}", data: data));
        }

        if (delivery.Failing is { } starting)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"pushes failing since {starting.Since:u}: {starting.Why}; {outbox.Count} revisions kept", data: data));
        }

        return Task.FromResult(outbox.Parked.Count > 0
            ? HealthCheckResult.Degraded($"{outbox.Parked.Count} revisions refused by the collector", data: data)
            : HealthCheckResult.Healthy("sources reading, outbox draining", data));
    }

    private static string Minutes(TimeSpan span) =>
        span < TimeSpan.FromHours(1) ? $"{(int)span.TotalMinutes} min" : $"{(int)span.TotalHours} h {span.Minutes} min";
}
