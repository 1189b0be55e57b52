using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Monitor.Contracts.V1;
using Polly;

namespace Monitor.Agent.Delivery;

/// <summary>
/// One configured collector: its gRPC channel, created once and kept for the agent's life, and
/// the resilience pipeline around a push to it (<see cref="PushResilience"/>). Every call has a
/// deadline and, when the site uses tokens, the agent's token.
/// </summary>
public sealed class CollectorChannel : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly IncidentIngest.IncidentIngestClient _client;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _deadline;
    private readonly Metadata? _headers;

    /// <summary>Creates the channel; no connection is made before the first push.</summary>
    /// <param name="address">The collector's address, as configured.</param>
    /// <param name="options">Deadline, message size and the rest of Agent:Collector.</param>
    /// <param name="credentials">Client certificate, trust anchors, token.</param>
    /// <param name="wallClock">Real time (a fake one in tests) for retry delays, the circuit breaker and the timeout.</param>
    /// <param name="logger">Where retries are reported.</param>
    public CollectorChannel(string address, CollectorEndpointOptions options, CollectorCredentials credentials, TimeProvider wallClock, ILogger logger)
    {
        Address = address;
        _deadline = options.Deadline;
        _headers = credentials.AuthorizationHeader is { } authorization ? new Metadata { { "authorization", authorization } } : null;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = CollectorConnection.CreateHandler(options, credentials),
            ServiceConfig = PushResilience.GrpcRetry(),

            // gRPC replays a call only from its buffer: a full-size push must fit in it.
            MaxRetryBufferPerCallSize = options.MaxMessageBytes,
            MaxRetryBufferSize = Math.Max(16 * 1024 * 1024, 2L * options.MaxMessageBytes),
        });
        _client = new IncidentIngest.IncidentIngestClient(_channel);
        _pipeline = PushResilience.Create(address, options.Deadline, wallClock, logger);
    }

    /// <summary>The collector's address, as configured.</summary>
    public string Address { get; }

    /// <summary>Pushes one request through the pipeline; throws what the last attempt threw.</summary>
    public async Task<PushRevisionsReply> PushAsync(PushRevisionsRequest request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            async token => await _client.PushRevisionsAsync(request, _headers, Deadline(), token),
            cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _channel.Dispose();

    // gRPC measures a deadline against the system clock (it takes no TimeProvider) and sends it
    // to the collector as grpc-timeout, so it stops working for an agent that gave up. Each
    // attempt of the pipeline gets its own; gRPC's own retry stays within it.
    private DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + _deadline;
}
