using System.Threading.RateLimiting;

namespace Monitor.Collector.Ingest;

/// <summary>
/// One agent's allowance of pushes: a bucket of <c>burst</c> tokens refilled at
/// <c>perSecond</c>, read off the collector's <see cref="TimeProvider"/> when asked (no timer),
/// so tests drive it with a fake clock. A refused lease says how long until a push would pass
/// (<see cref="MetadataName.RetryAfter"/>). It never queues: a push over the limit is refused
/// at once and the agent retries later.
/// </summary>
internal sealed class PushTokenBucket : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private double _tokens;
    private TimeSpan _refilledAt;
    private TimeSpan _fullSince;
    private long _successful;
    private long _failed;

    public PushTokenBucket(double perSecond, int burst, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _perSecond = perSecond;
        _burst = burst;
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        _tokens = burst;
    }

    /// <summary>How long the bucket has been full: partitions idle that long may be dropped.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens >= _burst ? Now() - _fullSince : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)_tokens,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Refill();
            if (permitCount <= _tokens)
            {
                _tokens -= permitCount;
                if (permitCount > 0)
                {
                    _successful++;
                }

                return Lease.Granted;
            }

            _failed++;
            var missing = permitCount - _tokens;
            return new Lease(TimeSpan.FromSeconds(missing / _perSecond));
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Time since the bucket was made, on the monotonic clock of the time provider.</summary>
    private TimeSpan Now() => _timeProvider.GetElapsedTime(_origin);

    private void Refill()
    {
        var now = Now();
        if (_tokens < _burst)
        {
            var gained = (now - _refilledAt).TotalSeconds * _perSecond;
            if (_tokens + gained >= _burst)
            {
                _fullSince = _refilledAt + TimeSpan.FromSeconds((_burst - _tokens) / _perSecond);
                _tokens = _burst;
            }
            else
            {
                _tokens += gained;
            }
        }

        _refilledAt = now;
    }

    /// <summary>A granted lease, or a refused one that carries how long to wait.</summary>
    private sealed class Lease : RateLimitLease
    {
        private readonly TimeSpan? _retryAfter;

        public Lease(TimeSpan? retryAfter)
        {
            _retryAfter = retryAfter;
        }

        public static Lease Granted { get; } = new(null);

        public override bool IsAcquired => _retryAfter is null;

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (_retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
