namespace Monitor.Collector.Ingest;

/// <summary>
/// Keeps the agents' port to the push alone. Both endpoints share one application, so without this
/// an agent holding a valid client certificate could read the pages and the API over the agents'
/// port, where web sign-in is not what guards the door. The agents' port speaks HTTP/2 only and the
/// web port HTTP/1.1 only (<c>CollectorApplication.ListenOn</c>), so the protocol tells them apart.
/// </summary>
internal sealed class AgentPortServesIngestOnly(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpProtocol.IsHttp2(context.Request.Protocol) && context.Request.Path != IngestMethods.Path)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                "This is the agents' port (Collector:Listen): it serves the gRPC push only. The pages, the API, /healthz and /metrics are on Collector:HttpListen.\n",
                context.RequestAborted);
            return;
        }

        await next(context);
    }
}
