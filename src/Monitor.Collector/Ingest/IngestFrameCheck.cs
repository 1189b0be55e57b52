using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Ingest;

/// <summary>
/// Reads the gRPC frame header of a push (1 byte flag, 4 bytes length) before grpc-dotnet does,
/// and refuses with <c>INVALID_ARGUMENT</c>, without reading the body:
/// <list type="bullet">
/// <item>a message declared larger than <c>Collector:Limits:MaxMessageBytes</c>. grpc-dotnet
/// would answer <c>RESOURCE_EXHAUSTED</c>, which an agent reads as "too many pushes, retry", and it
/// would retry the same message for ever. grpc-dotnet's own limit stays as the backstop (e.g. for
/// a compressed message that grows when inflated);</item>
/// <item>a flag other than 0 (plain) or 1 (compressed), which grpc-dotnet answers with
/// <c>UNKNOWN "Exception was thrown by handler."</c>.</item>
/// </list>
/// </summary>
internal sealed class IngestFrameCheck
{
    private const int FrameHeaderLength = 5;

    private readonly RequestDelegate _next;
    private readonly int _maxMessageBytes;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<IngestFrameCheck> _logger;

    public IngestFrameCheck(RequestDelegate next, IOptions<CollectorOptions> options, IngestMetrics metrics, ILogger<IngestFrameCheck> logger)
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
            var refusal = header[0] > 1
                ? IngestRefusal.Malformed(string.Create(CultureInfo.InvariantCulture, $"the gRPC frame's flag is {header[0]}; expected 0 (plain) or 1 (compressed)"))
                : declared > _maxMessageBytes
                    ? IngestRefusal.TooLarge(string.Create(
                        CultureInfo.InvariantCulture,
                        $"the request is {declared} bytes, more than Collector:Limits:MaxMessageBytes ({_maxMessageBytes}); send fewer revisions per push"))
                    : null;
            if (refusal is not null)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                Refuse(context, refusal);
                return;
            }
        }

        // Nothing consumed, nothing examined: grpc-dotnet reads the same bytes from the start.
        reader.AdvanceTo(buffer.Start);
        await _next(context);
    }

    private void Refuse(HttpContext context, IngestRefusal refusal)
    {
        _metrics.Refused(refusal.Reason);
        _logger.LogWarning("Refused a push from {Peer}: {Problem}", context.Connection.RemoteIpAddress, refusal.Problem);

        // A trailers-only gRPC response: the status travels in the headers, with no body.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)refusal.Status).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(refusal.Problem);
    }
}
