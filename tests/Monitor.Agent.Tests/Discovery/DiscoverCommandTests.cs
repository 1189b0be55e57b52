using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monitor.Agent.Tests.Discovery;

/// <summary>`monitor-agent discover` as an operator runs it: a real process, what it writes and its exit codes.</summary>
public sealed class DiscoverCommandTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static async Task<(int Code, RunningProgram Agent)> RunAsync(params string[] args)
    {
        var agent = RunningProgram.StartDotnet("monitor-agent", "Monitor.Agent.dll", args, RepositoryPaths.Root);
        var code = await agent.WaitForExitAsync(Bound);
        return (code, agent);
    }

    [Fact]
    public async Task Discover_CapturedTreeWithMissingSlaves_WritesTheSkeletonTellsWhatItCouldNotReadAndExitsOne()
    {
        var root = RepositoryPaths.Fixture("node_exporter");

        var (code, agent) = await RunAsync("discover", "--root", root, "--host", "mail07");
        using (agent)
        {
            Assert.True(code == 1, $"exit code {code}, expected 1:\n{agent.Output}");
            var skeleton = JsonNode.Parse(string.Join('\n', agent.Out), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
            Assert.Equal(["mail07:host0", "mail07:host1"], skeleton["hbaPorts"]!.AsArray().Select(p => (string)p!["id"]!));
            Assert.Equal(["vol-mpathA", "vol-mpathB"], skeleton["volumes"]!.AsArray().Select(p => (string)p!["id"]!));
            Assert.Contains($"monitor-agent: discover: not read: {root}/sys/block/dm-5/slaves: not found, so the paths of map mpathA are not known", agent.Err);
            Assert.Contains("monitor-agent: discover: 2 HBA ports, 0 remote ports, 2 multipath maps with 0 paths, 0 mail stores, no mail software", agent.Err);
        }
    }

    [Fact]
    public async Task Discover_ThenCheckConfig_NamesEachBlankAndExitsTwo_AndDiscoverNeverOverwritesIt()
    {
        using var tree = new DiscoveryTree();
        var file = _directory.File("topology.json");

        var (code, agent) = await RunAsync("discover", "--root", tree.Root, "--out", file);
        using (agent)
        {
            Assert.True(code == 0, $"exit code {code}, expected 0:\n{agent.Output}");
            Assert.Empty(agent.Out);
            Assert.Contains($"monitor-agent: discover: wrote {file}: 2 HBA ports, 2 remote ports, 2 multipath maps with 4 paths, 3 mail stores, Postfix and Dovecot", agent.Err);
        }

        (code, agent) = await RunAsync("check-config", $"--Agent:TopologyPath={file}", "--Agent:Outbox:Durable=false");
        using (agent)
        {
            Assert.True(code == 2, $"exit code {code}, expected 2:\n{agent.Output}");
            Assert.Contains(agent.Err, l => l.Contains("site.name: still the blank `monitor-agent discover` left: FILL IN: the site's short name, e.g. \"cty\"", StringComparison.Ordinal));
            Assert.Contains(agent.Err, l => l.Contains("controllers[1].ratedIops: is 0; expected the controller's rated I/O operations per second", StringComparison.Ordinal));
            Assert.Contains(agent.Err, l => l.Contains("populations[0].contracts: is -1", StringComparison.Ordinal));
        }

        var written = await File.ReadAllTextAsync(file);
        (code, agent) = await RunAsync("discover", "--root", tree.Root, "--out", file);
        using (agent)
        {
            Assert.True(code == 2, $"exit code {code}, expected 2:\n{agent.Output}");
            Assert.Equal([$"monitor-agent: --out {file}: the file exists; discover never overwrites it (write elsewhere, or remove it first)"], agent.Err);
            Assert.Equal(written, await File.ReadAllTextAsync(file));
        }
    }

    [Fact]
    public async Task Discover_UsageMistakes_ToldInOneLineWithExitTwo_HelpListsTheVerb()
    {
        var missing = _directory.File("no-such-tree");
        foreach (var (args, told) in new[]
        {
            (new[] { "discover", "--root" }, "monitor-agent: --root needs a value."),
            (["discover", "--root", missing], $"monitor-agent: --root {missing}: not a folder"),
            (["discover", "--speed", "3"], "monitor-agent: unknown argument '--speed'."),
        })
        {
            var (code, agent) = await RunAsync(args);
            using (agent)
            {
                Assert.True(code == 2, $"{string.Join(' ', args)}: exit code {code}, expected 2:\n{agent.Output}");
                Assert.Equal(told, agent.Err[0]);
                Assert.Empty(agent.Out);
            }
        }

        var (helpCode, help) = await RunAsync("discover", "--help");
        using (help)
        {
            Assert.Equal(0, helpCode);
            Assert.Contains(help.Out, l => l.TrimStart().StartsWith("monitor-agent discover [--root DIR] [--host NAME] [--out FILE]", StringComparison.Ordinal));
        }
    }
}
