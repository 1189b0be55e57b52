using Grpc.Core;
using Grpc.Net.Client;
using Monitor.Agent.Options;
using Monitor.Agent.Replay;
using Monitor.Contracts.V1;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Monitor.Agent.Delivery;

/// <summary>
/// Pushes revisions to one collector over one long-lived gRPC channel, with a deadline on every
/// call. Polly retries a push a couple of times for a passing network fault; long outages are
/// the delivery loop's business (it keeps the outbox and backs off), so retries never stack.
/// </summary>
public sealed class CollectorClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly IncidentIngest.IncidentIngestClient _client;
    private readonly CollectorEndpointOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _wallClock;

    /// <summary>Creates the client and its channel.</summary>
    public CollectorClient(CollectorEndpointOptions options, WallClock wallClock)
    {
        _options = options;
        _wallClock = wallClock.Time;
        _channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(5),
            },
        });
        _client = new IncidentIngest.IncidentIngestClient(_channel);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _wallClock }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable),
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Deadline })
            .Build();
    }

    /// <summary>Pushes one batch; throws <see cref="RpcException"/> when the collector refuses or cannot be reached.</summary>
    public async Task<PushRevisionsReply> PushAsync(PushRevisionsRequest request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async token => await _client.PushRevisionsAsync(request, deadline: _wallClock.GetUtcNow().UtcDateTime.Add(_options.Deadline), cancellationToken: token),
            cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _channel.Dispose();
}
