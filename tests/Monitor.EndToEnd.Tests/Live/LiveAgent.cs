namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// The packaged agent (the NativeAOT binary of the monitor-agent package, unpacked and configured
/// by <see cref="AgentInstallation"/>) run as the unit runs it: the unit's ExecStart through
/// setpriv under <see cref="AgentAccount"/> (user, groups, no new privileges), in its
/// WorkingDirectory, with its UMask and the environment systemd gives a service, the outbox (and
/// incidents.json beside it) kept across incarnations so that a SIGKILL and a start again
/// continue what it was doing. Its sources read the test's private Postfix and Dovecot every
/// <see cref="Interval"/>, and it pushes over mutual TLS to <see cref="LiveCollector"/>. Each
/// incarnation's log is kept.
/// </summary>
internal sealed class LiveAgent : IDisposable
{
    /// <summary>Between two reads of the queue and main.cf: short, so that the test takes seconds, not minutes (a read may take as long).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    /// <summary>Between two rounds of probes; each probe may take 4 s before it counts as failed, so a busy machine does not stop the service.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);

    private readonly AgentInstallation _installation;
    private readonly List<RunningProgram> _incarnations = [];
    private readonly HttpClient _metrics = new();

    public LiveAgent(AgentInstallation installation) => _installation = installation;

    /// <summary>Whether the running incarnation has ended by itself (a configuration refused, a crash).</summary>
    public bool Ended => Current?.HasExited == true;

    /// <summary>The running incarnation.</summary>
    public RunningProgram? Current { get; private set; }

    /// <summary>How many times it was started.</summary>
    public int Starts => _incarnations.Count;

    /// <summary>The outbox folder, where incidents.json is kept too.</summary>
    public string Outbox => _installation.Outbox;

    /// <summary>The log of every incarnation, in order, for failure messages.</summary>
    public string Log => string.Join("\n", _incarnations.Select((p, i) => $"--- agent incarnation {i + 1}\n{p.Tail(60)}"));

    /// <summary>Starts an incarnation: <c>setpriv ... env -i ... sh -c 'umask 0027; exec ExecStart'</c>.</summary>
    public RunningProgram Start() => Start(_installation.ExecStart, $"agent incarnation {_incarnations.Count + 1}");

    /// <summary>Runs <c>monitor-agent check-config</c> as the unit would run the agent: exit code and both streams.</summary>
    public async Task<(int Code, string Output)> CheckConfigAsync()
    {
        var arguments = _installation.ExecStart.Select(a => a == "run" ? "check-config" : a).ToList();
        using var check = Start(arguments, "check-config", incarnation: false);
        var code = await check.WaitForExitAsync(LiveRun.Bound);
        return (code, check.Output);
    }

    /// <summary>SIGKILL: the agent dies at once, wherever it was. setpriv, env and sh exec, so the signal reaches the agent itself.</summary>
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
            return await _metrics.GetStringAsync($"http://127.0.0.1:{_installation.MetricsPort}/metrics");
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

    private RunningProgram Start(IReadOnlyList<string> execStart, string name, bool incarnation = true)
    {
        if (incarnation && Current is not null)
        {
            throw new InvalidOperationException("the agent is already running");
        }

        var account = _installation.Account;
        var program = RunningProgram.Start("/usr/bin/setpriv",
        [
            .. account.SetprivArguments(),

            // What systemd gives a service of User=: its PATH, the user's passwd entry; nothing of the test's.
            "/usr/bin/env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            $"HOME={account.Home}", $"USER={account.User}", $"LOGNAME={account.User}", $"SHELL={account.Shell}",
            "/bin/sh", "-c", $"umask {_installation.UMask} && exec \"$@\"", "sh", .. execStart,
        ], _installation.WorkingDirectory, name);
        if (incarnation)
        {
            Current = program;
            _incarnations.Add(program);
        }

        return program;
    }
}
