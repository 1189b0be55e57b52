using System.Net;
using System.Net.Sockets;

namespace Monitor.Agent.Tests;

/// <summary>
/// The agent as an operator starts it: a real process, its exit code and what it prints. An
/// everyday mistake is told in one line that names the setting, with exit code 2, never a stack
/// trace; asking for help or the version is not a mistake.
/// </summary>
public sealed class ProgramTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Run from the repository, so config/agent.json and its topology are the shipped ones.
    private static async Task<(int Code, RunningProgram Agent)> RunAsync(params string[] args)
    {
        var agent = RunningProgram.StartDotnet("monitor-agent", "Monitor.Agent.dll", args, RepositoryPaths.Root);
        var code = await agent.WaitForExitAsync(Bound);
        return (code, agent);
    }

    private static void AssertToldInOneLine(int code, RunningProgram agent, string expected)
    {
        Assert.True(code == 2, $"exit code {code}, expected 2:\n{agent.Output}");
        Assert.Contains(agent.Err, line => line.StartsWith("monitor-agent: ", StringComparison.Ordinal) && line.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(agent.Err.Concat(agent.Out), line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ListenWithoutScheme_NamesTheSettingAndExitsTwo()
    {
        var (code, agent) = await RunAsync("run", "--Agent:Http:Listen=localhost:9105", "--Agent:Outbox:Durable=false");
        using (agent)
        {
            AssertToldInOneLine(code, agent, "Agent:Http:Listen = 'localhost:9105' is not valid: expected http://HOST:PORT");
        }
    }

    [Fact]
    public async Task Run_PortAlreadyInUse_NamesTheSettingAndExitsTwo()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (code, agent) = await RunAsync("run", $"--Agent:Http:Listen=http://127.0.0.1:{port}", "--Agent:Outbox:Durable=false");
        using (agent)
        {
            AssertToldInOneLine(code, agent, $"Agent:Http:Listen: Failed to bind to address http://127.0.0.1:{port}: address already in use.");
        }
    }

    [Fact]
    public async Task Run_OutboxFolderThatCannotBeCreated_NamesTheSettingAndExitsTwo()
    {
        // A plain file where the outbox's parent folder should be: nothing can be created under it.
        var file = _directory.File("not-a-folder");
        await File.WriteAllTextAsync(file, "");
        var outbox = Path.Combine(file, "outbox");

        var (code, agent) = await RunAsync("run", $"--Agent:Outbox:Path={outbox}", "--Agent:Http:Listen=");
        using (agent)
        {
            AssertToldInOneLine(code, agent, $"Agent:Outbox:Path = '{outbox}': the outbox folder cannot be created or written");
        }
    }

    [Fact]
    public async Task SampleRedfish_WithoutBaseUri_NamesTheSettingAndExitsTwo()
    {
        var (code, agent) = await RunAsync("sample", "redfish");
        using (agent)
        {
            AssertToldInOneLine(code, agent, "Agent:Sources:Redfish:BaseUri = '' is not valid");
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("run", "--help")]
    public async Task Help_PrintsUsageOnStandardOutputAndExitsZero(params string[] args)
    {
        var (code, agent) = await RunAsync(args);
        using (agent)
        {
            Assert.True(code == 0, $"exit code {code}:\n{agent.Output}");
            Assert.StartsWith("usage: monitor-agent", agent.Out[0], StringComparison.Ordinal);
            Assert.Empty(agent.Err);
        }
    }

    [Fact]
    public async Task Version_PrintsTheReleaseAndRevisionAndExitsZero()
    {
        var (code, agent) = await RunAsync("--version");
        using (agent)
        {
            Assert.True(code == 0, $"exit code {code}:\n{agent.Output}");
            var line = Assert.Single(agent.Out);
            Assert.Matches(@"^monitor-agent \d+\.\d+\.\d+ \(([0-9a-f]{12}|unknown), \.NET 10\.", line);
        }
    }
    [Fact]
    public async Task Run_Scrapes_AreNotLogged_AndEachLogLineIsOneLineWithItsDateAndTime()
    {
        var port = RunningProgram.FreePort();
        using var agent = RunningProgram.StartDotnet(
            "monitor-agent", "Monitor.Agent.dll", ["run", $"--Agent:Http:Listen=http://127.0.0.1:{port}", "--Agent:Outbox:Durable=false"], RepositoryPaths.Root);
        await agent.WaitForLineAsync("Now listening on", Bound);
        using var http = new HttpClient();
        for (var scrape = 0; scrape < 3; scrape++)
        {
            Assert.Contains("monitor_build_info{", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")), StringComparison.Ordinal);
        }

        await agent.TerminateAsync(Bound);
        Assert.DoesNotContain(agent.Err, line => line.Contains("Request starting", StringComparison.Ordinal) || line.Contains("Executing endpoint", StringComparison.Ordinal));
        Assert.All(agent.Err, line => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2} (info|warn|fail|crit|dbug): ", line));
    }

    [Theory]
    [InlineData("json", @"^\{""Timestamp"":""\d{4}-.*""LogLevel"":""(Information|Warning)"".*\}$")]
    [InlineData("systemd", @"^<[46]>(Monitor|Microsoft)\.")]
    public async Task Run_LogFormat_WritesEveryLineInThatFormat(string format, string pattern)
    {
        using var agent = RunningProgram.StartDotnet(
            "monitor-agent", "Monitor.Agent.dll", ["run", $"--Agent:Telemetry:LogFormat={format}", "--Agent:Http:Listen=", "--Agent:Outbox:Durable=false"], RepositoryPaths.Root);
        await agent.WaitForLineAsync("No source is enabled", Bound);
        await agent.TerminateAsync(Bound);

        Assert.NotEmpty(agent.Err);
        Assert.All(agent.Err, line => Assert.Matches(pattern, line));
    }

    [Fact]
    public async Task Run_UnknownLogFormat_NamesTheSettingAndExitsTwo()
    {
        var (code, agent) = await RunAsync("run", "--Agent:Telemetry:LogFormat=xml", "--Agent:Outbox:Durable=false");
        using (agent)
        {
            AssertToldInOneLine(code, agent, "Agent:Telemetry:LogFormat = 'xml' is not valid: expected auto, text, systemd or json");
        }
    }
    [Fact]
    public async Task Run_SigHup_ReloadsAValidConfigurationAndKeepsTheRunningOneWhenTheNewIsNot()
    {
        var port = RunningProgram.FreePort();
        var config = _directory.File("agent.json");
        void Write(string sources, string deadline) => File.WriteAllText(config, $$"""
            { "Agent": {
                "AgentId": "reload.test", "Host": "reload",
                "TopologyPath": "{{RepositoryPaths.Scenario("cty-2017")}}/topology.json",
                "Collector": { "Address": "", "Deadline": "{{deadline}}" },
                "Outbox": { "Path": "{{_directory.File("outbox")}}" },
                "Http": { "Listen": "http://127.0.0.1:{{port}}" },
                "Sources": { {{sources}} } } }
            """);
        Write("", "00:00:10");
        using var agent = RunningProgram.StartDotnet("monitor-agent", "Monitor.Agent.dll", ["run", "--config", config], _directory.Path);
        await agent.WaitForLineAsync("Now listening on", Bound);
        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{port}/metrics");
        Assert.DoesNotContain("monitor_agent_source_up{source=\"filesystems\"}", await http.GetStringAsync(metrics), StringComparison.Ordinal);

        // Valid: the agent restarts in place with the new source.
        Write("\"Filesystems\": { \"Enabled\": true, \"Mounts\": [\"/\"] }", "00:00:10");
        await agent.HangUpAsync();
        await agent.WaitForLineAsync("SIGHUP: the new configuration is valid; restarting the agent with it", Bound);
        await agent.WaitForLineAsync("Source filesystems started", Bound);
        await agent.WaitForLineAsync("Samples name entity 'reload:/'", Bound); // its first read reached detection
        await agent.WaitUntilAsync(() => agent.CountErr(l => l.Contains("Now listening on", StringComparison.Ordinal)) == 2, Bound, "listening again");
        Assert.Contains("monitor_agent_source_up{source=\"filesystems\"} 1", await http.GetStringAsync(metrics), StringComparison.Ordinal);

        // Not valid: told with the key, and the agent goes on as it was.
        Write("\"Filesystems\": { \"Enabled\": true, \"Mounts\": [\"/\"] }", "soon");
        await agent.HangUpAsync();
        await agent.WaitForLineAsync(
            "SIGHUP: the new configuration is not valid, so the agent keeps running with the one it has: Agent:Collector:Deadline = 'soon' is not valid", Bound);
        Assert.Contains("monitor_agent_source_up{source=\"filesystems\"} 1", await http.GetStringAsync(metrics), StringComparison.Ordinal);

        Assert.Equal(0, await agent.TerminateAsync(Bound));
    }
    [Fact]
    public async Task CheckConfig_ReadsEachEnabledSourceOnceAndNamesWhatTheTopologyDoesNotKnow()
    {
        // node_exporter's captured /proc (a real host's diskstats) against CTY's topology, which
        // knows none of that host's disks.
        var (code, agent) = await RunAsync(
            "check-config", "--Agent:Outbox:Durable=false", "--Agent:TopologyPath=config/scenarios/cty-2017/topology.json",
            "--Agent:Sources:DiskStats:Enabled=true", $"--Agent:Sources:DiskStats:Root={RepositoryPaths.Fixture("node_exporter")}",
            "--Agent:Sources:PostfixQueue:Enabled=true", $"--Agent:Sources:PostfixQueue:Command={_directory.File("no-postqueue")}");
        using (agent)
        {
            Assert.True(code == 1, $"exit code {code}, expected 1 (a source could not read):\n{agent.Output}");
            Assert.Contains(agent.Out, l => l.EndsWith("config/agent.json: valid", StringComparison.Ordinal));
            Assert.Contains("topology config/scenarios/cty-2017/topology.json: site cty, 2 controllers, 2 access paths, 1 mail services, 1 populations", agent.Out);
            Assert.Contains("source diskstats (every 00:00:15): read 162 samples of 6 metrics about 27 entities", agent.Out);
            Assert.Contains(agent.Out, l => l.StartsWith("  not in the topology, so no rule looks at them: mail01/sda, ", StringComparison.Ordinal));
            Assert.Contains(agent.Out, l => l.StartsWith("source postfix-queue (every 00:00:15): FAILED: ", StringComparison.Ordinal) && l.Contains("no-postqueue", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task CheckConfig_InvalidSetting_NamesItAndExitsTwo()
    {
        var (code, agent) = await RunAsync("check-config", "--Agent:Collector:Deadline=soon");
        using (agent)
        {
            AssertToldInOneLine(code, agent, "Agent:Collector:Deadline = 'soon' is not valid");
        }
    }
}
