using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Monitor.Collector.Tests.Web;

/// <summary>Guessing passwords is slowed down per user and per address, with a backoff on the collector's clock.</summary>
public sealed class SignInThrottleTests
{
    [Fact]
    public async Task Get_ManyWrongPasswords_AreAnswered429WithRetryAfterUntilTheBackoffPasses()
    {
        // Issue 13: 300 wrong Basic passwords in 9 s were all answered at once.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using var collector = await RunningCollector.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        using var guesser = collector.Client(RunningCollector.BasicOf(RunningCollector.OnCallName, "wrong-password-guess"));

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var response = await guesser.GetAsync("/");
            statuses.Add(response.StatusCode);
        }

        using var throttled = await guesser.GetAsync("/");
        using var rightDuringBackoff = collector.Client(collector.OnCall);
        using var refused = await rightDuringBackoff.GetAsync("/");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), statuses.Take(6));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 294), statuses.Skip(6));
        Assert.Equal("1", Assert.Single(throttled.Headers.GetValues("Retry-After")));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        clock.Advance(TimeSpan.FromSeconds(1));
        using var afterBackoff = await rightDuringBackoff.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, afterBackoff.StatusCode);
        var metrics = await rightDuringBackoff.GetStringAsync("/metrics");
        Assert.Contains("monitor_collector_sign_in_failures_total 6\n", metrics, StringComparison.Ordinal);
        Assert.Contains("monitor_collector_sign_in_throttled_total 296\n", metrics, StringComparison.Ordinal);
    }
}
