using System.Text.Json;
using System.Text.RegularExpressions;
using Monitor.EndToEnd.Tests.StockAlerts;

namespace Monitor.EndToEnd.Tests.SelfMonitoring;

/// <summary>
/// deploy/grafana/monitor-dashboard.json: every panel query parses (promtool checks each as a
/// recording rule), every metric it reads is one docs/metrics.md lists, and the Prometheus data
/// source is a variable, so the dashboard imports on any Grafana.
/// </summary>
public sealed partial class MonitorDashboardTests
{
    private static readonly JsonElement Dashboard = JsonDocument.Parse(File.ReadAllText(DashboardQuery.DashboardPath)).RootElement;

    [Fact]
    public async Task EveryPanelQuery_ParsesInPromtool()
    {
        var queries = DashboardQuery.Read(Dashboard);
        Assert.True(queries.Count >= 10, $"{DashboardQuery.DashboardPath} has {queries.Count} queries");
        Assert.All(queries, q => Assert.DoesNotContain("$", q.Interpolated, StringComparison.Ordinal));
        using var directory = new TemporaryDirectory();
        var rules = Path.Combine(directory.Path, "dashboard-queries.yml");
        // JSON strings are YAML strings: the queries go in as they are.
        await File.WriteAllLinesAsync(rules, ["groups:", "  - name: dashboard", "    rules:",
            .. queries.SelectMany(q => (string[])[$"      - record: {q.RecordName}", $"        expr: {JsonSerializer.Serialize(q.Interpolated)}"])]);

        var run = await Promtool.RunAsync("check", "rules", rules);

        var failed = queries.Where(q => run.Output.Contains($"\"{q.RecordName}\"", StringComparison.Ordinal)).Select(q => $"panel '{q.Panel}' {q.RefId}: {q.Expr}");
        Assert.True(run.ExitCode == 0, $"promtool rejects these dashboard queries: {string.Join("; ", failed)}\n{run.Output}");
        Assert.Contains($"SUCCESS: {queries.Count} rules found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryMetricAQueryReads_IsInTheMetricsPage()
    {
        var documented = DocumentedMetrics(await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Root, "docs", "metrics.md")));

        var unknown = DashboardQuery.Read(Dashboard)
            .SelectMany(q => q.MetricNames().Where(n => n != "up" && !documented.Contains(Histogram(n, documented))).Select(n => $"panel '{q.Panel}' {q.RefId}: {n}"))
            .ToList();

        Assert.Empty(unknown);
        Assert.All(DashboardQuery.Read(Dashboard), q => Assert.NotEmpty(q.MetricNames()));
    }

    [Fact]
    public void TheDashboard_HasAPrometheusDataSourceVariableEveryPanelUses()
    {
        var variables = Dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        Assert.Contains(variables, v => v.GetProperty("type").GetString() == "datasource" && v.GetProperty("name").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus");

        var panels = DashboardQuery.Panels(Dashboard).Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.All(panels, p => Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString()));
        Assert.All(panels, p => Assert.NotEqual(0, p.GetProperty("targets").GetArrayLength()));
        Assert.Contains(panels, p => p.GetProperty("targets").EnumerateArray().Any(t => t.GetProperty("expr").GetString()!.Contains("monitor_build_info", StringComparison.Ordinal)));
    }

    /// <summary>The metric names in the first column of docs/metrics.md's tables.</summary>
    private static HashSet<string> DocumentedMetrics(IEnumerable<string> lines) =>
        lines.Select(l => TableRow().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The histogram a _bucket, _sum or _count series belongs to, when it is a documented one.</summary>
    private static string Histogram(string name, HashSet<string> documented)
    {
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && documented.Contains(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    [GeneratedRegex(@"^\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|")]
    private static partial Regex TableRow();
}
