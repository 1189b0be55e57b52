using System.Text.Json;

namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// The built agent (<c>Monitor.Agent.dll run</c>, its own process) as the shipped unit runs it:
/// through setpriv under <see cref="AgentAccount"/>, its configuration, topology, TLS files and
/// probe credentials in a folder of its own, the outbox (and incidents.json beside it) kept
/// across incarnations so that a SIGKILL and a start again continue what it was doing. Its
/// sources read the test's private Postfix and Dovecot every <see cref="Interval"/>, and it
/// pushes over mutual TLS to <see cref="LiveCollector"/>. Each incarnation's log is kept.
/// </summary>
internal sealed class LiveAgent : IDisposable
{
    /// <summary>Between two reads of the queue and main.cf: short, so that the test takes seconds, not minutes (a read may take as long).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    /// <summary>Between two rounds of probes; each probe may take 4 s before it counts as failed, so a busy machine does not stop the service.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);

    private readonly AgentAccount _account;
    private readonly string _directory;
    private readonly int _metricsPort;
    private readonly List<RunningProgram> _incarnations = [];
    private readonly HttpClient _metrics = new();

    private LiveAgent(AgentAccount account, string directory, int metricsPort)
    {
        _account = account;
        _directory = directory;
        _metricsPort = metricsPort;
    }

    /// <summary>Whether the running incarnation has ended by itself (a configuration refused, a crash).</summary>
    public bool Ended => Current?.HasExited == true;

    /// <summary>The running incarnation.</summary>
    public RunningProgram? Current { get; private set; }

    /// <summary>How many times it was started.</summary>
    public int Starts => _incarnations.Count;

    /// <summary>The outbox folder, where incidents.json is kept too.</summary>
    public string Outbox => Path.Combine(_directory, "outbox");

    /// <summary>The log of every incarnation, in order, for failure messages.</summary>
    public string Log => string.Join("\n", _incarnations.Select((p, i) => $"--- agent incarnation {i + 1}\n{p.Tail(60)}"));

    /// <summary>Writes the agent's folder for <paramref name="site"/> (owned by the account, as StateDirectory= and the package's files are).</summary>
    public static LiveAgent Create(string directory, AgentAccount account, LiveSite site, LiveCollector collector, PrivatePostfix postfix, PrivateDovecot dovecot)
    {
        Directory.CreateDirectory(Path.Combine(directory, "tls"));
        Directory.CreateDirectory(Path.Combine(directory, "outbox"));
        File.Copy(Path.Combine(collector.Certificates, "ca.pem"), Path.Combine(directory, "tls", "ca.pem"));
        File.Copy(Path.Combine(collector.Certificates, "agents", site.AgentId + ".pem"), Path.Combine(directory, "tls", "agent.pem"));
        File.Copy(Path.Combine(collector.Certificates, "agents", site.AgentId + ".key"), Path.Combine(directory, "tls", "agent.key"));
        File.WriteAllText(Path.Combine(directory, "topology.json"), site.Topology());
        File.WriteAllText(Path.Combine(directory, "probe-credentials.json"),
            JsonSerializer.Serialize(new Dictionary<string, object> { ["alice"] = new { User = PrivateDovecot.User, PrivateDovecot.Password } }));
        var metricsPort = RunningProgram.FreePort();
        File.WriteAllText(Path.Combine(directory, "agent.json"), Configuration(directory, site, collector, postfix, dovecot, metricsPort));
        account.Own(directory);
        if (!OperatingSystem.IsWindows())
        {
            // Secrets readable by the agent alone, as docs/install.md asks.
            File.SetUnixFileMode(Path.Combine(directory, "probe-credentials.json"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.SetUnixFileMode(Path.Combine(directory, "tls", "agent.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new LiveAgent(account, directory, metricsPort);
    }

    /// <summary>Starts an incarnation: <c>setpriv ... dotnet Monitor.Agent.dll run --config agent.json</c>.</summary>
    public RunningProgram Start()
    {
        if (Current is not null)
        {
            throw new InvalidOperationException("the agent is already running");
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "/usr/bin/dotnet";
        Current = RunningProgram.Start("/usr/bin/setpriv",
        [
            .. _account.SetprivArguments(),
            // No home for a system user: the runtime's own files go in the agent's folder.
            "/usr/bin/env", $"HOME={_directory}", "DOTNET_CLI_TELEMETRY_OPTOUT=1",
            dotnet, Path.Combine(AppContext.BaseDirectory, "Monitor.Agent.dll"), "run", "--config", Path.Combine(_directory, "agent.json"),
        ], _directory, $"agent incarnation {_incarnations.Count + 1}");
        _incarnations.Add(Current);
        return Current;
    }

    /// <summary>SIGKILL: the agent dies at once, wherever it was. setpriv and env exec, so the signal reaches the agent itself.</summary>
    public async Task KillAsync()
    {
        await Current!.KillAsync();
        Current = null;
    }

    /// <summary>The agent's own /metrics, or empty while it does not answer yet.</summary>
    public async Task<string> MetricsAsync()
    {
        try
        {
            return await _metrics.GetStringAsync($"http://127.0.0.1:{_metricsPort}/metrics");
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    /// <summary>Whether /metrics shows gauge <paramref name="name"/> with every label of <paramref name="labels"/> at <paramref name="value"/>.</summary>
    public static bool Shows(string metrics, string name, string labels, double value) =>
        metrics.Split('\n').Any(l => l.StartsWith(name + "{", StringComparison.Ordinal)
            && labels.Split(',').All(label => l.Contains(label, StringComparison.Ordinal))
            && double.TryParse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var v) && v == value);

    /// <summary>How many reads <paramref name="source"/> has made, from /metrics (the count of monitor_agent_source_duration_seconds).</summary>
    public static long Reads(string metrics, string source) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith("monitor_agent_source_duration_seconds_count{", StringComparison.Ordinal) && l.Contains($"source=\"{source}\"", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Single();

    /// <inheritdoc/>
    public void Dispose()
    {
        _metrics.Dispose();
        foreach (var incarnation in _incarnations)
        {
            incarnation.Dispose();
        }
    }

    private static string Configuration(string directory, LiveSite site, LiveCollector collector, PrivatePostfix postfix, PrivateDovecot dovecot, int metricsPort)
    {
        var interval = Interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        var probeInterval = ProbeInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        object Probe(string function, string protocol, int port, string credential) => new
        {
            Service = LiveSite.Service,
            Function = function,
            Protocol = protocol,
            Host = "127.0.0.1",
            Port = port,
            Tls = "none",
            Credential = credential,
        };

        var configuration = new
        {
            Agent = new
            {
                site.AgentId,
                Host = LiveSite.Host,
                Site = LiveSite.SiteName,
                TopologyPath = Path.Combine(directory, "topology.json"),
                Collector = new
                {
                    collector.Address,
                    CaPath = Path.Combine(directory, "tls", "ca.pem"),
                    CertificatePath = Path.Combine(directory, "tls", "agent.pem"),
                    KeyPath = Path.Combine(directory, "tls", "agent.key"),
                    MaxBackoff = "00:00:02",
                },
                Outbox = new { Path = Path.Combine(directory, "outbox") },
                Http = new { Listen = $"http://127.0.0.1:{metricsPort}" },
                Sources = new
                {
                    Probes = new
                    {
                        Enabled = true,
                        Interval = probeInterval,
                        Timeout = probeInterval,
                        ProbeTimeout = "00:00:04",
                        CredentialsFile = Path.Combine(directory, "probe-credentials.json"),
                        Targets = new[]
                        {
                            Probe("pop3", "pop3", dovecot.Pop3Port, "alice"),
                            Probe("imap", "imap", dovecot.ImapPort, "alice"),
                            Probe("smtp-in", "smtp", postfix.SmtpPort, ""),
                        },
                    },
                    PostfixQueue = new
                    {
                        Enabled = true,
                        Interval = interval,
                        Timeout = interval,
                        Command = "/usr/sbin/postqueue",
                        postfix.ConfigDirectory,
                    },
                    Changes = new
                    {
                        Enabled = true,
                        Interval = interval,
                        Timeout = interval,
                        Files = new[] { new { Path = postfix.MainCf } },
                    },
                },
                // Ten deferred messages make a backlog here (a site's default is 100): the test sends a dozen.
                Detection = new { QueueBacklogMessages = LiveSite.BacklogMessages },
                Telemetry = new { LogFormat = "text" },
            },
        };
        return JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true });
    }
}
