using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitor.Collector.Alerting;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingest;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Security;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;
using Monitor.Collector.Web;
using Monitor.Collector.Web.Authentication;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;

namespace Monitor.Collector;

/// <summary>The services of the collector and how Kestrel listens.</summary>
public static partial class CollectorApplication
{
    private static void AddCollector(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IConfigureOptions<CollectorOptions>, CollectorOptionsBinding>();
        services.AddSingleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>();
        services.AddOptions<CollectorOptions>().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IIncidentStore>(sp => CreateStore(
            sp.GetRequiredService<IOptions<CollectorOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<StoreInitialization>();
        services.AddSingleton<IncidentStoreChanges>();
        services.AddHostedService<ReplicaChanges>();
        services.AddSingleton<IncidentViews>();
        services.AddSingleton<DraftReportFiles>();

        // After the store's initialisation: its first round looks for reports a crash left stale.
        services.AddSingleton<DraftReportWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DraftReportWriter>());
        services.AddSingleton(sp => new PublicAddress(
            sp.GetRequiredService<IOptions<CollectorOptions>>().Value.PublicUrl,
            () => TryBoundHttpAddress(sp.GetRequiredService<IServer>())));
        services.AddHttpClient(nameof(AlertSender));
        services.AddSingleton(sp => new AlertSender(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AlertSender)),
            sp.GetRequiredService<IOptions<CollectorOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AlertSender>>()));
        services.AddSingleton<AlertLease>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertLease>());
        services.AddSingleton<AlertDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddAntiforgery();
        services.AddWebAccess();
        services.AddReadConcurrency();

        // A registry per application: two collectors in one process never share counters.
        services.AddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);

            // node_exporter's convention: a constant 1 labelled with the build that answers.
            Metrics.WithCustomRegistry(registry)
                .CreateGauge("monitor_build_info", "A constant 1, labelled with the program, its version and revision, and the .NET runtime.",
                    "program", "version", "revision", "runtime")
                .WithLabels("monitor-collector", Version.Version, Version.Revision, Environment.Version.ToString()).Set(1);
            return registry;
        });
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<IncidentFailures>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");

        AddIngest(services);

        AddOpenTelemetry(builder);
    }

    /// <summary>The gRPC ingest: TLS and agent identity, limits, and our own binding of the method.</summary>
    private static void AddIngest(IServiceCollection services)
    {
        services.AddSingleton<CertificateExpiry>();
        services.AddSingleton<CollectorTls>();
        services.AddSingleton(sp => AgentTokens.Read(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Agents));
        services.AddSingleton(sp => new AgentAuthenticator(
            sp.GetRequiredService<IOptions<CollectorOptions>>().Value,
            sp.GetRequiredService<AgentTokens>()));
        services.AddSingleton<PushRateLimit>();
        services.AddSingleton<PushAdmission>();
        services.AddGrpc();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<IncidentIngestService>, IngestMethods>());
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<CollectorOptions>>(
            (grpc, collector) => grpc.MaxReceiveMessageSize = collector.Value.Limits.MaxMessageBytes);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<CollectorOptions>, CollectorTls>(
            (kestrel, collector, tls) => ListenOn(kestrel, collector.Value, tls));
    }

    private static SqlIncidentStore CreateStore(CollectorOptions options, TimeProvider timeProvider) =>
        options.Store.Kind == StoreOptions.PostgreSql
            ? new PostgresIncidentStore(options.Store.ConnectionString, timeProvider, options.Merging) { MaxRevisionsPerIncident = options.Limits.MaxRevisionsPerIncident }
            : new SqliteIncidentStore(options.DatabasePath, timeProvider, options.Merging) { MaxRevisionsPerIncident = options.Limits.MaxRevisionsPerIncident };

    private static Uri? TryBoundHttpAddress(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses is { Count: >= 2 } ? new Uri(addresses.ElementAt(1)) : null;
    }

    /// <summary>
    /// Two endpoints: gRPC on <c>Listen</c> as HTTP/2 only, the web endpoints on
    /// <c>HttpListen</c> as HTTP/1.1. Without TLS there is no ALPN, and Kestrel serves an
    /// HTTP/1.1-and-HTTP/2 cleartext endpoint as HTTP/1.1 only, so gRPC needs its own port.
    /// An https address gets the collector's certificate; only the gRPC one asks agents for theirs.
    /// </summary>
    private static void ListenOn(KestrelServerOptions kestrel, CollectorOptions options, CollectorTls tls)
    {
        Listen(kestrel, options.Listen, HttpProtocols.Http2, listen => tls.Configure(listen, forAgents: true));
        Listen(kestrel, options.HttpListen, HttpProtocols.Http1, listen => tls.Configure(listen, forAgents: false));
    }

    private static void Listen(KestrelServerOptions kestrel, Uri uri, HttpProtocols protocols, Action<Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions> https)
    {
        if (!ListenAddress.TryParse(uri, out var address, out var problem))
        {
            // Validation at start has already refused this; reaching here is a bug.
            throw new InvalidOperationException($"Cannot listen on {uri}: {problem}");
        }

        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (address.IsHttps)
            {
                listen.UseHttps(https);
            }
        }

        if (address.Address is null)
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else
        {
            kestrel.Listen(address.Address, address.Port, Configure);
        }
    }

    private static void AddOpenTelemetry(WebApplicationBuilder builder)
    {
        // Read raw here because exporters are chosen while services are registered; a wrong
        // value is refused by validation in Build before anything is exported.
        var otlp = builder.Configuration[$"{CollectorOptions.SectionName}:{nameof(CollectorOptions.OtlpEndpoint)}"];
        Uri.TryCreate(otlp, UriKind.Absolute, out var otlpEndpoint);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("monitor-collector"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(CollectorTelemetry.Name).AddAspNetCoreInstrumentation();
                if (otlpEndpoint is not null)
                {
                    tracing.AddOtlpExporter(exporter => exporter.Endpoint = otlpEndpoint);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CollectorTelemetry.Name).AddAspNetCoreInstrumentation();
                if (otlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = otlpEndpoint);
                }
            });
    }
}
