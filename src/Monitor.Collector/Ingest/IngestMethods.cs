using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Ingest;

/// <summary>
/// Binds <c>monitor.v1.IncidentIngest/PushRevisions</c> to <see cref="IncidentIngestService"/>
/// with our own request decoder. grpc-dotnet answers bytes its decoder cannot read with
/// <c>UNKNOWN "Exception was thrown by handler."</c>; ours answers <c>INVALID_ARGUMENT</c> with
/// the decoder's reason, so an agent (or a fuzzer) learns that this push is refused for good.
/// </summary>
internal sealed class IngestMethods : IServiceMethodProvider<IncidentIngestService>
{
    private readonly IngestMetrics _metrics;
    private readonly ILogger<IngestMethods> _logger;

    public IngestMethods(IngestMetrics metrics, ILogger<IngestMethods> logger)
    {
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The method's path, as the contract names it.</summary>
    public static string Path { get; } = $"/{IncidentIngest.Descriptor.FullName}/{nameof(IncidentIngestService.PushRevisions)}";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<IncidentIngestService> context)
    {
        var method = new Method<PushRevisionsRequest, PushRevisionsReply>(
            MethodType.Unary,
            IncidentIngest.Descriptor.FullName,
            nameof(IncidentIngestService.PushRevisions),
            Marshallers.Create<PushRevisionsRequest>(Write, ReadRequest),
            Marshallers.Create<PushRevisionsReply>(Write, context => PushRevisionsReply.Parser.ParseFrom(context.PayloadAsReadOnlySequence())));
        context.AddUnaryMethod(method, [], (service, request, call) => service.PushRevisions(request, call));
    }

    private static void Write<T>(T message, SerializationContext context)
        where T : IMessage
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    private PushRevisionsRequest ReadRequest(DeserializationContext context)
    {
        try
        {
            return PushRevisionsRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence());
        }
        catch (InvalidProtocolBufferException ex)
        {
            var refusal = IngestRefusal.Malformed($"the request is not a monitor.v1.PushRevisionsRequest ({context.PayloadLength} bytes): {ex.Message}");
            _metrics.Refused(refusal.Reason);
            _logger.LogWarning("Refused a push: {Problem}", refusal.Problem);
            throw new RpcException(new Status(refusal.Status, refusal.Problem));
        }
    }
}
