using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingest;
using Monitor.Collector.Web;
using Monitor.Collector.Web.Authentication;
using Monitor.Contracts;
using Prometheus;

namespace Monitor.Collector;

/// <summary>
/// Builds the collector from configuration: the JSON file given by <c>--config &lt;path&gt;</c>
/// (or <c>config/collector.json</c> under the current directory when it exists), then
/// environment variables, then command-line overrides such as
/// <c>--Collector:Listen=http://127.0.0.1:0</c>.
/// </summary>
public static partial class CollectorApplication
{
    /// <summary>This build: --version and monitor_build_info.</summary>
    public static ProgramVersion Version { get; } = ProgramVersion.Of(typeof(CollectorApplication));

    /// <summary>Exit code when the configuration cannot be used (a bad value, a port already taken).</summary>
    public const int ConfigurationExitCode = 2;

    /// <summary>Usage text (--help).</summary>
    public const string Usage = """
        usage: monitor-collector [--config FILE] [--Collector:Key=value ...]
               monitor-collector --help | --version

          Receives agents' incident revisions over gRPC (Collector:Listen), stores them
          (Collector:Store), alerts on-call (Collector:Alerting) and serves the incident pages,
          API, /metrics and /healthz (Collector:HttpListen).
          --config FILE   configuration file (default: config/collector.json when it exists)
          --Collector:Key=value   overrides a setting of the file, e.g. --Collector:Listen=http://127.0.0.1:50051
        """;

    /// <summary>
    /// Builds the whole application, ready for <c>StartAsync</c> or <c>RunAsync</c>. The
    /// configuration is validated here, so a wrong value fails before anything listens.
    /// </summary>
    /// <exception cref="CollectorConfigurationException">The configuration cannot be used; the message names the key.</exception>
    public static WebApplication Build(string[] args) => Build(args, configureServices: null);

    /// <summary>
    /// Builds as <see cref="Build(string[])"/>, then lets <paramref name="configureServices"/>
    /// replace services (a test's fake clock) before the application is built.
    /// </summary>
    internal static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        CollectorConfigurationSources.Add(builder.Configuration, args);
        ConfigureLogging(builder.Logging, builder.Configuration[$"{CollectorOptions.SectionName}:{nameof(CollectorOptions.LogFormat)}"] ?? "auto");
        AddCollector(builder);
        configureServices?.Invoke(builder.Services);

        var app = BuildValidated(builder);

        app.UseMiddleware<AgentPortServesIngestOnly>();

        // Before gRPC reads the body: an over-size push or a bad frame is refused as INVALID_ARGUMENT.
        app.UseMiddleware<IngestFrameCheck>();
        app.MapGrpcService<IncidentIngestService>();

        app.UseMiddleware<Web.PageSecurityHeaders>();

        // /healthz stays open for liveness probes; everything else on the web port needs a role.
        app.MapHealthChecks("/healthz", new() { ResponseWriter = HealthResponse.WriteAsync });
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>())
            .RequireAuthorization(WebPolicies.Metrics);

        app.UseWebAccess();
        app.UseAntiforgery();
        app.UseRateLimiter();
        app.MapIncidentApi();
        app.MapIncidentPages();

        // Created now so /metrics shows the ingest series at zero before the first push.
        app.Services.GetRequiredService<IngestMetrics>();
        Web.ReadConcurrency.Refused(app.Services.GetRequiredService<CollectorRegistry>());
        if (app.Services.GetRequiredService<AgentAuthenticator>().IsOpen)
        {
            app.Logger.LogWarning(
                "Agents are not authenticated (no Collector:Tls:ClientCaPath, no Collector:Agents:<id>:TokenFile): anyone who reaches "
                + "Collector:Listen may push as any agent. Fine on a closed management network only.");
        }

        Security.KeyFileWarnings.Log(app.Logger, app.Services.GetRequiredService<IOptions<CollectorOptions>>().Value);

        // Kestrel logs both addresses alike; say which one agents use.
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "Agents push to {GrpcAddress} (gRPC); health, metrics and API on {HttpAddress}",
            BoundAddress(app),
            BoundHttpAddress(app)));
        return app;
    }

    // One line per event, as journald and log shippers want it (the default console format spreads
    // an event over two lines and an exception over dozens). The validator refuses an unknown format.
    private static void ConfigureLogging(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        logging.AddConsole();
        var resolved = format != "auto" ? format
            : Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 } ? "systemd"
            : "text";
        switch (resolved)
        {
            case "json":
                logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz");
                break;
            case "systemd":
                logging.AddSystemdConsole();
                break;
            default:
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz ";
                });
                break;
        }
    }

    /// <summary>Where agents reach the gRPC endpoint, with the real port once <c>StartAsync</c> has bound it.</summary>
    /// <exception cref="InvalidOperationException">The application has not started listening.</exception>
    public static Uri BoundAddress(WebApplication app) => BoundAddresses(app)[0];

    /// <summary>Where the web endpoints (health, metrics, API) listen, with the real port once started.</summary>
    /// <exception cref="InvalidOperationException">The application has not started listening.</exception>
    public static Uri BoundHttpAddress(WebApplication app) => BoundAddresses(app)[1];

    /// <summary>
    /// The bound addresses in the order the endpoints were configured: gRPC first, web second.
    /// Kestrel binds and reports its endpoints in configuration order.
    /// </summary>
    private static List<Uri> BoundAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count < 2)
        {
            throw new InvalidOperationException("The collector is not listening yet; call StartAsync first.");
        }

        return addresses.Select(address => new Uri(address)).ToList();
    }

    /// <summary>
    /// Builds and validates. Building already reads the options (Kestrel is created with its
    /// endpoints), so a wrong value can surface from either step; both become one message.
    /// </summary>
    private static WebApplication BuildValidated(WebApplicationBuilder builder)
    {
        WebApplication app;
        try
        {
            app = builder.Build();
        }
        catch (OptionsValidationException ex)
        {
            throw new CollectorConfigurationException(ex.Message, ex);
        }

        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return app;
        }
        catch (OptionsValidationException ex)
        {
            ((IDisposable)app).Dispose();
            throw new CollectorConfigurationException(ex.Message, ex);
        }
    }
}
