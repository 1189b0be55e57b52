using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitor.Collector.Store;

/// <summary>
/// Healthy when the store answers a query and its writes go through; a thrown error, or a write
/// that failed within <see cref="Window"/> with none gone through since (a full disk still
/// answers reads), makes the check unhealthy with the database's message.
/// </summary>
internal sealed class StoreHealthCheck : IHealthCheck
{
    /// <summary>How long a failed write keeps the store unhealthy when no write follows it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly IIncidentStore _store;
    private readonly TimeProvider _timeProvider;

    public StoreHealthCheck(IIncidentStore store, TimeProvider timeProvider)
    {
        _store = store;
        _timeProvider = timeProvider;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _store.CheckAsync(cancellationToken);
        if (_store.WriteFailure is { } failure && _timeProvider.GetUtcNow() - failure.At <= Window)
        {
            return HealthCheckResult.Unhealthy(
                $"writes fail since {failure.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({failure.Message}); reads still work");
        }

        return HealthCheckResult.Healthy("store answers");
    }
}
