using System.Text.RegularExpressions;

namespace Monitor.EndToEnd.Tests.SelfMonitoring;

/// <summary>
/// deploy/prometheus/monitor-alerts.yml read line by line (the file keeps one key a line): each
/// alert with the text of its block, and the cases of its unit-test file.
/// </summary>
internal static partial class MonitorAlertRules
{
    public static string RulesPath => Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "monitor-alerts.yml");

    public static string TestPath => Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "monitor-alerts.test.yml");

    /// <summary>Every alert of the rules file, with the lines of its block.</summary>
    public static IReadOnlyDictionary<string, string> Alerts()
    {
        var alerts = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var block = new List<string>();
        foreach (var line in File.ReadLines(RulesPath).Append("  - name: end"))
        {
            var alert = AlertLine().Match(line);
            if (alert.Success || GroupLine().IsMatch(line))
            {
                if (current is not null)
                {
                    alerts.Add(current, string.Join('\n', block));
                }

                current = alert.Success ? alert.Groups[1].Value : null;
                block.Clear();
            }

            block.Add(line);
        }

        return alerts;
    }

    /// <summary>Per alert of the test file: whether some case expects it firing, and whether some case expects it silent.</summary>
    public static IReadOnlyDictionary<string, (bool Firing, bool Silent)> TestCases()
    {
        var cases = new Dictionary<string, (bool Firing, bool Silent)>(StringComparer.Ordinal);
        string? alert = null;
        var firing = false;
        void Close()
        {
            if (alert is not null)
            {
                var seen = cases.GetValueOrDefault(alert);
                cases[alert] = firing ? (true, seen.Silent) : (seen.Firing, true);
            }

            alert = null;
            firing = false;
        }

        foreach (var line in File.ReadLines(TestPath))
        {
            if (EvalLine().IsMatch(line) || IntervalLine().IsMatch(line))
            {
                Close();
            }
            else if (CaseAlertLine().Match(line) is { Success: true } m)
            {
                alert = m.Groups[1].Value;
            }
            else if (ExpectedLine().IsMatch(line))
            {
                firing = true;
            }
        }

        Close();
        return cases;
    }

    [GeneratedRegex(@"^\s*-\s*alert:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"^\s*-\s*name:\s*\S")]
    private static partial Regex GroupLine();

    [GeneratedRegex(@"^\s*-\s*eval_time:")]
    private static partial Regex EvalLine();

    [GeneratedRegex(@"^\s*-\s*interval:")]
    private static partial Regex IntervalLine();

    [GeneratedRegex(@"^\s*alertname:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")]
    private static partial Regex CaseAlertLine();

    [GeneratedRegex(@"^\s*-\s*exp_labels:")]
    private static partial Regex ExpectedLine();
}
