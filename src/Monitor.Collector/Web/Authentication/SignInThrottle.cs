using System.Net;
using Prometheus;

namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// Slows down guessing of passwords and tokens: after <see cref="FreeFailures"/> failed sign-ins
/// for one user name, or from one address, every further attempt for it waits a backoff that
/// doubles with each failure (1 s, 2 s, 4 s ... up to <see cref="MaxBackoff"/>). Within the wait
/// an attempt is answered 429 with Retry-After without its password being looked at; a sign-in
/// that succeeds clears the name and the address. Counts come from the TimeProvider; entries
/// forget themselves after <see cref="Memory"/> without a failure, and at most
/// <see cref="MaxEntries"/> are kept, so a flood of addresses cannot grow memory.
/// </summary>
public sealed class SignInThrottle
{
    /// <summary>Failures allowed before the backoff begins (typos happen).</summary>
    public const int FreeFailures = 5;

    /// <summary>Most names and addresses remembered at once; the oldest are forgotten first.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>Longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>How long a name or address is remembered after its last failure.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, (int Failures, DateTimeOffset Last, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Counter _throttled;
    private readonly Counter _failures;

    /// <summary>Creates the throttle on <paramref name="timeProvider"/>, counting in <paramref name="registry"/>.</summary>
    public SignInThrottle(TimeProvider timeProvider, CollectorRegistry registry)
    {
        _timeProvider = timeProvider;
        var metrics = Metrics.WithCustomRegistry(registry);
        _failures = metrics.CreateCounter("monitor_collector_sign_in_failures_total", "Web sign-ins refused for a wrong or unknown name, password or token.");
        _throttled = metrics.CreateCounter("monitor_collector_sign_in_throttled_total", "Web sign-in attempts answered 429 because their name or address failed too often.");
    }

    /// <summary>How long an attempt for <paramref name="user"/> (null: none named) from <paramref name="address"/> must wait; zero when it may go on.</summary>
    public TimeSpan Wait(string? user, IPAddress? address)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            var wait = TimeSpan.Zero;
            foreach (var key in Keys(user, address))
            {
                if (_entries.TryGetValue(key, out var entry) && entry.Until > now && entry.Until - now > wait)
                {
                    wait = entry.Until - now;
                }
            }

            if (wait > TimeSpan.Zero)
            {
                _throttled.Inc();
            }

            return wait;
        }
    }

    /// <summary>
    /// Counts a failed sign-in for <paramref name="user"/> (only a configured user's name, never a
    /// stranger's) from <paramref name="address"/>; returns the wait it imposes (zero while failures are free).
    /// </summary>
    public TimeSpan Failed(string? user, IPAddress? address)
    {
        var now = _timeProvider.GetUtcNow();
        _failures.Inc();
        var wait = TimeSpan.Zero;
        lock (_gate)
        {
            foreach (var key in Keys(user, address))
            {
                var failures = _entries.TryGetValue(key, out var entry) && now - entry.Last < Memory ? entry.Failures + 1 : 1;
                var backoff = failures <= FreeFailures ? TimeSpan.Zero : Backoff(failures - FreeFailures);
                _entries[key] = (failures, now, now + backoff);
                wait = backoff > wait ? backoff : wait;
            }

            if (_entries.Count > MaxEntries)
            {
                Forget(now);
            }
        }

        return wait;
    }

    /// <summary>A sign-in succeeded: its name and address start afresh.</summary>
    public void Succeeded(string? user, IPAddress? address)
    {
        lock (_gate)
        {
            foreach (var key in Keys(user, address))
            {
                _entries.Remove(key);
            }
        }
    }

    private static TimeSpan Backoff(int beyond) =>
        beyond >= 20 ? MaxBackoff : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, beyond - 1)));

    private static IEnumerable<string> Keys(string? user, IPAddress? address)
    {
        if (user is not null)
        {
            yield return "user:" + user.ToUpperInvariant();
        }

        if (address is not null)
        {
            yield return "address:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var key in _entries.Where(e => now - e.Value.Last >= Memory).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }

        foreach (var key in _entries.OrderBy(e => e.Value.Last).Take(Math.Max(0, _entries.Count - MaxEntries)).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }
    }
}
