using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Telemetry;

namespace Monitor.Collector.Ingest;

/// <summary>
/// <c>Collector:Limits:MaxMessageBytes</c> as the agent needs to hear it. grpc-dotnet refuses an
/// over-size message with <c>RESOURCE_EXHAUSTED</c>, which an agent reads as "too many pushes,
/// retry"; it would retry the same message for ever. This reads the gRPC frame header of a push
/// (1 byte flag, 4 bytes length) before grpc-dotnet does and refuses a message declared larger
/// than the limit with <c>INVALID_ARGUMENT</c>, without reading its body. grpc-dotnet's own limit
/// stays as the backstop (e.g. for a compressed message that grows when inflated).
/// </summary>
internal sealed class IngestMessageSizeLimit
{
    private const int FrameHeaderLength = 5;

    private readonly RequestDelegate _next;
    private readonly int _maxMessageBytes;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<IngestMessageSizeLimit> _logger;

    public IngestMessageSizeLimit(RequestDelegate next, IOptions<CollectorOptions> options, IngestMetrics metrics, ILogger<IngestMessageSizeLimit> logger)
    {
        _next = next;
        _maxMessageBytes = options.Value.Limits.MaxMessageBytes;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != IngestMethods.Path)
        {
            await _next(context);
            return;
        }

        var reader = context.Request.BodyReader;
        var result = await reader.ReadAtLeastAsync(FrameHeaderLength, context.RequestAborted);
        var buffer = result.Buffer;
        if (buffer.Length >= FrameHeaderLength)
        {
            Span<byte> header = stackalloc byte[FrameHeaderLength];
            buffer.Slice(0, FrameHeaderLength).CopyTo(header);
            var declared = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
            if (declared > _maxMessageBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                Refuse(context, declared);
                return;
            }
        }

        // Nothing consumed, nothing examined: grpc-dotnet reads the same bytes from the start.
        reader.AdvanceTo(buffer.Start);
        await _next(context);
    }

    private void Refuse(HttpContext context, uint declared)
    {
        var refusal = IngestRefusal.TooLarge(string.Create(
            CultureInfo.InvariantCulture,
            $"the request is {declared} bytes, more than Collector:Limits:MaxMessageBytes ({_maxMessageBytes}); send fewer revisions per push"));
        _metrics.Refused(refusal.Reason);
        _logger.LogWarning("Refused a push from {Peer}: {Problem}", context.Connection.RemoteIpAddress, refusal.Problem);

        // A trailers-only gRPC response: the status travels in the headers, with no body.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)refusal.Status).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(refusal.Problem);
    }
}
