using System.Text.RegularExpressions;
using Monitor.EndToEnd.Tests.StockAlerts;

namespace Monitor.EndToEnd.Tests.SelfMonitoring;

/// <summary>
/// deploy/prometheus/monitor-alerts.yml, the alerts on Monitor's own health: promtool accepts
/// it, its unit tests pass (a failure names the alert), each alert is seen firing and silent,
/// and each tells on-call what is wrong and where to read on.
/// </summary>
public sealed partial class MonitorAlertsTests
{
    [Fact]
    public async Task PromtoolCheckRules_AcceptsEveryAlert()
    {
        var run = await Promtool.RunAsync("check", "rules", MonitorAlertRules.RulesPath);

        Assert.True(run.ExitCode == 0, $"promtool check rules {MonitorAlertRules.RulesPath} failed:\n{run.Output}");
        Assert.Contains($"SUCCESS: {MonitorAlertRules.Alerts().Count} rules found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolTestRules_Passes()
    {
        var failures = await UnitTestFailuresAsync(MonitorAlertRules.TestPath);

        Assert.Empty(failures);
    }

    [Fact]
    public async Task PromtoolTestRules_NamesTheAlertThatFailed()
    {
        // A copy where MonitorSourceDown waits 20 minutes instead of 10: the case at 12m must fail, naming it.
        using var directory = new TemporaryDirectory();
        var rules = await File.ReadAllTextAsync(MonitorAlertRules.RulesPath);
        var changed = SourceDownFor().Replace(rules, "${head}20m", 1);
        Assert.NotEqual(rules, changed);
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "monitor-alerts.yml"), changed);
        var test = Path.Combine(directory.Path, "monitor-alerts.test.yml");
        File.Copy(MonitorAlertRules.TestPath, test);

        var failures = await UnitTestFailuresAsync(test);

        Assert.Equal(["MonitorSourceDown at 12m"], failures);
    }

    [Fact]
    public void Alerts_CoverWhatTheIssueAsks()
    {
        var alerts = MonitorAlertRules.Alerts();

        Assert.All(
            ["MonitorAgentDown", "MonitorSourceDown", "MonitorOutboxGrowing", "MonitorOutboxWriteFailing", "MonitorOutboxParked", "MonitorIncidentStateNotSaved",
             "MonitorDeliveriesFailing", "MonitorCollectorDown", "MonitorCollectorIncidentFailing", "MonitorCertificateExpiring", "MonitorCertificateExpiringSoon"],
            name => Assert.True(alerts.ContainsKey(name), $"{MonitorAlertRules.RulesPath} has no alert {name}"));
        Assert.Contains("< 14 * 86400", alerts["MonitorCertificateExpiring"], StringComparison.Ordinal);
        Assert.Contains("< 2 * 86400", alerts["MonitorCertificateExpiringSoon"], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAlert_HasSeveritySentencesAndARunbookSectionThatExists()
    {
        var operations = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "operations.md"));
        var anchors = operations.Where(l => l.StartsWith('#')).Select(Anchor).ToHashSet(StringComparer.Ordinal);

        var problems = new List<string>();
        foreach (var (alert, block) in MonitorAlertRules.Alerts())
        {
            if (!Severity().IsMatch(block))
            {
                problems.Add($"{alert}: no severity label warning or critical");
            }

            problems.AddRange(((string[])["summary", "description"]).Where(k => !Regex.IsMatch(block, $@"^\s*{k}:\s*\S", RegexOptions.Multiline)).Select(k => $"{alert}: no {k}"));
            var runbook = Runbook().Match(block);
            if (!runbook.Success)
            {
                problems.Add($"{alert}: no runbook_url into docs/operations.md");
            }
            else if (!anchors.Contains(runbook.Groups[1].Value))
            {
                problems.Add($"{alert}: runbook_url docs/operations.md#{runbook.Groups[1].Value} names no heading of docs/operations.md");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void EveryAlert_IsTestedFiringAndSilent()
    {
        var cases = MonitorAlertRules.TestCases();

        var missing = new List<string>();
        foreach (var alert in MonitorAlertRules.Alerts().Keys)
        {
            var (firing, silent) = cases.GetValueOrDefault(alert);
            if (!firing)
            {
                missing.Add($"{alert}: no case where it fires");
            }

            if (!silent)
            {
                missing.Add($"{alert}: no case where it stays silent");
            }
        }

        Assert.Empty(missing);
    }

    private static async Task<IReadOnlyList<string>> UnitTestFailuresAsync(string testFile)
    {
        var run = await Promtool.RunAsync("test", "rules", testFile);
        var failures = PromtoolTestFailures.Parse(run.Output);
        if (run.ExitCode != 0 && failures.Count == 0)
        {
            // A file promtool cannot read fails before any alert: say so with its words.
            return [$"promtool test rules {testFile} failed ({run.ExitCode}) before any alert:\n{run.Output}"];
        }

        return failures;
    }

    /// <summary>GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Anchor(string heading) =>
        string.Concat(heading.TrimStart('#').Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-');

    [GeneratedRegex(@"(?<head>-\s*alert:\s*MonitorSourceDown\s*\n\s*expr:[^\n]*\n\s*for:\s*)10m")]
    private static partial Regex SourceDownFor();

    [GeneratedRegex(@"^\s*severity:\s*(warning|critical)\s*$", RegexOptions.Multiline)]
    private static partial Regex Severity();

    [GeneratedRegex(@"^\s*runbook_url:\s*""docs/operations\.md#([a-z0-9_-]+)""\s*$", RegexOptions.Multiline)]
    private static partial Regex Runbook();
}
