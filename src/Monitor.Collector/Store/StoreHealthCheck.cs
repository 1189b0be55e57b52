using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitor.Collector.Store;

/// <summary>Healthy when the store answers a query; a thrown error makes the check unhealthy with its message.</summary>
internal sealed class StoreHealthCheck : IHealthCheck
{
    private readonly IIncidentStore _store;

    public StoreHealthCheck(IIncidentStore store)
    {
        _store = store;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _store.CheckAsync(cancellationToken);
        return HealthCheckResult.Healthy("store answers");
    }
}
