using Grpc.Core;
using Monitor.Contracts.V1;

namespace Monitor.EndToEnd.Tests.Chaos;

/// <summary>
/// A legitimate agent (its own token, its own site) that pushes the worst valid inputs of
/// <see cref="HostileInputs"/> as often as its rate limit lets it, from a few calls at once, until
/// told to stop; it counts what the collector accepted and refused, by kind and status.
/// </summary>
internal sealed class HostileAgent(string agentId, string token, string site, Random random, ChaosClock clock, double pushesPerSecond)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _refused = new(StringComparer.Ordinal);
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / pushesPerSecond);
    private TimeSpan _next;

    public string AgentId => agentId;

    /// <summary>Accepted pushes by kind.</summary>
    public IReadOnlyDictionary<string, int> Accepted
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, int>(_accepted);
            }
        }
    }

    /// <summary>Refused pushes by status.</summary>
    public IReadOnlyDictionary<string, int> Refused
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, int>(_refused);
            }
        }
    }

    /// <summary>Bytes of the pushes it made.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Pushes from <paramref name="callers"/> calls at once, together at the rate limit, until <paramref name="stop"/>.</summary>
    public async Task RunAsync(ChaosCollector collector, int callers, CancellationToken stop)
    {
        var agent = new AgentIdentity { AgentId = agentId, Host = "../../hostile", Site = site, AgentVersion = "\u202e<chaos>" };
        var inputs = new HostileInputs(agent, random, clock.Time);
        using var channel = collector.Channel();
        var client = new IncidentIngest.IncidentIngestClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {token}" } };
        _next = clock.Now;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(() => PushLoopAsync(client, headers, inputs, stop))));
    }

    private async Task PushLoopAsync(IncidentIngest.IncidentIngestClient client, Metadata headers, HostileInputs inputs, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // At the rate limit, not beyond it: each push takes the next slot of the bucket.
                await clock.UntilAsync(NextSlot(), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            HostileInputs.Kind kind;
            PushRevisionsRequest request;
            lock (_lock)
            {
                (kind, request) = inputs.Next();
                BytesSent += request.CalculateSize();
            }

            try
            {
                await client.PushRevisionsAsync(request, headers, clock.Time.GetUtcNow().UtcDateTime + Deadline, stop);
                Count(_accepted, kind.ToString());
            }
            catch (RpcException ex) when (!stop.IsCancellationRequested)
            {
                Count(_refused, ex.StatusCode.ToString());
            }
            catch (Exception ex) when (stop.IsCancellationRequested && ex is RpcException or OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan NextSlot()
    {
        lock (_lock)
        {
            var now = clock.Now;
            _next = _next + _interval > now ? _next + _interval : now;
            return _next;
        }
    }

    private void Count(Dictionary<string, int> counts, string key)
    {
        lock (_lock)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }
}
