using System.Diagnostics;
using System.Text.RegularExpressions;
using Monitor.EndToEnd.Tests.Drills;
using Monitor.EndToEnd.Tests.Packaging;

namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// Everything one live test runs, started in order and stopped in reverse: the collector (mutual
/// TLS), a private Postfix whose SMTP client finds the relay <see cref="RelayName"/> in its own
/// hosts file and has no DNS, a private Dovecot, and the agent installed from this run's
/// monitor-agent package as docs/install.md says (<see cref="AgentInstallation"/>), run as its unit
/// runs it. Every
/// wait is a poll of the collector's API or the agent's /metrics with a bound; a bound that
/// passes fails with the agent's, the collector's, Postfix's and Dovecot's logs.
/// </summary>
internal sealed partial class LiveRun : IDisposable
{
    /// <summary>The relay host the site's Postfix is meant to reach, in [brackets], on a port where none listens: no mail is sent before the fault.</summary>
    public const string RelayName = "mbx01.monitor.test";

    /// <summary>A bound for each wait: generous, the machine is shared and has 2 cores.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(150);

    private readonly TemporaryDirectory _directory;
    private readonly PostfixAlternateDirectory _alternate;

    private LiveRun(TemporaryDirectory directory, AgentInstallation installation, LiveSite site, LiveCollector collector, PrivatePostfix postfix, PrivateDovecot dovecot, PostfixAlternateDirectory alternate, int relayPort, TimeSpan installed, long unpackedAt)
    {
        _directory = directory;
        Account = installation.Account;
        Collector = collector;
        Postfix = postfix;
        Dovecot = dovecot;
        _alternate = alternate;
        RelayPort = relayPort;
        Site = site;
        Installed = installed;
        UnpackedAt = unpackedAt;
        Agent = new LiveAgent(installation);
    }

    public AgentAccount Account { get; }

    /// <summary>How long the guide's steps took: unpacking the package, its postinst, the files, agent.json.</summary>
    public TimeSpan Installed { get; }

    /// <summary>When the package began to be unpacked (a <see cref="Stopwatch"/> timestamp): the start of the guide's steps.</summary>
    public long UnpackedAt { get; }

    public LiveSite Site { get; }

    public LiveCollector Collector { get; }

    public PrivatePostfix Postfix { get; }

    public PrivateDovecot Dovecot { get; }

    public LiveAgent Agent { get; }

    /// <summary>The relay's port in main.cf.</summary>
    public int RelayPort { get; }

    /// <summary>What every failure message carries.</summary>
    public string Logs =>
        $"\n=== agent ({Account})\n{Agent.Log}\n=== collector\n{Collector.Log}\n=== postfix\n{Tail(Postfix.LogText())}\n=== dovecot\n{Tail(File.Exists(Dovecot.LogFile) ? File.ReadAllText(Dovecot.LogFile) : "")}";

    /// <summary>Starts the peers, then installs the agent from the run's monitor-agent package (built once, shared with the packaging tests).</summary>
    public static async Task<LiveRun> StartAsync()
    {
        var deb = (await PackageBuild.OnceAsync()).Files["monitor-agent"];
        var site = new LiveSite($"{LiveSite.Host}.{LiveSite.SiteName}");
        var directory = new TemporaryDirectory();
        var started = new List<IDisposable> { directory };
        try
        {
            var collector = await LiveCollector.StartAsync(directory.File("collector"), site.AgentId, LiveSite.SiteName, LiveSite.Service, LiveSite.ServiceName);
            started.Add(collector);
            var relayPort = RunningProgram.FreePort();
            var postfix = await PrivatePostfix.StartWithLocalNamesAsync([RelayName], $"[{RelayName}]:{relayPort}");
            started.Add(postfix);
            var alternate = new PostfixAlternateDirectory(postfix.ConfigDirectory);
            started.Add(alternate);
            var dovecot = await PrivateDovecot.StartAsync();
            started.Add(dovecot);
            var unpackedAt = Stopwatch.GetTimestamp();
            var installation = await AgentInstallation.InstallAsync(directory.File("agent"), deb, site, collector, postfix, dovecot);
            return new LiveRun(directory, installation, site, collector, postfix, dovecot, alternate, relayPort, Since(unpackedAt), unpackedAt);
        }
        catch
        {
            started.Reverse();
            started.ForEach(d => d.Dispose());
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <see cref="Bound"/> saying <paramref name="what"/>, with every log.</summary>
    /// <exception cref="InvalidOperationException">The agent ended by itself: at once, not after the bound.</exception>
    public Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(
            async () =>
            {
                if (await condition())
                {
                    return true;
                }

                if (Agent.Ended)
                {
                    var code = await Agent.Current!.WaitForExitAsync(TimeSpan.FromSeconds(30));
                    throw new InvalidOperationException($"the agent ended (exit {code}) while the test waited: {what}{Logs}");
                }

                return false;
            },
            Bound,
            () => $"{what}{Logs}");

    /// <summary>Until the agent's /metrics shows every source up and the probes of a healthy site.</summary>
    public Task UntilHealthyAsync() => UntilAsync(async () =>
    {
        var metrics = await Agent.MetricsAsync();
        return new[] { "probes", "postfix-queue", "changes" }.All(s => LiveAgent.Shows(metrics, "monitor_agent_source_up", $"source=\"{s}\"", 1))
            && new[] { "pop3", "imap", "smtp-in" }.All(f => LiveAgent.Shows(metrics, "monitor_probe_success", $"\"{f}\"", 1));
    }, "the agent did not read a healthy site (every source up, the pop3, imap and smtp-in probes succeeding)");

    /// <summary>Until the agent has no revision left to deliver: the collector holds all it made.</summary>
    public Task UntilDeliveredAsync() => UntilAsync(
        async () => (await Agent.MetricsAsync()).Split('\n').Any(l => l.Trim() == "monitor_agent_outbox_pending 0"),
        "the agent's outbox did not drain (monitor_agent_outbox_pending 0)");

    /// <summary>The incident ids the agent logged revisions of, over every incarnation.</summary>
    public IReadOnlySet<string> IncidentsTheAgentMade() =>
        Agent.Log.Split('\n').Select(l => RevisionLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Seconds since <paramref name="started"/>.</summary>
    public static TimeSpan Since(long started) => Stopwatch.GetElapsedTime(started);

    public void Dispose()
    {
        Agent.Dispose();
        Dovecot.Dispose();
        _alternate.Dispose();
        Postfix.Dispose();
        Collector.Dispose();
        _directory.Dispose();
    }

    private static string Tail(string text, int lines = 30)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    [GeneratedRegex(@"Incident (\S+) revision \d+:")]
    private static partial Regex RevisionLine();
}
