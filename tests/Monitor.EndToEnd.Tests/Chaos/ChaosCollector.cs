using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Monitor.EndToEnd.Tests.Drills;
using Monitor.EndToEnd.Tests.Replicas;

namespace Monitor.EndToEnd.Tests.Chaos;

/// <summary>
/// The collector as a site runs it (<c>dotnet Monitor.Collector.dll</c>): agents push over TLS
/// with a bearer token each, the SQLite database and reports on a small tmpfs, webhooks to the
/// test's counter. Fixed ports and files, so a killed collector starts again where it was; the
/// log of every incarnation is kept.
/// </summary>
internal sealed class ChaosCollector : IDisposable
{
    private readonly string _directory;
    private readonly string _certificates;
    private readonly IReadOnlyList<string> _arguments;
    private readonly List<RunningProgram> _incarnations = [];
    private readonly Lock _lock = new();

    private ChaosCollector(string directory, string certificates, IReadOnlyList<string> arguments, int grpcPort, int httpPort, string databasePath)
    {
        _directory = directory;
        _certificates = certificates;
        _arguments = arguments;
        GrpcAddress = $"https://127.0.0.1:{grpcPort}";
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        DatabasePath = databasePath;
    }

    /// <summary>Where agents push (TLS).</summary>
    public string GrpcAddress { get; }

    /// <summary>Pages, API and /healthz.</summary>
    public HttpClient Http { get; }

    /// <summary>The SQLite file on the tmpfs, the same for every incarnation.</summary>
    public string DatabasePath { get; }

    /// <summary>The running incarnation; null between a kill and the next start.</summary>
    public RunningProgram? Current
    {
        get
        {
            lock (_lock)
            {
                return _incarnations.Count > 0 && !_incarnations[^1].HasExited ? _incarnations[^1] : null;
            }
        }
    }

    /// <summary>Starts of the collector so far.</summary>
    public int Starts
    {
        get
        {
            lock (_lock)
            {
                return _incarnations.Count;
            }
        }
    }

    /// <summary>Every incarnation's log, in order.</summary>
    public string Log
    {
        get
        {
            lock (_lock)
            {
                return string.Join("\n", _incarnations.Select((p, i) => $"--- start {i + 1}\n{p.Tail(80)}"));
            }
        }
    }

    /// <summary>
    /// Makes the certificates and the agents' token files, and returns a collector not yet
    /// started, its database under <paramref name="databaseDirectory"/>.
    /// </summary>
    public static async Task<ChaosCollector> CreateAsync(string directory, string databaseDirectory, IReadOnlyDictionary<string, string> agentTokens, string site, WebhookCounter hooks, ChaosLimits limits)
    {
        Directory.CreateDirectory(directory);
        var certificates = Path.Combine(directory, "certs");
        await DeployCertificates.MakeAsync(certificates);
        int grpc = LoopbackPort.Free(), http = LoopbackPort.Free();
        var databasePath = Path.Combine(databaseDirectory, "collector.db");
        var arguments = new List<string>
        {
            $"--Collector:Listen=https://127.0.0.1:{grpc}",
            $"--Collector:HttpListen=http://127.0.0.1:{http}",
            $"--Collector:DatabasePath={databasePath}",
            $"--Collector:ReportDirectory={Path.Combine(databaseDirectory, "reports")}",
            $"--Collector:Tls:CertificatePath={Path.Combine(certificates, "collector.pem")}",
            $"--Collector:Tls:KeyPath={Path.Combine(certificates, "collector.key")}",
            $"--Collector:Alerting:Webhooks:0={hooks.WebhookUrl}",
            $"--Collector:Alerting:ResendInterval={limits.ResendInterval.ToString("c", CultureInfo.InvariantCulture)}",
            "--Collector:Alerting:RetryDelay=00:00:00.200",
            $"--Collector:Limits:PushesPerAgentPerSecond={limits.PushesPerSecond.ToString(CultureInfo.InvariantCulture)}",
            $"--Collector:Limits:PushBurst={limits.PushBurst}",
            "--Collector:Web:Anonymous=read-only",
            "--Collector:LogFormat=text",
        };
        foreach (var (agentId, token) in agentTokens)
        {
            var tokenFile = Path.Combine(directory, $"{agentId}.token");
            await File.WriteAllTextAsync(tokenFile, token);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            arguments.Add($"--Collector:Agents:{agentId}:Site={site}");
            arguments.Add($"--Collector:Agents:{agentId}:TokenFile={tokenFile}");
        }

        return new ChaosCollector(directory, certificates, arguments, grpc, http, databasePath);
    }

    /// <summary>Lines of every incarnation's log that contain <paramref name="text"/>.</summary>
    public int CountLog(string text)
    {
        lock (_lock)
        {
            return _incarnations.Sum(p => p.CountOut(l => l.Contains(text, StringComparison.Ordinal)) + p.CountErr(l => l.Contains(text, StringComparison.Ordinal)));
        }
    }

    /// <summary>Writes every incarnation's whole log to <paramref name="path"/>, for a person to read after the run.</summary>
    public void WriteLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        lock (_lock)
        {
            File.WriteAllText(path, string.Join("\n", _incarnations.Select((p, i) => $"--- start {i + 1}\n{p.Output}")));
        }
    }

    /// <summary>Starts an incarnation on the same ports and database; returns once it listens.</summary>
    public async Task StartAsync()
    {
        RunningProgram program;
        lock (_lock)
        {
            if (_incarnations.Count > 0 && !_incarnations[^1].HasExited)
            {
                throw new InvalidOperationException("the collector is already running");
            }

            program = RunningProgram.StartDotnet($"collector (start {_incarnations.Count + 1})", "Monitor.Collector.dll", _arguments, _directory);
            _incarnations.Add(program);
        }

        await program.WaitUntilAsync(() => program.CountOut(l => l.Contains("Agents push to", StringComparison.Ordinal)) > 0,
            TimeSpan.FromSeconds(60), "'Agents push to' (listening)");
    }

    /// <summary>SIGKILL: the collector dies at once, mid-push or mid-alert if it was in one.</summary>
    public Task KillAsync() => (Current ?? throw new InvalidOperationException("the collector is not running")).KillAsync();

    /// <summary>A gRPC channel that trusts this collector's CA only.</summary>
    public GrpcChannel Channel()
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_certificates, "ca.pem")));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
            ConnectTimeout = TimeSpan.FromSeconds(2),
            EnableMultipleHttp2Connections = true,
        };
        return GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = null, MaxSendMessageSize = null });
    }

    /// <summary>The idempotency key of every stored revision (read from the SQLite file), as often as it is stored.</summary>
    public IReadOnlyList<string> StoredKeys()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key FROM revisions";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>The newest stored revision of <paramref name="id"/> as the API serves it (<c>GET /api/incidents/{id}</c>, protobuf JSON).</summary>
    public async Task<Contracts.V1.IncidentRevision> LatestAsync(string id) =>
        Google.Protobuf.JsonParser.Default.Parse<Contracts.V1.IncidentRevision>(await Http.GetStringAsync(new Uri($"/api/incidents/{Uri.EscapeDataString(id)}", UriKind.Relative)));

    /// <summary>The merged incident of every agent incident (read from the SQLite file).</summary>
    public IReadOnlyDictionary<string, string> MergedIds()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT incident_id, merged_id FROM incidents";
        using var reader = command.ExecuteReader();
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            merged[reader.GetString(0)] = reader.GetString(1);
        }

        return merged;
    }

    public void Dispose()
    {
        Http.Dispose();
        lock (_lock)
        {
            foreach (var incarnation in _incarnations)
            {
                incarnation.Dispose();
            }
        }
    }
}

/// <summary>The collector's settings the chaos run depends on.</summary>
/// <param name="PushesPerSecond">Collector:Limits:PushesPerAgentPerSecond.</param>
/// <param name="PushBurst">Collector:Limits:PushBurst.</param>
/// <param name="ResendInterval">Collector:Alerting:ResendInterval (also how soon a failed alert round is tried again without a new change).</param>
internal sealed record ChaosLimits(double PushesPerSecond, int PushBurst, TimeSpan ResendInterval);
