using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitor.Collector.Web;

/// <summary>
/// The body of <c>GET /healthz</c>: "ok", or "unavailable: " and what failed, in plain text a
/// load balancer or a person with curl reads at a glance.
/// </summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (report.Status == HealthStatus.Healthy)
        {
            return context.Response.WriteAsync("ok\n");
        }

        var failures = report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.Message ?? "no answer"}");
        return context.Response.WriteAsync($"unavailable: {string.Join("; ", failures)}\n");
    }
}
