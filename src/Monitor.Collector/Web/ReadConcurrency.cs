using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Prometheus;

namespace Monitor.Collector.Web;

/// <summary>
/// Pages, reports and the API render at most <see cref="WebOptions.MaxConcurrentReads"/> requests at
/// once; a few more wait their turn, and beyond that a reader is told 503 with <c>Retry-After</c>,
/// counted in <c>monitor_collector_reads_refused_total</c>. Rendering an incident at the limits of
/// a revision takes a core for a while: without a bound, many readers of it (or one impatient
/// browser) would take every core from ingest and the alert loop, which must never wait on a page.
/// </summary>
public static class ReadConcurrency
{
    /// <summary>The rate-limiting policy the read endpoints name.</summary>
    public const string Policy = "reads";

    /// <summary>Registers the limit and its counter.</summary>
    public static IServiceCollection AddReadConcurrency(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.OnRejected = async (context, cancellationToken) =>
            {
                Refused(context.HttpContext.RequestServices.GetRequiredService<CollectorRegistry>()).Inc();
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await context.HttpContext.Response.WriteAsync(
                    "The collector is busy rendering other pages (Collector:Web:MaxConcurrentReads); try again in a second.\n", cancellationToken);
            };
            options.AddPolicy(Policy, context =>
            {
                var permits = PermitsFor(context.RequestServices.GetRequiredService<IOptions<CollectorOptions>>().Value.Web);
                return RateLimitPartition.GetConcurrencyLimiter(Policy, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = permits,
                    QueueLimit = 8 * permits,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
        });
        return services;
    }

    /// <summary>The counter of requests refused; created at start so that it is published at zero.</summary>
    public static Counter Refused(CollectorRegistry registry) => Metrics.WithCustomRegistry(registry).CreateCounter(
        "monitor_collector_reads_refused_total",
        "Page, report and API requests answered 503 because as many were being rendered already (Collector:Web:MaxConcurrentReads) and the queue was full.");

    /// <summary>The configured limit, or (0, the default) one less than the processors, at least one: a core is left to ingest and alerting.</summary>
    public static int PermitsFor(WebOptions web) =>
        web.MaxConcurrentReads > 0 ? web.MaxConcurrentReads : Math.Max(1, Environment.ProcessorCount - 1);
}
