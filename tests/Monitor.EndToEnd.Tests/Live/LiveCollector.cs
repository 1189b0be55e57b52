using System.Net.Http.Headers;
using System.Net.Http.Json;
using Google.Protobuf;
using Monitor.Collector.Web;
using Wire = Monitor.Contracts.V1;

namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// The collector as a site runs it (<c>dotnet Monitor.Collector.dll</c>, its own process), with
/// mutual TLS on the agents' port: the CA, its certificate and the agent's client certificate
/// made by deploy/make-certs.sh, the agent on the allow-list with its site. The test reads what
/// it stored through its HTTP API with a read-only token, as a script would.
/// </summary>
internal sealed class LiveCollector : IDisposable
{
    private readonly HttpClient _api;
    private readonly RunningProgram _program;

    private LiveCollector(string certificates, int grpcPort, int httpPort, string token, RunningProgram program)
    {
        Certificates = certificates;
        Address = $"https://127.0.0.1:{grpcPort}";
        _program = program;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Where the agent pushes (TLS).</summary>
    public string Address { get; }

    /// <summary>The folder deploy/make-certs.sh wrote: ca.pem, collector.pem/.key, agents/&lt;id&gt;.pem/.key.</summary>
    public string Certificates { get; }

    /// <summary>The collector's log, for failure messages.</summary>
    public string Log => _program.Tail(80);

    /// <summary>Makes the certificates for <paramref name="agentId"/> of <paramref name="site"/>, starts the collector and returns once it listens.</summary>
    public static async Task<LiveCollector> StartAsync(string directory, string agentId, string site, string service, string serviceName)
    {
        Directory.CreateDirectory(directory);
        var certificates = Path.Combine(directory, "certs");
        await DeployCertificates.MakeAsync(certificates, $"{agentId}:{site}");
        var token = "live-" + Guid.NewGuid().ToString("N");
        var tokenFile = Path.Combine(directory, "api.token");
        await File.WriteAllTextAsync(tokenFile, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var grpcPort = RunningProgram.FreePort();
        var httpPort = RunningProgram.FreePort();
        var program = RunningProgram.StartDotnet("collector", "Monitor.Collector.dll",
        [
            $"--Collector:Listen=https://127.0.0.1:{grpcPort}",
            $"--Collector:HttpListen=http://127.0.0.1:{httpPort}",
            $"--Collector:DatabasePath={Path.Combine(directory, "collector.db")}",
            $"--Collector:ReportDirectory={Path.Combine(directory, "reports")}",
            $"--Collector:Tls:CertificatePath={Path.Combine(certificates, "collector.pem")}",
            $"--Collector:Tls:KeyPath={Path.Combine(certificates, "collector.key")}",
            $"--Collector:Tls:ClientCaPath={Path.Combine(certificates, "ca.pem")}",
            $"--Collector:Agents:{agentId}:Site={site}",
            $"--Collector:Services:{service}:Category=5",
            $"--Collector:Services:{service}:Name={serviceName}",
            "--Collector:Web:Tokens:0:Name=live-test",
            "--Collector:Web:Tokens:0:Role=read-only",
            $"--Collector:Web:Tokens:0:TokenFile={tokenFile}",
        ], directory);
        var collector = new LiveCollector(certificates, grpcPort, httpPort, token, program);
        try
        {
            await program.WaitForLineAsync("Agents push to", TimeSpan.FromSeconds(90));
            return collector;
        }
        catch
        {
            collector.Dispose();
            throw;
        }
    }

    /// <summary>Every incident the collector stored, as <c>GET /api/incidents</c> lists them.</summary>
    public async Task<IReadOnlyList<IncidentListItem>> IncidentsAsync() =>
        await _api.GetFromJsonAsync<List<IncidentListItem>>("/api/incidents") ?? [];

    /// <summary>The newest stored revision of <paramref name="id"/>, whole (<c>GET /api/incidents/{id}</c>, protobuf JSON).</summary>
    public async Task<Wire.IncidentRevision> LatestAsync(string id) =>
        JsonParser.Default.Parse<Wire.IncidentRevision>(await _api.GetStringAsync($"/api/incidents/{Uri.EscapeDataString(id)}"));

    /// <summary>Who pushed each stored revision of <paramref name="id"/> and when (<c>GET /api/incidents/{id}/revisions</c>), in store order.</summary>
    public async Task<IReadOnlyList<RevisionHistoryItem>> RevisionsAsync(string id) =>
        await _api.GetFromJsonAsync<List<RevisionHistoryItem>>($"/api/incidents/{Uri.EscapeDataString(id)}/revisions") ?? [];

    /// <summary>Every stored revision of <paramref name="id"/>, whole (<c>revisions.jsonl</c>), oldest first.</summary>
    public async Task<IReadOnlyList<Wire.IncidentRevision>> AllRevisionsAsync(string id)
    {
        var lines = await _api.GetStringAsync($"/api/incidents/{Uri.EscapeDataString(id)}/revisions.jsonl");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JsonParser.Default.Parse<Wire.IncidentRevision>)];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _api.Dispose();
        _program.Dispose();
    }
}
