using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingest;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>The pushes-per-second allowance on a fake clock: nothing here waits for real time.</summary>
public sealed class PushTokenBucketTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void AttemptAcquire_BeyondTheBurst_IsRefusedWithTheWaitUntilTheNextToken()
    {
        using var bucket = new PushTokenBucket(perSecond: 2, burst: 3, _clock);

        var granted = Enumerable.Range(0, 3).Select(_ => bucket.AttemptAcquire().IsAcquired).ToList();
        using var refused = bucket.AttemptAcquire();

        Assert.Equal([true, true, true], granted);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(500), wait);
    }

    [Fact]
    public void AttemptAcquire_AfterTheWait_IsGrantedAndTheBucketNeverHoldsMoreThanTheBurst()
    {
        using var bucket = new PushTokenBucket(perSecond: 2, burst: 3, _clock);
        Drain(bucket);

        _clock.Advance(TimeSpan.FromMilliseconds(499));
        var early = bucket.AttemptAcquire().IsAcquired;
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var onTime = bucket.AttemptAcquire().IsAcquired;
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.False(early);
        Assert.True(onTime);
        Assert.Equal(3, bucket.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public void IdleDuration_CountsFromWhenTheBucketFilledUp()
    {
        using var bucket = new PushTokenBucket(perSecond: 1, burst: 2, _clock);
        Drain(bucket);
        var busy = bucket.IdleDuration;

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(busy);
        Assert.Equal(TimeSpan.FromSeconds(3), bucket.IdleDuration);
    }

    [Fact]
    public void TryAcquire_OneAgentOverItsLimit_LeavesAnotherAgentAlone()
    {
        var options = Options.Create(new CollectorOptions { Limits = new LimitsOptions { PushesPerAgentPerSecond = 1, PushBurst = 1 } });
        using var limit = new PushRateLimit(options, _clock);

        var first = limit.TryAcquire("mail01.cty", out _);
        var second = limit.TryAcquire("mail01.cty", out var refusal);
        var other = limit.TryAcquire("mail02.cty", out _);

        Assert.Equal((true, false, true), (first, second, other));
        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, refusal!.Status);
        Assert.Equal(
            "agent 'mail01.cty' pushes more often than Collector:Limits:PushesPerAgentPerSecond allows (1 a second, burst 1); retry in 1000 ms",
            refusal.Problem);
    }

    private static void Drain(PushTokenBucket bucket)
    {
        while (bucket.AttemptAcquire().IsAcquired)
        {
        }
    }
}
