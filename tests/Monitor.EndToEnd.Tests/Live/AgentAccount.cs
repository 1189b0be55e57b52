using System.Diagnostics;

namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// The account the agent runs under on a host, as the package makes it and its systemd unit uses
/// it: the system user <c>monitor</c> and its groups as the package's postinst makes them (run
/// here as dpkg runs it, with systemctl a no-op and <c>DPKG_ROOT</c> the scratch root), and the
/// unit's <c>User=</c>, <c>Group=</c>, <c>SupplementaryGroups=</c> and <c>NoNewPrivileges=</c> read
/// from the unpacked monitor-agent.service, so that a unit that takes away what a source needs
/// fails here. The test runs as root and starts the agent through <c>setpriv</c>.
/// </summary>
internal sealed class AgentAccount
{
    private static readonly Lock Creating = new();

    private AgentAccount(string user, string group, IReadOnlyList<string> groups, bool noNewPrivileges, string home, string shell)
    {
        Home = home;
        Shell = shell;
        User = user;
        Group = group;
        Groups = groups;
        NoNewPrivileges = noNewPrivileges;
    }

    /// <summary>The unit's User=.</summary>
    public string User { get; }

    /// <summary>The user's home in passwd (HOME under systemd; the package makes none).</summary>
    public string Home { get; }

    /// <summary>The user's shell in passwd (SHELL under systemd).</summary>
    public string Shell { get; }

    /// <summary>The unit's Group=.</summary>
    public string Group { get; }

    /// <summary>What the process gets as supplementary groups: the user's own memberships (systemd calls initgroups) and the unit's SupplementaryGroups=.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>The unit's NoNewPrivileges=: set-group-id programs (postqueue) run without their group.</summary>
    public bool NoNewPrivileges { get; }

    /// <summary>The account of the package's unit <paramref name="unitFile"/>, after its <paramref name="postinst"/> ran for <paramref name="root"/>.</summary>
    public static AgentAccount OfPackage(string unitFile, string postinst, string root)
    {
        var unit = File.ReadAllLines(unitFile);
        string Setting(string key) => AgentInstallation.Setting(unit, key);
        var user = Setting("User");
        var group = Setting("Group");
        Configure(postinst, root, user);
        var supplementary = Setting("SupplementaryGroups").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var memberships = Run("id", "-Gn", user).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var groups = memberships.Concat(supplementary).Where(g => g != group).Distinct(StringComparer.Ordinal).ToList();
        var passwd = Run("getent", "passwd", user).Split(':');
        return new AgentAccount(user, group, groups, Setting("NoNewPrivileges") == "yes", passwd[5], passwd[6]);
    }

    /// <summary><c>setpriv</c> and its arguments that run a program as this account, then the program's.</summary>
    public IEnumerable<string> SetprivArguments()
    {
        yield return $"--reuid={User}";
        yield return $"--regid={Group}";
        yield return Groups.Count == 0 ? "--clear-groups" : $"--groups={string.Join(',', Groups)}";
        if (NoNewPrivileges)
        {
            yield return "--no-new-privs";
        }

        yield return "--";
    }

    /// <summary>A description for the report and failure messages.</summary>
    public override string ToString() =>
        $"user {User}, group {Group}, supplementary groups {string.Join(' ', Groups)}{(NoNewPrivileges ? ", no new privileges" : "")}";

    // The package's own postinst, "configure", with a systemctl that does nothing: the user and its
    // groups are made on this host, the files' group set under DPKG_ROOT.
    private static void Configure(string postinst, string root, string user)
    {
        lock (Creating)
        {
            using var folder = new TemporaryDirectory();
            var stubs = Directory.CreateDirectory(folder.File("bin")).FullName;
            File.WriteAllText(Path.Combine(stubs, "systemctl"), "#!/bin/sh\nexit 0\n");
            Run("chmod", "0755", Path.Combine(stubs, "systemctl"));
            Run("env", $"PATH={stubs}:{Environment.GetEnvironmentVariable("PATH")}", $"DPKG_ROOT={root}", "sh", postinst, "configure");
            if (!Exists(user))
            {
                throw new InvalidOperationException($"the package's postinst configure did not create the system user '{user}': run the tests as root");
            }
        }
    }

    private static bool Exists(string user) => RunAllowingFailure("getent", "passwd", user) == 0;

    private static string Run(string program, params string[] arguments)
    {
        var (code, output) = Execute(program, arguments);
        return code == 0 ? output.Trim() : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {code}: {output}");
    }

    private static int RunAllowingFailure(string program, params string[] arguments) => Execute(program, arguments).Code;

    private static (int Code, string Output) Execute(string program, string[] arguments)
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
        return (process.ExitCode, output + error.Result);
    }
}
