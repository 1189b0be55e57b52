using System.Text.Json;
using System.Text.RegularExpressions;

namespace Monitor.EndToEnd.Tests.SelfMonitoring;

/// <summary>One PromQL query of a dashboard panel, with Grafana's variables replaced the way Grafana fills them.</summary>
internal sealed partial record DashboardQuery(string Panel, string RefId, string Expr)
{
    /// <summary>What Grafana puts in place of each variable the dashboard uses.</summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["$__rate_interval"] = "5m",
        ["$instance"] = ".*",
    };

    public static string DashboardPath => Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "monitor-dashboard.json");

    /// <summary>The name promtool reports this query under when it is checked as a recording rule.</summary>
    public string RecordName => $"dashboard:{Regex.Replace(Panel.ToLowerInvariant(), "[^a-z0-9]+", "_").Trim('_')}:{RefId}";

    /// <summary>The query as Grafana sends it to Prometheus.</summary>
    public string Interpolated => Variables.Aggregate(Expr, (expr, variable) => expr.Replace(variable.Key, variable.Value, StringComparison.Ordinal));

    /// <summary>Metric names the query reads: words outside label matchers and grouping lists that name a series.</summary>
    public IReadOnlyList<string> MetricNames()
    {
        var bare = Matchers().Replace(Grouping().Replace(Interpolated, " "), " ");
        return [.. Word().Matches(bare).Select(m => m.Value).Where(w => w.StartsWith("monitor_", StringComparison.Ordinal) || w == "up").Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every target of every panel (rows' panels included), in file order.</summary>
    public static IReadOnlyList<DashboardQuery> Read(JsonElement dashboard) =>
        [.. Panels(dashboard).SelectMany(p => p.TryGetProperty("targets", out var targets)
            ? targets.EnumerateArray().Select(t => new DashboardQuery(p.GetProperty("title").GetString()!, t.GetProperty("refId").GetString()!, t.GetProperty("expr").GetString()!))
            : [])];

    /// <summary>The panels, those inside collapsed rows included.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard) =>
        dashboard.GetProperty("panels").EnumerateArray().SelectMany(p => p.TryGetProperty("panels", out var inner) ? [p, .. inner.EnumerateArray()] : new[] { p });

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Word();
}
