using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Ingest;

/// <summary>
/// <c>Collector:Limits:PushesPerAgentPerSecond</c> and <c>PushBurst</c>: a token bucket per
/// agent, keyed by the proven agent id (the request's own in open mode), so one agent pushing in
/// a loop slows down itself and nobody else. Buckets that stay full for a while are dropped.
/// </summary>
public sealed class PushRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly LimitsOptions _limits;

    /// <summary>Creates the limiter; the buckets read time from <paramref name="timeProvider"/>.</summary>
    public PushRateLimit(IOptions<CollectorOptions> options, TimeProvider timeProvider)
    {
        _limits = options.Value.Limits;
        var limits = _limits;
        _limiter = PartitionedRateLimiter.Create<string, string>(agentId => RateLimitPartition.Get(
            agentId,
            _ => new PushTokenBucket(limits.PushesPerAgentPerSecond, limits.PushBurst, timeProvider)));
    }

    /// <summary>Takes one push from <paramref name="agentId"/>'s allowance, or says when to retry.</summary>
    public bool TryAcquire(string agentId, [NotNullWhen(false)] out IngestRefusal? refusal)
    {
        using var lease = _limiter.AttemptAcquire(agentId);
        if (lease.IsAcquired)
        {
            refusal = null;
            return true;
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        refusal = IngestRefusal.RateLimited(string.Create(
            CultureInfo.InvariantCulture,
            $"agent '{agentId}' pushes more often than Collector:Limits:PushesPerAgentPerSecond allows ({_limits.PushesPerAgentPerSecond} a second, burst {_limits.PushBurst}); retry in {Math.Ceiling(wait.TotalMilliseconds):0} ms"));
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
