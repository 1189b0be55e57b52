using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Monitor.Agent;
using Monitor.Core.Topology;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Monitor.EndToEnd.Tests;

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
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monitor-stock-alerts-" + Guid.NewGuid().ToString("N"));

    public StockAlertBaselineTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_directory);
    }

    private static string RulesPath => Path.Combine(RepositoryPaths.Root, "deploy", "prometheus", "stock-alerts.yml");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

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

    [Fact]
    public void Values_RunsGapsAndSpecialValues_UseExpandingNotation()
    {
        double?[] values = [1, 1, 1, null, null, 2.5, double.NaN, double.NaN, double.PositiveInfinity, -3.25, -3.25, null, 1e-7];

        Assert.Equal("1x2 _x2 2.5 NaN NaN Inf -3.25x1 _ 1E-07", PromtoolRecording.Values(values));
    }

    [Fact]
    public void Read_SamplesOffTheMinuteAndLabelsInAnyOrder_FileTheLatestUnderOneSeries()
    {
        const string text = """
            # TYPE monitor_path_up gauge
            monitor_path_up{path="h:a",x="q\"b"} 1 1000030
            monitor_path_up{x="q\"b",path="h:a"} 0 1000050
            monitor_path_up{path="h:a",x="q\"b"} 1 1000200
            monitor_path_up{path="h:a"} 1
            # EOF
            """;

        var recording = PromtoolRecording.Read(new StringReader(text), "inline.om");

        var series = Assert.Single(recording.Series);
        Assert.Equal("monitor_path_up{path=\"h:a\",x=\"q\\\"b\"}", series.Key);
        Assert.Equal(new double?[] { null, 0, null, 1 }, series.Value);
        Assert.Equal(1, recording.SkippedLines);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_000_020), recording.Start);
    }

    [Fact]
    public void Parse_PromtoolFailureOutput_ReadsEachFiringAlertAtItsTime()
    {
        const string text = """
            Unit Testing:  test.yml
              FAILED:
                alertname: Lat, time: 2m,
                    exp:[],
                    got:[
                        0:
                          Labels:{alertname="Lat", controller="ctl-a"}
                          Annotations:{}
                        ]
                alertname: Down, time: 1d2h5m,
                    exp:[],
                    got:[
                        0:
                          Labels:{alertname="Down", job="a, \"b\"", severity="page"}
                          Annotations:{summary="a down"}
                        1:
                          Labels:{alertname="Down", job="c", severity="page"}
                          Annotations:{summary="c down"}
                        ]
            """;

        var parsed = PromtoolOutput.Parse(text);

        Assert.Empty(parsed.Unexplained);
        Assert.Equal(
            [(TimeSpan.FromMinutes(2), "Lat"), (new TimeSpan(1, 2, 5, 0), "Down"), (new TimeSpan(1, 2, 5, 0), "Down")],
            parsed.Firing.Select(f => (f.At, f.Alert.Name)));
        Assert.Equal("page", parsed.Firing[1].Alert.Severity);
        Assert.Equal("Down//", parsed.Firing[1].Alert.Group);
    }

    [Fact]
    public void Parse_LinePromtoolWasNotExpectedToPrint_IsReported()
    {
        var parsed = PromtoolOutput.Parse("Unit Testing:  x.yml\n  FAILED:\n1:3: parse error: unexpected identifier \"NaNx2\" in series values\n");

        Assert.Empty(parsed.Firing);
        Assert.Equal(["1:3: parse error: unexpected identifier \"NaNx2\" in series values"], parsed.Unexplained);
    }

    [Fact]
    public void Notifications_FiveAlertsOfOneGroupAtOnce_SendOne()
    {
        var probes = Enumerable.Range(0, 5).Select(i => Alert("MailProbeFailed", $"f{i}", service: "mail")).ToList();

        var evaluations = Minutes(60, minute => minute is >= 10 and < 40 ? probes : []);

        Assert.Equal(1, AlertmanagerRoute.Notifications(evaluations));
    }

    [Fact]
    public void Notifications_AlertJoinsAGroupThatFires_SendsAgain()
    {
        var first = Alert("MultipathPathDown", "p1");
        var second = Alert("MultipathPathDown", "p2");

        var evaluations = Minutes(60, minute => minute switch
        {
            < 10 => [],
            < 20 => [first],
            _ => [first, second],
        });

        Assert.Equal(2, AlertmanagerRoute.Notifications(evaluations));
    }

    [Fact]
    public void Notifications_GroupFiresForFiveHours_RepeatsAfterFourHours()
    {
        var alert = Alert("StorageLatencyHigh", "ctl-b");

        var evaluations = Minutes(5 * 60, _ => [alert]);

        Assert.Equal(2, AlertmanagerRoute.Notifications(evaluations));
    }

    [Fact]
    public void Notifications_AlertStopsAndFiresAgain_SendsAgainOnlyOnceItsGroupCleared()
    {
        var flapping = Alert("FcPortErrors", "p1");
        var steady = Alert("FcPortErrors", "p2");

        // p1 flaps while p2 holds the group open: nothing new to say. Then the group clears, and
        // p1 firing again is news.
        var evaluations = Minutes(120, minute => minute switch
        {
            < 30 => minute % 10 < 5 ? [flapping, steady] : [steady],
            < 60 => [],
            < 70 => [flapping],
            _ => [],
        });

        Assert.Equal(2, AlertmanagerRoute.Notifications(evaluations));
    }

    private static IEnumerable<string> Scenarios() =>
        Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "config", "scenarios"))
            .Where(dir => File.Exists(Path.Combine(dir, "metrics.om")) && File.Exists(Path.Combine(dir, "expected.json")))
            .Select(dir => Path.GetFileName(dir))
            .Order(StringComparer.Ordinal);

    private static StockAlert Alert(string name, string entity, string service = "") =>
        StockAlert.From($"{{alertname=\"{name}\", entity=\"{entity}\", service=\"{service}\", severity=\"warning\"}}");

    private static List<StockEvaluation> Minutes(int count, Func<int, IReadOnlyList<StockAlert>> firing) =>
        [.. Enumerable.Range(0, count).Select(minute => new StockEvaluation(TimeSpan.FromMinutes(minute), firing(minute)))];

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
        var testFile = Path.Combine(_directory, name + ".test.yml");
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

/// <summary>One alert as Prometheus labels it; its identity is the whole label set.</summary>
internal sealed record StockAlert(string Identity, string Name, string Severity, string Group)
{
    /// <summary>From promtool's rendering of a label set: <c>{alertname="X", job="a"}</c>.</summary>
    public static StockAlert From(string labelSet)
    {
        var labels = PromtoolOutput.Labels(labelSet);
        return new StockAlert(
            labelSet,
            labels.GetValueOrDefault("alertname", ""),
            labels.GetValueOrDefault("severity", ""),
            string.Join("/", AlertmanagerRoute.GroupBy.Select(l => labels.GetValueOrDefault(l, ""))));
    }
}

/// <summary>The alerts firing at one evaluation, counted from the recording's start.</summary>
internal sealed record StockEvaluation(TimeSpan At, IReadOnlyList<StockAlert> Firing);

/// <summary>A distinct alert over a scenario: when it first fired and for how many minutes in all.</summary>
internal sealed record FiredAlert(StockAlert Alert, DateTimeOffset First, int Minutes);

/// <summary>The stock rules file.</summary>
internal static partial class StockRules
{
    /// <summary>Every alert name the rules file defines, in file order.</summary>
    public static IReadOnlyList<string> AlertNames(string path) =>
        [.. File.ReadLines(path).Select(l => AlertLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"^\s*-\s*alert:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")]
    private static partial Regex AlertLine();
}

/// <summary>
/// A metrics.om recording on promtool's one-minute grid: a sample counts for the first minute
/// boundary at or after it (where a Prometheus evaluating each minute would first see it), the
/// latest sample of a minute wins, a minute without one is a gap ("_").
/// </summary>
internal sealed class PromtoolRecording
{
    private const int MaxEvaluations = 1_440;

    private PromtoolRecording(DateTimeOffset start, int minutes, SortedDictionary<string, double?[]> series, int skipped)
    {
        Start = start;
        Minutes = minutes;
        Series = series;
        SkippedLines = skipped;
    }

    /// <summary>Minute 0 of the grid: the first sample's minute.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Length of the grid.</summary>
    public int Minutes { get; }

    /// <summary>Each series, by its canonical selector (labels sorted), one value or gap a minute.</summary>
    public SortedDictionary<string, double?[]> Series { get; }

    /// <summary>Sample lines that could not be read (no timestamp, bad number, bad labels).</summary>
    public int SkippedLines { get; }

    /// <summary>Minutes between evaluation times: 1, or more so a long recording stays under 1,440 evaluations.</summary>
    public int EvaluationStep => Math.Max(1, (int)Math.Ceiling(Minutes / (double)MaxEvaluations));

    public static PromtoolRecording Read(string path)
    {
        using var reader = File.OpenText(path);
        return Read(reader, path);
    }

    public static PromtoolRecording Read(TextReader reader, string sourceName)
    {
        var points = new Dictionary<string, List<(double Seconds, double Value)>>(StringComparer.Ordinal);
        var skipped = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (TryParse(line, out var series, out var value, out var seconds))
            {
                if (!points.TryGetValue(series, out var list))
                {
                    points[series] = list = [];
                }

                list.Add((seconds, value));
            }
            else
            {
                skipped++;
            }
        }

        if (points.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: no samples with timestamps");
        }

        var start = Math.Floor(points.Values.SelectMany(p => p).Min(p => p.Seconds) / 60) * 60;
        int Slot(double seconds) => (int)Math.Ceiling(((seconds - start) / 60) - 1e-9);
        var minutes = points.Values.SelectMany(p => p).Max(p => Slot(p.Seconds)) + 1;
        var grid = new SortedDictionary<string, double?[]>(StringComparer.Ordinal);
        foreach (var (series, list) in points)
        {
            var values = new double?[minutes];
            foreach (var (seconds, value) in list.OrderBy(p => p.Seconds))
            {
                values[Slot(seconds)] = value;
            }

            grid[series] = values;
        }

        return new PromtoolRecording(DateTimeOffset.FromUnixTimeMilliseconds((long)(start * 1000)), minutes, grid, skipped);
    }

    /// <summary>promtool's expanding notation: "vxN" for a value held N more minutes, "_xN" for N gaps.</summary>
    public static string Values(IReadOnlyList<double?> values)
    {
        var parts = new List<string>();
        for (var i = 0; i < values.Count;)
        {
            var run = 1;
            while (i + run < values.Count && Same(values[i], values[i + run]))
            {
                run++;
            }

            // promtool's series lexer takes NaN and Inf only as single values, never in a run.
            if (values[i] is { } v && !double.IsFinite(v))
            {
                run = 1;
            }

            parts.Add((values[i], run) switch
            {
                (null, 1) => "_",
                (null, _) => $"_x{run}",
                (var value, 1) => Number(value.Value),
                (var value, _) => $"{Number(value.Value)}x{run - 1}",
            });
            i += run;
        }

        return string.Join(' ', parts);
    }

    /// <summary>The unit test file: every series at interval 1m, an empty expectation for every alert at every evaluation time.</summary>
    public string UnitTest(string rulesPath, IReadOnlyList<string> alertNames)
    {
        var yaml = new StringBuilder();
        yaml.Append("# Generated by StockAlertBaselineTests: exp_alerts are empty on purpose, so promtool lists every alert that fires.\n");
        yaml.Append("rule_files:\n  - ").Append(Quote(rulesPath)).Append('\n');
        yaml.Append("evaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n");
        foreach (var (series, values) in Series)
        {
            yaml.Append("      - series: ").Append(Quote(series)).Append('\n');
            yaml.Append("        values: ").Append(Quote(Values(values))).Append('\n');
        }

        yaml.Append("    alert_rule_test:\n");
        for (var minute = 0; minute < Minutes; minute += EvaluationStep)
        {
            foreach (var name in alertNames)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      - eval_time: {minute}m\n        alertname: {name}\n");
            }
        }

        return yaml.ToString();
    }

    private static bool Same(double? a, double? b) =>
        a is null ? b is null : b is { } bv && (a.Value.Equals(bv) || (double.IsNaN(a.Value) && double.IsNaN(bv)));

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    // name{label="value",...} value timestamp; the selector comes back with its labels sorted.
    private static bool TryParse(string line, out string series, out double value, out double seconds)
    {
        series = "";
        value = 0;
        seconds = 0;
        var i = line.IndexOfAny(['{', ' ']);
        if (i <= 0)
        {
            return false;
        }

        var name = line[..i];
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (line[i] == '{' && !TryParseLabels(line, ref i, labels))
        {
            return false;
        }

        var rest = line[i..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length != 2 || !TryParseValue(rest[0], out value)
            || !double.TryParse(rest[1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            return false;
        }

        series = labels.Count == 0
            ? name
            : $"{name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\""))}}}";
        return true;
    }

    private static bool TryParseLabels(string line, ref int i, SortedDictionary<string, string> labels)
    {
        i++;
        while (true)
        {
            while (i < line.Length && line[i] is ',' or ' ')
            {
                i++;
            }

            if (i >= line.Length)
            {
                return false;
            }

            if (line[i] == '}')
            {
                i++;
                return true;
            }

            var equals = line.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                return false;
            }

            var label = line[i..equals].Trim();
            var text = new StringBuilder();
            for (i = equals + 2; i < line.Length && line[i] != '"'; i++)
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                    text.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    text.Append(line[i]);
                }
            }

            if (i >= line.Length)
            {
                return false;
            }

            i++;
            labels[label] = text.ToString();
        }
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>What promtool printed and how it ended.</summary>
internal sealed record PromtoolRun(int ExitCode, string Output);

/// <summary>Runs Debian's promtool; the tests fail, naming the package, when it is not installed.</summary>
internal static class Promtool
{
    public const string DebianPackage = "prometheus";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<PromtoolRun> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new XunitException("promtool did not start");
        using var bound = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(bound.Token);
        var stderr = process.StandardError.ReadToEndAsync(bound.Token);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"promtool {string.Join(' ', arguments)} did not finish within {Timeout.TotalMinutes:0} minutes");
        }

        // promtool writes its header to stdout and the failures to stderr.
        return new PromtoolRun(process.ExitCode, await stdout + await stderr);
    }

    private static string Locate()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new XunitException($"promtool is not on PATH: install the Debian package '{DebianPackage}' (apt-get install {DebianPackage}); .ci/run does");
    }
}

/// <summary>
/// Reads `promtool test rules` output for tests whose exp_alerts are empty: each failure lists
/// the alerts that did fire at one evaluation time. Strict: a line it does not know is reported,
/// never skipped, so a change in promtool's format fails the test instead of hiding alerts.
/// </summary>
internal static partial class PromtoolOutput
{
    public static (List<(TimeSpan At, StockAlert Alert)> Firing, List<string> Unexplained) Parse(string output)
    {
        var firing = new List<(TimeSpan, StockAlert)>();
        var unexplained = new List<string>();
        TimeSpan? at = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("Unit Testing:", StringComparison.Ordinal) || line is "FAILED:" or "SUCCESS" or "exp:[]," or "got:[" or "]"
                || Index().IsMatch(line) || line.StartsWith("Annotations:{", StringComparison.Ordinal))
            {
                continue;
            }

            if (Failure().Match(line) is { Success: true } failure && TryDuration(failure.Groups["time"].Value, out var time))
            {
                at = time;
            }
            else if (at is { } when && line.StartsWith("Labels:{", StringComparison.Ordinal) && line.EndsWith('}') && TryAlert(line["Labels:".Length..], out var alert))
            {
                firing.Add((when, alert));
            }
            else
            {
                unexplained.Add(line);
            }
        }

        return (firing, unexplained);
    }

    /// <summary>A label set as Go prints it: <c>{a="b", c="d\"e"}</c>.</summary>
    public static Dictionary<string, string> Labels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 1;
        while (true)
        {
            while (i < text.Length && text[i] is ',' or ' ')
            {
                i++;
            }

            if (i >= text.Length - 1)
            {
                return text.Length >= 2 && text[0] == '{' && text[^1] == '}' ? labels : throw new FormatException(text);
            }

            var equals = text.IndexOf("=\"", i, StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FormatException(text);
            }

            var name = text[i..equals];
            var value = new StringBuilder();
            for (i = equals + 2; i < text.Length - 1 && text[i] != '"'; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                    value.Append(text[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
                }
                else
                {
                    value.Append(text[i]);
                }
            }

            if (i >= text.Length - 1)
            {
                throw new FormatException(text);
            }

            i++;
            labels[name] = value.ToString();
        }
    }

    private static bool TryAlert(string labelSet, out StockAlert alert)
    {
        try
        {
            alert = StockAlert.From(labelSet);
            return alert.Name.Length > 0;
        }
        catch (FormatException)
        {
            alert = null!;
            return false;
        }
    }

    // Prometheus durations as promtool prints them: "0s", "2m", "7h31m", "1d2h5m".
    private static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        long Part(string unit) => match.Groups[unit].Success ? long.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;
        duration = TimeSpan.FromDays((Part("y") * 365) + (Part("w") * 7) + Part("d"))
            + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s")) + TimeSpan.FromMilliseconds(Part("ms"));
        return true;
    }

    [GeneratedRegex(@"^alertname: (?<name>[^,]+), time: (?<time>[0-9a-z]+),$")]
    private static partial Regex Failure();

    [GeneratedRegex(@"^\d+:$")]
    private static partial Regex Index();

    [GeneratedRegex(@"^(?:(?<y>\d+)y)?(?:(?<w>\d+)w)?(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$")]
    private static partial Regex DurationPattern();
}

/// <summary>
/// How many notifications the stock alerts would send through the route most sites start from
/// (Alertmanager's example): grouped by alertname, cluster and service; the first after
/// group_wait, then at each group_interval when an alert not yet notified fires, again after
/// repeat_interval, and none for resolved alerts (the email and chat receivers' default).
/// Alertmanager's dedup rule: notify when the firing set is not a subset of what was last sent.
/// </summary>
internal static class AlertmanagerRoute
{
    public static readonly string[] GroupBy = ["alertname", "cluster", "service"];
    public static readonly TimeSpan GroupWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan GroupInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromHours(4);

    public static int Notifications(IReadOnlyList<StockEvaluation> evaluations) =>
        evaluations.SelectMany(e => e.Firing).Select(a => a.Group).Distinct(StringComparer.Ordinal)
            .Sum(group => Notifications(evaluations, group));

    private static int Notifications(IReadOnlyList<StockEvaluation> evaluations, string group)
    {
        var times = evaluations.Select(e => e.At).ToList();
        HashSet<string> FiringAt(TimeSpan time)
        {
            var index = times.BinarySearch(time);
            var latest = index >= 0 ? index : ~index - 1;
            return latest < 0 ? [] : [.. evaluations[latest].Firing.Where(a => a.Group == group).Select(a => a.Identity)];
        }

        var end = times[^1];
        var sent = 0;
        var notified = new HashSet<string>(StringComparer.Ordinal);
        TimeSpan? notifiedAt = null;
        var from = TimeSpan.MinValue;
        while (evaluations.FirstOrDefault(e => e.At > from && e.Firing.Any(a => a.Group == group)) is { } formed)
        {
            // The group forms when one of its alerts fires, and lives until a flush finds it empty.
            var flush = formed.At + GroupWait;
            for (; flush <= end; flush += GroupInterval)
            {
                var firing = FiringAt(flush);
                if (firing.Count == 0)
                {
                    notified.Clear();
                    break;
                }

                if (!firing.IsSubsetOf(notified) || flush - notifiedAt > RepeatInterval)
                {
                    sent++;
                    notified = firing;
                    notifiedAt = flush;
                }
            }

            from = flush;
        }

        return sent;
    }
}

/// <summary>One scenario's comparison, and the report of all of them.</summary>
internal sealed record BaselineRow(
    string Scenario,
    bool Healthy,
    int ExpectedIncidents,
    DateTimeOffset? Onset,
    int Step,
    IReadOnlyList<string> MonitorIncidents,
    int MonitorPages,
    DateTimeOffset? MonitorFirst,
    IReadOnlyList<FiredAlert> StockAlerts,
    int StockNotifications,
    Func<DateTimeOffset, string> Clock)
{
    public static string Markdown(IReadOnlyList<BaselineRow> rows, string promtoolVersion)
    {
        var text = new StringBuilder();
        text.Append("# Monitor against stock alert rules\n\n");
        text.Append("Written by `tests/Monitor.EndToEnd.Tests/StockAlertBaselineTests.cs`: `deploy/prometheus/stock-alerts.yml` evaluated with `promtool test rules` (")
            .Append(promtoolVersion)
            .Append(") on each scenario's `metrics.om`, against `Monitor.Agent replay --json` on the same folder. ")
            .Append("Notifications: Alertmanager's example route (group_by alertname, cluster, service; group_wait 30s; group_interval 5m; repeat_interval 4h), firing notices only. ")
            .Append("Monitor pages once per incident opened or re-opened. Times are the site's clock; (+n) is minutes from the ground-truth onset.\n\n");
        text.Append("| scenario | ground truth | Monitor incidents | Monitor pages | Monitor first revision | first stock alert | stock alerts (critical) | stock notifications |\n");
        text.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            DateTimeOffset? first = row.StockAlerts.Count == 0 ? null : row.StockAlerts.Min(a => a.First);
            var firstNames = string.Join(", ", row.StockAlerts.Where(a => a.First == first).Select(a => a.Alert.Name).Distinct(StringComparer.Ordinal));
            text.Append(CultureInfo.InvariantCulture, $"| {row.Scenario} ")
                .Append(CultureInfo.InvariantCulture, $"| {(row.Healthy ? "healthy day: any alert is false" : $"{row.ExpectedIncidents} incident(s)")}{(row.Onset is { } onset ? $", onset {row.Clock(onset)}" : "")} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.MonitorIncidents.Count}{(row.MonitorIncidents.Count > 0 ? $" ({string.Join("; ", row.MonitorIncidents)})" : "")} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.MonitorPages} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.When(row.MonitorFirst)} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.When(first)}{(firstNames.Length > 0 ? $" {firstNames}" : "")} ")
                .Append(CultureInfo.InvariantCulture, $"| {row.StockAlerts.Count} ({row.StockAlerts.Count(a => a.Alert.Severity == "critical")}) ")
                .Append(CultureInfo.InvariantCulture, $"| {row.StockNotifications} |\n");
        }

        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {row.Scenario}: the stock alerts that fired (evaluated every {row.Step} min)\n\n");
            if (row.StockAlerts.Count == 0)
            {
                text.Append("None.\n");
                continue;
            }

            text.Append("| first firing | alert | labels | firing for |\n|---|---|---|---|\n");
            foreach (var alert in row.StockAlerts)
            {
                var labels = string.Join(", ", PromtoolOutput.Labels(alert.Alert.Identity)
                    .Where(l => l.Key is not ("alertname" or "severity"))
                    .OrderBy(l => l.Key, StringComparer.Ordinal)
                    .Select(l => $"{l.Key}={l.Value}"));
                text.Append(CultureInfo.InvariantCulture, $"| {row.When(alert.First)} | {alert.Alert.Name} ({alert.Alert.Severity}) | {labels} | {alert.Minutes} min |\n");
            }
        }

        return text.ToString();
    }

    private string When(DateTimeOffset? time) => time switch
    {
        null => "none",
        { } t when Onset is { } onset => $"{Clock(t)} ({(t - onset).TotalMinutes:+0;-0;+0})",
        { } t => Clock(t),
    };
}
