using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Agent.Clocks;
using Monitor.Agent.Replay;
using Monitor.Agent.Sources;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Replay;

/// <summary>
/// The replay against another implementation of OpenMetrics, the Prometheus Python client
/// (Debian python3-prometheus-client, run by prometheus_client_openmetrics.py): what it exports,
/// with its own metrics, exemplars and _created lines beside Monitor's, replays with one summary of
/// the lines Monitor does not use; and what Monitor writes, its parser reads.
/// </summary>
public sealed class PrometheusClientOpenMetricsTests
{
    private const long Start = 1_484_265_180; // 2017-01-13 08:53 JST

    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Agent.Tests", "Replay", "prometheus_client_openmetrics.py");

    private static async Task<string> RunClientAsync(params string[] arguments)
    {
        RunningProgram.Require("/usr/lib/python3/dist-packages/prometheus_client/openmetrics/parser.py", "python3-prometheus-client");
        using var python = RunningProgram.Start(RunningProgram.Require("/usr/bin/python3", "python3"), [Script, .. arguments]);
        var exit = await python.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, python.Output);
        return string.Join('\n', python.Out);
    }

    [Fact]
    public async Task ExportOfThePrometheusClient_Replays_WithOneSummaryOfWhatMonitorDoesNotUse()
    {
        using var dir = new TemporaryDirectory();
        await RunClientAsync("export", Path.Combine(dir.Path, ScenarioReplay.MetricsFile), Start.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var replay = new ScenarioReplay(new ReplaySourceOptions { Enabled = true, Path = dir.Path, Speed = 0 }, new ReplayClock(DateTimeOffset.UnixEpoch), new WallClock(TimeProvider.System), NullLogger<ScenarioReplay>.Instance);

        var samples = new List<Sample>();
        await foreach (var batch in replay.RunAsync(CancellationToken.None))
        {
            samples.AddRange(batch.Samples);
        }

        var summary = Assert.Single(replay.Problems);
        Assert.Equal(0, summary.Line);
        Assert.Matches(@"^skipped \d+ samples of \d+ metrics Monitor does not use: ", summary.Message);
        Assert.Contains("http_request_duration_seconds", File.ReadAllText(Path.Combine(dir.Path, ScenarioReplay.MetricsFile)), StringComparison.Ordinal);
        Assert.Equal(20, samples.Count);
        Assert.Equal(new Sample(DateTimeOffset.FromUnixTimeSeconds(Start), "ctl-a", MetricCatalog.ControllerIops, 20000.5), samples.OrderBy(s => s.Time).First(s => s.Metric == MetricCatalog.ControllerIops));
        Assert.Equal(0, samples.Single(s => s.Metric == MetricCatalog.ControllerUp && s.Time == DateTimeOffset.FromUnixTimeSeconds(Start + 540)).Value);
    }

    [Fact]
    public async Task WhatMonitorWrites_ThePrometheusClientParses()
    {
        using var dir = new TemporaryDirectory();
        var t = DateTimeOffset.FromUnixTimeSeconds(Start);
        Sample[] samples =
        [
            new(t, "ctl-b", MetricCatalog.ControllerIops, 47_512.25),
            new(t.AddSeconds(15.5), "ctl-b", MetricCatalog.ControllerIops, 47_600),
            new(t, "cty-mail/pop3", MetricCatalog.ProbeSuccess, 0),
            new(t, "mail01/deferred", MetricCatalog.MailQueueMessages, 12),
            new(t, "mail01/sdc", MetricCatalog.BlockMeanIoSize, 4096),
            new(t, "weird\"id\\x", MetricCatalog.ControllerUp, 1),
        ];
        var path = Path.Combine(dir.Path, "written.om");
        using (var writer = new StreamWriter(path))
        {
            OpenMetricsWriter.Write(writer, samples);
        }

        Assert.Equal(samples.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), (await RunClientAsync("parse", path)).Trim());
        Assert.Equal("7667", (await RunClientAsync("parse", Path.Combine(RepositoryPaths.Scenario("cty-2017"), ScenarioReplay.MetricsFile))).Trim());
    }
}
