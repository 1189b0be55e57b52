using System.Text.Json;

namespace Monitor.EndToEnd.Tests.Aot;

/// <summary>
/// Every verb of the natively compiled agent, against the JIT build's answers: a trimmed binary
/// that lost a type's metadata fails here, not on a host.
/// </summary>
public sealed class NativeAgentTests(NativeAgent agent) : IClassFixture<NativeAgent>
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Version_SameAsTheJitBuild()
    {
        var native = await NativeAgent.RunAsync(agent.Program, ["--version"], Bound);
        var jit = await Jit(["--version"]);

        Assert.Equal(0, native.Code);
        Assert.StartsWith("monitor-agent 0.", native.Out, StringComparison.Ordinal);

        // The revision is the commit each was built from: the two builds of one run may straddle a
        // commit, so it is compared as a commit id, and the rest word for word.
        var revision = new System.Text.RegularExpressions.Regex(@"\(([0-9a-f]{12}|unknown), ");
        Assert.Matches(revision, native.Out);
        Assert.Equal(revision.Replace(jit.Out, "(REV, "), revision.Replace(native.Out, "(REV, "));
    }

    [Fact]
    public async Task Help_PrintsTheUsage()
    {
        var native = await NativeAgent.RunAsync(agent.Program, ["--help"], Bound);

        Assert.Equal(0, native.Code);
        Assert.Contains("usage: monitor-agent", native.Out, StringComparison.Ordinal);
        Assert.Contains("replay SCENARIO_DIR", native.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayJson_Cty2017_SameIncidentRootAndUsersAsTheJitBuild()
    {
        string[] args = ["replay", RepositoryPaths.Scenario("cty-2017"), "--speed", "0", "--json"];
        var native = await NativeAgent.RunAsync(agent.Program, args, Bound);
        var jit = await Jit(args);

        Assert.True(native.Code == 0, $"exit {native.Code}:\n{native.Err}");
        Assert.Equal(0, jit.Code);
        var nativeIncidents = Incidents(native.Out);
        Assert.NotEmpty(nativeIncidents);
        Assert.Equal(Incidents(jit.Out), nativeIncidents);
        Assert.Equal(Summary(jit.Out), Summary(native.Out));
    }

    [Fact]
    public async Task SampleDiskstats_SameSeriesAsTheJitBuild()
    {
        string[] args = ["sample", "diskstats", "--root", RepositoryPaths.Fixture("node_exporter"), "--Agent:Host=mail01"];
        var native = await NativeAgent.RunAsync(agent.Program, args, Bound);
        var jit = await Jit(args);

        Assert.True(native.Code == 0, $"exit {native.Code}:\n{native.Err}");
        Assert.Contains("monitor_block_queue_size{device=\"mail01/dm-0\"}", native.Out, StringComparison.Ordinal);
        Assert.Equal(WithoutTimestamps(jit.Out), WithoutTimestamps(native.Out));
    }

    [Fact]
    public async Task CheckConfig_SaysWhatTheSourcesReadAsTheJitBuildDoes()
    {
        string[] args =
        [
            "check-config", "--Agent:Outbox:Durable=false", $"--Agent:TopologyPath={RepositoryPaths.Scenario("cty-2017")}/topology.json",
            "--Agent:Sources:DiskStats:Enabled=true", $"--Agent:Sources:DiskStats:Root={RepositoryPaths.Fixture("node_exporter")}",
        ];
        var native = await NativeAgent.RunAsync(agent.Program, args, Bound);
        var jit = await Jit(args);

        Assert.True(native.Code == 0, $"exit {native.Code}:\n{native.Out}\n{native.Err}");
        Assert.Contains("source diskstats (every 00:00:15): read 162 samples of 6 metrics about 27 entities", native.Out, StringComparison.Ordinal);
        Assert.Equal(jit.Out, native.Out);
    }

    [Fact]
    public async Task Discover_WritesTheSameSkeletonAsTheJitBuild()
    {
        // A captured tree (sysfs maps, no multipathd), and this host as it is (postconf, doveconf, mountinfo).
        foreach (var args in new[] { ["discover", "--root", RepositoryPaths.Fixture("prometheus-procfs", "fixtures"), "--host", "mail01"], new[] { "discover", "--host", "mail01" } })
        {
            var native = await NativeAgent.RunAsync(agent.Program, args, Bound);
            var jit = await Jit(args);

            Assert.True(native.Code == jit.Code, $"exit {native.Code}, the JIT build's {jit.Code}:\n{native.Err}");
            Assert.Contains("\"id\": \"mail01\"", native.Out, StringComparison.Ordinal);
            Assert.Equal(WithoutWhen(jit.Out), WithoutWhen(native.Out));
            Assert.Equal(jit.Err, native.Err);
        }
    }

    [Fact]
    public async Task Run_UnknownSetting_Exit2NamingTheKeyAndTheKnownOnes()
    {
        var native = await NativeAgent.RunAsync(agent.Program, ["run", "--Agent:Sources:DiskStats:Intervall=00:00:01"], Bound);

        Assert.Equal(2, native.Code);
        Assert.Contains("Agent:Sources:DiskStats:Intervall is not a known setting (known here: ", native.Err, StringComparison.Ordinal);
        Assert.Contains("Interval", native.Err.Split("known here:")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ThresholdOutOfRange_Exit2WithTheRange()
    {
        var native = await NativeAgent.RunAsync(agent.Program, ["run", "--Agent:Incidents:QuietPeriod=9.00:00:00"], Bound);

        Assert.Equal(2, native.Code);
        Assert.Contains(
            "Agent:Incidents:QuietPeriod = '9.00:00:00' is not valid: The field QuietPeriod must be between 00:00:00 and 7.00:00:00.",
            native.Err,
            StringComparison.Ordinal);
    }

    private static Task<(int Code, string Out, string Err)> Jit(string[] args) =>
        NativeAgent.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "Monitor.Agent.dll"), .. args], Bound);

    // Each incident's last revision: its id, root cause and affected users.
    private static List<string> Incidents(string jsonLines)
    {
        var last = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.GetProperty("type").GetString() == "revision")
            {
                var cause = root.GetProperty("rootCause");
                last[root.GetProperty("incidentId").GetString()!] =
                    $"{root.GetProperty("incidentId")} {cause.GetProperty("entity")} {cause.GetProperty("kind")} {root.GetProperty("state")} "
                    + $"users {root.GetProperty("affectedUsersMax")} {root.GetProperty("affectedUsers").GetRawText()}";
            }
        }

        return [.. last.Values];
    }

    // The samples without their times (each run reads the clock): "# ..." lines and "name{labels} value".
    private static List<string> WithoutTimestamps(string openMetrics) =>
        [.. openMetrics.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.StartsWith('#') ? l : l[..l.LastIndexOf(' ')])];

    // The skeleton's first comment says when it was written.
    private static string WithoutWhen(string skeleton) =>
        string.Join('\n', skeleton.Split('\n').Where(l => !l.Contains("Written by `monitor-agent discover`", StringComparison.Ordinal)));

    private static string Summary(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(l => l.Contains("\"type\":\"summary\"", StringComparison.Ordinal));
}
