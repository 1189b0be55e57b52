using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Monitor.Agent;
using Monitor.Core.Topology;
using Xunit.Abstractions;

namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>
/// The side-by-side of issue 4: the stock Prometheus alert rules of
/// deploy/prometheus/stock-alerts.yml evaluated on every scenario's metrics.om with
/// `promtool test rules` (Debian package `prometheus`), against the incidents Monitor opens on
/// the same data. The comparison goes to the test output and to TestResults/stock-alert-baseline.md;
/// only what must hold is asserted.
/// </summary>
public sealed class StockAlertBaselineTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly TemporaryDirectory _directory = new();

    public StockAlertBaselineTests(ITestOutputHelper output) => _output = output;

    private static string RulesPath => Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "stock-alerts.yml");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Baseline_EveryScenario_StockRulesAlertMoreWhereMonitorOpensTheExpectedIncidents()
    {
        var version = (await Promtool.RunAsync("--version")).Output.Split('\n')[0].Trim();
        var rows = new List<BaselineRow>();
        foreach (var scenario in Scenarios())
        {
            rows.Add(await CompareAsync(scenario));
        }

        var report = BaselineRow.Markdown(rows, version);
        _output.WriteLine(report);
        var file = Path.Combine(RepositoryPaths.Root, "TestResults", "stock-alert-baseline.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, report);
        _output.WriteLine($"written to {file}");

        Assert.NotEmpty(rows);
        var failures = new List<string>();
        foreach (var row in rows)
        {
            if (row.MonitorIncidents.Count != row.ExpectedIncidents)
            {
                failures.Add($"{row.Scenario}: Monitor opened {row.MonitorIncidents.Count} incidents, the ground truth has {row.ExpectedIncidents}");
            }

            if (!row.Healthy && row.StockAlerts.Count <= 1)
            {
                failures.Add($"{row.Scenario}: the stock rules fired {row.StockAlerts.Count} alert(s); a seed incident must set off more than one");
            }

            if (row.Healthy && row.MonitorIncidents.Count != 0)
            {
                failures.Add($"{row.Scenario}: Monitor opened incidents on a healthy day: {string.Join(", ", row.MonitorIncidents)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task StockRules_ControllerStopsAndProbeFails_FireAfterTheirForClauses()
    {
        // Controller down from minute 10 to 19 (for: 1m); probe failing from minute 13 to 16,
        // then two minutes without samples (the last value holds) and back at minute 19 (for: 2m).
        var lines = new StringBuilder();
        for (var minute = 0; minute < 30; minute++)
        {
            var time = 1_484_254_800 + (minute * 60);
            lines.Append(CultureInfo.InvariantCulture, $"monitor_controller_up{{controller=\"ctl-x\"}} {(minute is >= 10 and < 20 ? 0 : 1)} {time}\n");
            if (minute is not (17 or 18))
            {
                lines.Append(CultureInfo.InvariantCulture, $"monitor_probe_success{{function=\"pop3\",service=\"svc\"}} {(minute is >= 13 and < 17 ? 0 : 1)} {time}\n");
            }
        }

        lines.Append("# EOF\n");
        var recording = PromtoolRecording.Read(new StringReader(lines.ToString()), "synthetic.om");

        var evaluations = await EvaluateAsync(recording, "synthetic");

        int[] Firing(string name) => [.. evaluations.Where(e => e.Firing.Any(a => a.Name == name)).Select(e => (int)e.At.TotalMinutes)];
        Assert.Equal(Enumerable.Range(11, 9), Firing("StorageControllerDown"));
        Assert.Equal(Enumerable.Range(15, 4), Firing("MailProbeFailed"));
        var alerts = evaluations.SelectMany(e => e.Firing).DistinctBy(a => a.Identity).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["{alertname=\"MailProbeFailed\", function=\"pop3\", service=\"svc\", severity=\"critical\"}", "{alertname=\"StorageControllerDown\", controller=\"ctl-x\", severity=\"critical\"}"],
            alerts.Select(a => a.Identity));
        Assert.Equal(2, AlertmanagerRoute.Notifications(evaluations));
    }

    private static IEnumerable<string> Scenarios() =>
        Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "config", "scenarios"))
            .Where(dir => File.Exists(Path.Combine(dir, "metrics.om")) && File.Exists(Path.Combine(dir, "expected.json")))
            .Select(dir => Path.GetFileName(dir))
            .Order(StringComparer.Ordinal);

    private async Task<BaselineRow> CompareAsync(string scenario)
    {
        var directory = RepositoryPaths.Scenario(scenario);
        var truth = ScenarioTruth.Load(directory);
        var recording = PromtoolRecording.Read(Path.Combine(directory, "metrics.om"));
        var evaluations = await EvaluateAsync(recording, scenario);
        var timeline = await ReplayAsync(scenario);

        var revisions = timeline.Lines.Where(l => l.GetProperty("type").GetString() == "revision").ToList();
        var pages = revisions.GroupBy(r => r.GetProperty("incidentId").GetString())
            .Sum(g => g.Select(r => r.GetProperty("state").GetString()).Prepend(null).Zip(g.Select(r => r.GetProperty("state").GetString()))
                .Count(p => p.Second == "open" && p.First != "open"));
        var firings = evaluations.SelectMany(e => e.Firing.Select(a => (e.At, Alert: a))).ToList();
        var topologyPath = Path.Combine(directory, "topology.json");
        SiteTopology? topology = null;
        if (File.Exists(topologyPath))
        {
            await using var json = File.OpenRead(topologyPath);
            topology = TopologyLoader.Load(json, topologyPath);
        }

        return new BaselineRow(
            Scenario: scenario,
            Healthy: scenario.StartsWith("healthy-", StringComparison.Ordinal),
            ExpectedIncidents: truth.Incidents.Count,
            Onset: truth.Incidents.Count > 0 ? truth.Incidents.Min(i => i.Onset) : null,
            Step: recording.EvaluationStep,
            MonitorIncidents: [.. timeline.Incidents.Select(i => $"{i.GetProperty("rootCause").GetProperty("entity").GetString()} {i.GetProperty("rootCause").GetProperty("kind").GetString()}")],
            MonitorPages: pages,
            MonitorFirst: revisions.Count > 0 ? revisions.Min(r => r.GetProperty("time").GetDateTimeOffset()) : null,
            StockAlerts:
            [
                .. firings.GroupBy(f => f.Alert.Identity, StringComparer.Ordinal)
                    .Select(g => new FiredAlert(g.First().Alert, recording.Start + g.Min(f => f.At), g.Count() * recording.EvaluationStep))
                    .OrderBy(a => a.First).ThenBy(a => a.Alert.Identity, StringComparer.Ordinal),
            ],
            StockNotifications: AlertmanagerRoute.Notifications(evaluations),
            Clock: time => topology?.Clock(time) ?? time.UtcDateTime.ToString("HH:mm'Z'", CultureInfo.InvariantCulture));
    }

    // metrics.om -> a promtool unit test whose alert_rule_test entries expect nothing, so promtool
    // lists every alert that fires at every evaluation time.
    private async Task<List<StockEvaluation>> EvaluateAsync(PromtoolRecording recording, string name)
    {
        var alertNames = StockRules.AlertNames(RulesPath);
        Assert.NotEmpty(alertNames);
        var testFile = _directory.File(name + ".test.yml");
        await File.WriteAllTextAsync(testFile, recording.UnitTest(RulesPath, alertNames));

        var run = await Promtool.RunAsync("test", "rules", testFile);
        var parsed = PromtoolOutput.Parse(run.Output);

        Assert.True(parsed.Unexplained.Count == 0 && run.ExitCode is 0 or 1 && (run.ExitCode == 1) == (parsed.Firing.Count > 0),
            $"{name}: promtool exited {run.ExitCode} and said what this test cannot read:\n{string.Join("\n", parsed.Unexplained.Take(20))}\n{run.Output[..Math.Min(run.Output.Length, 4000)]}");
        var step = TimeSpan.FromMinutes(recording.EvaluationStep);
        var byTime = parsed.Firing.ToLookup(f => f.At);
        return
        [
            .. Enumerable.Range(0, ((recording.Minutes - 1) / recording.EvaluationStep) + 1)
                .Select(i => i * step)
                .Select(at => new StockEvaluation(at, [.. byTime[at].Select(f => f.Alert)])),
        ];
    }

    private static async Task<ReplayTimeline> ReplayAsync(string scenario)
    {
        var output = new StringWriter();
        using var agent = AgentApplication.Build(["replay", RepositoryPaths.Scenario(scenario), "--speed", "0", "--json", "--Agent:Collector:Address="], output);
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await agent.RunAsync(bound.Token);
        Assert.False(bound.IsCancellationRequested, $"the replay of {scenario} did not finish");
        return ReplayTimeline.Parse(output.ToString());
    }
}
