using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Telemetry;

/// <summary>The table of the agent's own metrics in docs/metrics.md lists every one the agent exports, with its type and labels.</summary>
public sealed class AgentMetricsDocumentationTests
{
    [Fact]
    public async Task MetricsPage_ListsEveryAgentMetricWithItsTypeAndLabels()
    {
        using var metrics = new AgentMetrics();
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        var exported = System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n')
            .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .Where(w => !MetricCatalog.All.ContainsKey(w[2]))
            .ToList();
        var docs = await File.ReadAllTextAsync(RepositoryPaths.File("docs/metrics.md"));
        var table = docs[docs.IndexOf("## The agent's own metrics", StringComparison.Ordinal)..];
        var rows = table.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.Contains(exported, w => w[2] == "monitor_agent_samples_dropped_total");
        Assert.All(exported, w => Assert.Contains(rows, r => r.StartsWith($"| `{w[2]}` | {w[3]} |", StringComparison.Ordinal)));
        Assert.Equal(exported.Count, rows.Count);
        Assert.Contains(rows, r => r.StartsWith("| `monitor_agent_samples_dropped_total` | counter | source, reason |", StringComparison.Ordinal));
    }
}
