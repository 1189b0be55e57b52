using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Monitor.EndToEnd.Tests.Packaging;

namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// The monitor-agent package installed as docs/install.md tells an operator ("From the package to
/// a first incident"), into a scratch root instead of /: the .deb unpacked (<c>dpkg-deb -x</c>),
/// its own postinst run (the user and its groups; <c>DPKG_ROOT</c> for its files), the site's CA,
/// client certificate and key installed under <c>/etc/monitor/tls</c>, the topology and the probe
/// credentials written, and the shipped <c>/etc/monitor/agent.json</c> edited only in the keys
/// the guide names (plus shorter intervals, so the test takes seconds). The one change the guide
/// does not make: every <c>/etc/monitor/</c> and <c>/var/lib/monitor/</c> path is moved under
/// the scratch root, in the configuration and in the unit's ExecStart and WorkingDirectory.
/// </summary>
internal sealed class AgentInstallation
{
    private AgentInstallation(string root, AgentAccount account, IReadOnlyList<string> execStart, string workingDirectory, string umask, string outbox, int metricsPort)
    {
        UMask = umask;
        Root = root;
        Account = account;
        ExecStart = execStart;
        WorkingDirectory = workingDirectory;
        Outbox = outbox;
        MetricsPort = metricsPort;
    }

    /// <summary>The scratch root the package was unpacked into.</summary>
    public string Root { get; }

    /// <summary>The unit's account, as the package's postinst made it.</summary>
    public AgentAccount Account { get; }

    /// <summary>The unpacked unit's ExecStart, its paths in the scratch root.</summary>
    public IReadOnlyList<string> ExecStart { get; }

    /// <summary>The unit's WorkingDirectory (its StateDirectory), in the scratch root.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The unit's UMask.</summary>
    public string UMask { get; }

    /// <summary>The outbox folder, where incidents.json is kept too.</summary>
    public string Outbox { get; }

    /// <summary>The port of the agent's /metrics.</summary>
    public int MetricsPort { get; }

    /// <summary>Unpacks <paramref name="deb"/> under <paramref name="directory"/> and follows the guide's steps for <paramref name="site"/>.</summary>
    public static async Task<AgentInstallation> InstallAsync(string directory, string deb, LiveSite site, LiveCollector collector, PrivatePostfix postfix, PrivateDovecot dovecot)
    {
        // 1. apt install ./monitor-agent_*.deb: the files, then the package's postinst.
        var root = Path.Combine(directory, "root");
        await PackageBuild.UnpackAsync(deb, root);
        var control = Path.Combine(directory, "DEBIAN");
        Run("dpkg-deb", "-e", deb, control);
        var unitFile = Path.Combine(root, "lib", "systemd", "system", "monitor-agent.service");
        var account = AgentAccount.OfPackage(unitFile, Path.Combine(control, "postinst"), root);
        var unit = File.ReadAllLines(unitFile);

        // 2. The site's CA and this agent's certificate (deploy/make-certs.sh on the collector host) in /etc/monitor/tls.
        var etc = Path.Combine(root, "etc", "monitor");
        var tls = Path.Combine(etc, "tls");
        Run("install", "-d", "-m", "0750", "-g", account.Group, tls);
        Run("install", "-m", "0644", Path.Combine(collector.Certificates, "ca.pem"), Path.Combine(tls, "ca.pem"));
        Run("install", "-m", "0644", Path.Combine(collector.Certificates, "agents", site.AgentId + ".pem"), Path.Combine(tls, "agent.pem"));
        Run("install", "-m", "0640", "-g", account.Group, Path.Combine(collector.Certificates, "agents", site.AgentId + ".key"), Path.Combine(tls, "agent.key"));

        // 3. The topology (discover's skeleton with its blanks filled; here the site's, whole) and the probes' credentials.
        Install(site.Topology(), Path.Combine(etc, "topology.json"), "0640", account.Group);
        Install(
            JsonSerializer.Serialize(new Dictionary<string, object> { ["alice"] = new { User = PrivateDovecot.User, PrivateDovecot.Password } }),
            Path.Combine(etc, "probe-credentials.json"),
            "0640",
            account.Group);

        // 4. /etc/monitor/agent.json: the keys the guide says to edit.
        var metricsPort = RunningProgram.FreePort();
        var agentJson = Path.Combine(etc, "agent.json");
        var shipped = await File.ReadAllTextAsync(agentJson);
        var edited = Edit(shipped, site, collector, postfix, dovecot, metricsPort);
        await File.WriteAllTextAsync(agentJson, Relocate(edited, root));

        // systemd makes the StateDirectory for the unit's user before it starts it.
        var state = Relocate(Setting(unit, "WorkingDirectory"), root);
        Run("install", "-d", "-m", Setting(unit, "StateDirectoryMode"), "-o", account.User, "-g", account.Group, state);

        var execStart = Setting(unit, "ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => ResolveLink(Relocate(a, root), root)).ToList();
        var outbox = Relocate(JsonNode.Parse(edited)!["Agent"]!["Outbox"]!["Path"]!.GetValue<string>(), root);
        return new AgentInstallation(root, account, execStart, state, Setting(unit, "UMask"), outbox, metricsPort);
    }

    /// <summary>The unit's setting <paramref name="key"/> (its last assignment).</summary>
    public static string Setting(IEnumerable<string> unit, string key) =>
        unit.Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..].Trim()
        ?? throw new InvalidOperationException($"monitor-agent.service has no {key}=");

    /// <summary>The shipped configuration with the guide's edits: this agent's id and host, the collector, the sources this host runs.</summary>
    private static string Edit(string shipped, LiveSite site, LiveCollector collector, PrivatePostfix postfix, PrivateDovecot dovecot, int metricsPort)
    {
        var interval = LiveAgent.Interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        var probeInterval = LiveAgent.ProbeInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        var configuration = JsonNode.Parse(shipped)!.AsObject();
        var agent = configuration["Agent"]!.AsObject();
        agent["AgentId"] = site.AgentId;
        agent["Host"] = LiveSite.Host;
        agent["Collector"]!["Address"] = collector.Address;

        // Test speed: a retry within 2 s, not the default's minute.
        agent["Collector"]!["MaxBackoff"] = "00:00:02";

        // Another port than 9105: several test runs may share the machine.
        agent["Http"]!["Listen"] = $"http://127.0.0.1:{metricsPort}";

        var sources = agent["Sources"]!.AsObject();

        // This host has no /var/log/mail.log: the private Postfix logs to a file of its own.
        sources["MailLog"]!["Enabled"] = false;
        sources["PostfixQueue"]!["Interval"] = interval;
        sources["PostfixQueue"]!["Timeout"] = interval;

        // A second Postfix instance, listed in alternate_config_directories (docs/install.md, postfix-queue).
        sources["PostfixQueue"]!["ConfigDirectory"] = postfix.ConfigDirectory;
        sources["Changes"] = new JsonObject
        {
            ["Enabled"] = true,
            ["Interval"] = interval,
            ["Timeout"] = interval,
            ["Files"] = new JsonArray(new JsonObject { ["Path"] = postfix.MainCf }),
        };
        JsonObject Probe(string function, string protocol, int port, string credential) => new()
        {
            ["Service"] = LiveSite.Service,
            ["Function"] = function,
            ["Protocol"] = protocol,
            ["Host"] = "127.0.0.1",
            ["Port"] = port,
            ["Tls"] = "none",
            ["Credential"] = credential,
        };
        sources["Probes"] = new JsonObject
        {
            ["Enabled"] = true,
            ["Interval"] = probeInterval,
            ["Timeout"] = probeInterval,

            // Each probe may take 4 s before it counts as failed, so a busy machine does not stop the service.
            ["ProbeTimeout"] = "00:00:04",
            ["CredentialsFile"] = "/etc/monitor/probe-credentials.json",
            ["Targets"] = new JsonArray(
                Probe("pop3", "pop3", dovecot.Pop3Port, "alice"),
                Probe("imap", "imap", dovecot.ImapPort, "alice"),
                Probe("smtp-in", "smtp", postfix.SmtpPort, "")),
        };

        // Ten deferred messages make a backlog here (a site's default is 100): the test sends a dozen.
        agent["Detection"] = new JsonObject { ["QueueBacklogMessages"] = LiveSite.BacklogMessages };
        return configuration.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    // The package's absolute paths, moved under the scratch root.
    private static string Relocate(string text, string root) =>
        text.Replace("/etc/monitor", root + "/etc/monitor", StringComparison.Ordinal)
            .Replace("/var/lib/monitor", root + "/var/lib/monitor", StringComparison.Ordinal)
            .Replace("/usr/bin/monitor-agent", root + "/usr/bin/monitor-agent", StringComparison.Ordinal);

    // /usr/bin/monitor-agent is an absolute link into /usr/lib/monitor: followed inside the root.
    private static string ResolveLink(string path, string root) =>
        new FileInfo(path).LinkTarget is { } target && target.StartsWith('/') ? root + target : path;

    private static void Install(string content, string path, string mode, string group)
    {
        var staged = path + ".new";
        File.WriteAllText(staged, content);
        Run("install", "-m", mode, "-g", group, staged, path);
        File.Delete(staged);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {output}{error.Result}");
        }
    }
}
