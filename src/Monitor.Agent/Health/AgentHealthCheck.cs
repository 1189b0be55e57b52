using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.Agent.Delivery;
using Monitor.Agent.Outbox;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Health;

/// <summary>/healthz: degraded when a source failed, the collector refuses this agent, or it refused revisions.</summary>
public sealed class AgentHealthCheck(SourceHealth sources, IOutbox outbox, DeliveryHealth delivery) : IHealthCheck
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

        if (delivery.Refusal is { } refusal)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{refusal}; revisions are kept until it accepts them", data: data));
        }

        if (failed.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"sources failing: {string.Join("; ", failed)}", data: data));
        }

        return Task.FromResult(outbox.Parked.Count > 0
            ? HealthCheckResult.Degraded($"{outbox.Parked.Count} revisions refused by the collector", data: data)
            : HealthCheckResult.Healthy("sources reading, outbox draining", data));
    }
}
