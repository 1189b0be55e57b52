using System.Net.Http.Headers;
using System.Text;
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
/// (<see cref="Ingest"/> speaks cleartext; a test of TLS makes its own channel). Its web
/// pages know an on-call user, a read-only user and a read-only token (secrets in files, fresh
/// for each run); <see cref="Http"/> is signed in as the on-call user.
/// </summary>
internal sealed class RunningCollector : IAsyncDisposable
{
    /// <summary>The on-call user <see cref="Http"/> signs in as; the timeline records actions under it.</summary>
    public const string OnCallName = "sato";

    /// <summary>A user with the read-only role.</summary>
    public const string ReaderName = "suzuki";

    /// <summary>The name of the read-only token (what Prometheus would use).</summary>
    public const string TokenName = "prometheus";

    private readonly TemporaryDirectory _directory;
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private RunningCollector(TemporaryDirectory directory, WebApplication app, WebSecrets secrets)
    {
        _directory = directory;
        _app = app;
        Secrets = secrets;
        GrpcAddress = CollectorApplication.BoundAddress(app);
        HttpAddress = CollectorApplication.BoundHttpAddress(app);
        _channel = GrpcChannel.ForAddress(GrpcAddress);
        Ingest = new IncidentIngest.IncidentIngestClient(_channel);
        Http = SignedIn(OnCallName, secrets.OnCallPassword);
    }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public IncidentIngest.IncidentIngestClient Ingest { get; }

    /// <summary>Signed in as <see cref="OnCallName"/> (on-call, HTTP Basic).</summary>
    public HttpClient Http { get; }

    /// <summary>The passwords and the token of this run.</summary>
    public WebSecrets Secrets { get; }

    /// <summary>Basic credentials of the on-call user.</summary>
    public AuthenticationHeaderValue OnCall => BasicOf(OnCallName, Secrets.OnCallPassword);

    /// <summary>Basic credentials of the read-only user.</summary>
    public AuthenticationHeaderValue Reader => BasicOf(ReaderName, Secrets.ReaderPassword);

    /// <summary>The read-only bearer token.</summary>
    public AuthenticationHeaderValue ReadOnlyToken => new("Bearer", Secrets.Token);

    public IIncidentStore Store => _app.Services.GetRequiredService<IIncidentStore>();

    public IncidentViews Views => _app.Services.GetRequiredService<IncidentViews>();

    public IServiceProvider Services => _app.Services;

    public string ReportDirectory => _directory.File("reports");

    /// <summary>A file of the draft report of merged incident <paramref name="id"/>: its directory is site / agent that opened it (default CtyIncident's) / id.</summary>
    public string ReportFile(string id, string file = "report.md", string site = "cty", string? agent = null) =>
        Path.Combine(ReportDirectory, site, agent ?? "mail01.cty.example.jp", id, file);

    /// <summary>Completes when the draft reports of every push so far are written (they follow the acknowledgement).</summary>
    public Task ReportsWrittenAsync() => _app.Services.GetRequiredService<Monitor.Collector.Reports.DraftReportWriter>().WhenWrittenAsync();

    public string DatabasePath => _directory.File("db", "collector.db");

    /// <summary>HTTP Basic credentials for <paramref name="name"/> and <paramref name="password"/>.</summary>
    public static AuthenticationHeaderValue BasicOf(string name, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{password}")));

    /// <summary>
    /// A new client that signs in as a browser does: it answers the 401 challenge with
    /// <paramref name="name"/> and <paramref name="password"/>, also after a redirect. The caller disposes it.
    /// </summary>
    public HttpClient SignedIn(string name, string password)
    {
        // A CredentialCache, not a bare NetworkCredential: only the cache is used after a redirect.
        var credentials = new System.Net.CredentialCache { { HttpAddress, "Basic", new System.Net.NetworkCredential(name, password) } };
        var handler = new HttpClientHandler { Credentials = credentials, PreAuthenticate = true };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = HttpAddress };
    }

    /// <summary>
    /// A new client sending <paramref name="authorization"/> on each request it makes (none when
    /// null); HttpClient drops the header on a redirect. The caller disposes it.
    /// </summary>
    public HttpClient Client(AuthenticationHeaderValue? authorization)
    {
        var client = new HttpClient { BaseAddress = HttpAddress };
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    /// <summary>Starts with the users and token of <see cref="WebSecrets"/>; <paramref name="settings"/> override the file.</summary>
    public static Task<RunningCollector> StartAsync(params string[] settings) => StartAsync(webUsers: true, configureServices: null, settings);

    /// <summary>Starts with <paramref name="settings"/>, letting <paramref name="configureServices"/> replace services (a fake clock).</summary>
    public static Task<RunningCollector> StartAsync(Action<IServiceCollection>? configureServices, params string[] settings) =>
        StartAsync(webUsers: true, configureServices, settings);

    /// <summary>Starts with no web users and no tokens (what a site gets before it configures <c>Collector:Web</c>).</summary>
    public static Task<RunningCollector> StartWithoutWebUsersAsync(params string[] settings) => StartAsync(webUsers: false, configureServices: null, settings);

    private static async Task<RunningCollector> StartAsync(bool webUsers, Action<IServiceCollection>? configureServices, string[] settings)
    {
        var directory = new TemporaryDirectory();
        try
        {
            var secrets = WebSecrets.Create(directory);

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
                    "TimeZone": "Asia/Tokyo",
                    "Web": {{(webUsers ? secrets.WebSection() : "{}")}}
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
            return new RunningCollector(directory, app, secrets);
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
