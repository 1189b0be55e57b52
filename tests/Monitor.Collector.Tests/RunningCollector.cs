using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector.Merging;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests;

/// <summary>
/// The real collector, built by <see cref="CollectorApplication.Build(string[])"/> and listening on
/// free loopback ports, with a temp SQLite file and report directory, and real clients to it
/// (<see cref="Ingest"/> speaks cleartext; a test of TLS makes its own channel).
/// </summary>
internal sealed class RunningCollector : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private RunningCollector(TemporaryDirectory directory, WebApplication app)
    {
        _directory = directory;
        _app = app;
        GrpcAddress = CollectorApplication.BoundAddress(app);
        HttpAddress = CollectorApplication.BoundHttpAddress(app);
        _channel = GrpcChannel.ForAddress(GrpcAddress);
        Ingest = new IncidentIngest.IncidentIngestClient(_channel);
        Http = new HttpClient { BaseAddress = HttpAddress };
    }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public IncidentIngest.IncidentIngestClient Ingest { get; }

    public HttpClient Http { get; }

    public IIncidentStore Store => _app.Services.GetRequiredService<IIncidentStore>();

    public IncidentViews Views => _app.Services.GetRequiredService<IncidentViews>();

    public IServiceProvider Services => _app.Services;

    public string ReportDirectory => _directory.File("reports");

    public string DatabasePath => _directory.File("db", "collector.db");

    public static Task<RunningCollector> StartAsync(params string[] settings) => StartAsync(configureServices: null, settings);

    /// <summary>Starts with <paramref name="settings"/>, letting <paramref name="configureServices"/> replace services (a fake clock).</summary>
    public static async Task<RunningCollector> StartAsync(Action<IServiceCollection>? configureServices, params string[] settings)
    {
        var directory = new TemporaryDirectory();
        try
        {
            // The file sets what a site would set; the command line overrides the ports, as a
            // test or a second instance on one machine would.
            var config = directory.File("collector.json");
            await File.WriteAllTextAsync(config, $$"""
                {
                  "Collector": {
                    "Listen": "http://127.0.0.1:50051",
                    "HttpListen": "http://127.0.0.1:8080",
                    "DatabasePath": "{{directory.File("db", "collector.db")}}",
                    "ReportDirectory": "{{directory.File("reports")}}",
                    "TimeZone": "Asia/Tokyo"
                  }
                }
                """);
            var app = CollectorApplication.Build(
            [
                "--config", config,
                "--Collector:Listen=http://127.0.0.1:0",
                "--Collector:HttpListen=http://127.0.0.1:0",
                "--Logging:LogLevel:Default=Warning",
                .. settings,
            ],
            configureServices);
            await app.StartAsync();
            return new RunningCollector(directory, app);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
