using System.Text.RegularExpressions;
using Monitor.Collector.Tests.Security;

namespace Monitor.Collector.Tests.Telemetry;

/// <summary>
/// The table of the collector's own metrics in docs/metrics.md lists every monitor_collector_*
/// metric a running TLS collector exports, with its type and labels (the alert rules and the
/// dashboard are checked against that table).
/// </summary>
public sealed partial class CollectorMetricsDocumentationTests(SiteCertificates certificates) : IClassFixture<SiteCertificates>
{
    [Fact]
    public async Task MetricsPage_ListsEveryCollectorMetricWithItsTypeAndLabels()
    {
        await using var collector = await RunningCollector.StartAsync(certificates.MutualTls);
        var scrape = await collector.Http.GetStringAsync("/metrics");
        var types = TypeLine().Matches(scrape).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        var labels = types.Keys.ToDictionary(name => name, name => SampleLabels(scrape, name), StringComparer.Ordinal);
        var docs = await File.ReadAllTextAsync(RepositoryPaths.File("docs/metrics.md"));
        var start = docs.IndexOf("## The collector's own metrics", StringComparison.Ordinal);
        var table = docs[start..docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        var rows = table.Split('\n').Select(l => DocRow().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => (Type: m.Groups[2].Value, Labels: m.Groups[3].Value.Trim()), StringComparer.Ordinal);

        Assert.Contains("monitor_collector_certificate_expiry_timestamp_seconds", types.Keys);
        var problems = types.Select(t => rows.TryGetValue(t.Key, out var row)
                ? row.Type != t.Value ? $"{t.Key}: exported as {t.Value}, documented as {row.Type}"
                : labels[t.Key] is { } seen && seen != row.Labels ? $"{t.Key}: exported with labels '{seen}', documented with '{row.Labels}'" : null
                : $"{t.Key}: exported, not in docs/metrics.md's collector table")
            .OfType<string>().ToList();
        Assert.Empty(problems);
    }

    /// <summary>The label names of the metric's first sample ("-" for none); null when it has no sample yet.</summary>
    private static string? SampleLabels(string scrape, string name)
    {
        var sample = Regex.Match(scrape, $@"^{name}(?:_bucket|_sum|_count)?(\{{[^}}]*\}})? ", RegexOptions.Multiline);
        if (!sample.Success)
        {
            return null;
        }

        var names = LabelName().Matches(sample.Groups[1].Value).Select(m => m.Groups[1].Value).Where(n => n != "le").ToList();
        return names.Count == 0 ? "-" : string.Join(", ", names);
    }

    [GeneratedRegex(@"^# TYPE (monitor_collector_[a-z0-9_]+) ([a-z]+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \| ([a-z]+) \| ([^|]+) \|")]
    private static partial Regex DocRow();

    [GeneratedRegex(@"([a-z_]+)=""")]
    private static partial Regex LabelName();
}
