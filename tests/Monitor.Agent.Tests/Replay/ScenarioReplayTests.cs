using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Agent.Clocks;
using Monitor.Agent.Replay;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Tests.Replay;

public sealed class ScenarioReplayTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1484265180); // 2017-01-13 08:53 JST

    private static ScenarioReplay Replay(string path, ReplayClock clock) =>
        new(new ReplaySourceOptions { Enabled = true, Path = path, Speed = 0 }, clock, new WallClock(TimeProvider.System), NullLogger<ScenarioReplay>.Instance);

    private static async Task<List<SourceBatch>> PlayAll(ScenarioReplay replay)
    {
        var batches = new List<SourceBatch>();
        await foreach (var batch in replay.RunAsync(CancellationToken.None))
        {
            batches.Add(batch);
        }

        return batches;
    }

    [Fact]
    public async Task RunAsync_MalformedAndUnknownLines_AreReportedWithFileAndLineAndTheRestPlays()
    {
        using var dir = new TemporaryDirectory();
        var metrics = dir.Write("metrics.om", $"""
            # TYPE monitor_controller_up gauge
            monitor_controller_up{"{"}controller="ctl-a"{"}"} 1 {T0.ToUnixTimeSeconds()}
            monitor_controller_up{"{"}controller="ctl-a" 0 {T0.ToUnixTimeSeconds() + 60}
            monitor_controller_up{"{"}controller="ctl-a"{"}"} 0 {T0.ToUnixTimeSeconds() + 120}
            monitor_controller_temperature{"{"}controller="ctl-a"{"}"} 41 {T0.ToUnixTimeSeconds() + 60}
            # EOF

            """);
        var replay = Replay(dir.Path, new ReplayClock(DateTimeOffset.UnixEpoch));

        var batches = await PlayAll(replay);

        Assert.Equal([T0, T0.AddMinutes(2)], batches.Select(b => b.Time));
        Assert.Equal(2, replay.Problems.Count);
        Assert.Equal((metrics, 3), (replay.Problems[0].Source, replay.Problems[0].Line));
        Assert.Contains("malformed label set", replay.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(5, replay.Problems[1].Line);
        Assert.Contains("unknown metric 'monitor_controller_temperature'", replay.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FamiliesInFileOrder_ArePlayedInTimeOrderWithEventsInTheirMinute()
    {
        using var dir = new TemporaryDirectory();
        var t = T0.ToUnixTimeSeconds();
        dir.Write("metrics.om", $"""
            monitor_controller_up{"{"}controller="ctl-a"{"}"} 1 {t}
            monitor_controller_up{"{"}controller="ctl-a"{"}"} 0 {t + 60}
            monitor_path_up{"{"}path="mail01:ctl-a"{"}"} 1 {t}
            monitor_path_up{"{"}path="mail01:ctl-a"{"}"} 0 {t + 60}
            # EOF
            """);
        dir.Write("events.jsonl", """
            {"time":"2017-01-13T08:54:00+09:00","kind":"log","entity":"ctl-a","text":"controller A halted"}
            """);
        var clock = new ReplayClock(DateTimeOffset.UnixEpoch);

        var batches = await PlayAll(Replay(dir.Path, clock));

        Assert.Equal(2, batches.Count);
        Assert.All(batches, b => Assert.Equal(2, b.Samples.Count));
        Assert.Empty(batches[0].Events);
        Assert.Equal("controller A halted", Assert.Single(batches[1].Events).Text);
        Assert.Equal(T0.AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    public async Task RunAsync_EventsBetweenAndAfterSamples_HaveBatchesOfTheirOwnInTimeOrder()
    {
        using var dir = new TemporaryDirectory();
        var t = T0.ToUnixTimeSeconds();
        dir.Write("metrics.om", $"""
            monitor_path_up{"{"}path="mail01:ctl-a"{"}"} 1 {t + 120}
            monitor_path_up{"{"}path="mail01:ctl-a"{"}"} 0 {t + 240}
            monitor_controller_up{"{"}controller="ctl-a"{"}"} 1 {t}
            monitor_controller_up{"{"}controller="ctl-a"{"}"} 0 {t + 120}
            # EOF
            """);
        dir.Write("events.jsonl", """
            {"time":"2017-01-13T09:00:00+09:00","kind":"log","entity":"ctl-a","text":"last"}
            {"time":"2017-01-13T08:54:00+09:00","kind":"log","entity":"ctl-a","text":"between"}
            {"time":"2017-01-13T08:55:00+09:00","kind":"log","entity":"ctl-a","text":"with samples"}
            """);
        var clock = new ReplayClock(DateTimeOffset.UnixEpoch);
        var replay = Replay(dir.Path, clock);

        var batches = await PlayAll(replay);

        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(4), T0.AddMinutes(7)], batches.Select(b => b.Time));
        Assert.Equal([1, 0, 2, 1, 0], batches.Select(b => b.Samples.Count));
        Assert.Equal(["", "between", "with samples", "", "last"], batches.Select(b => string.Join(",", b.Events.Select(e => e.Text))));
        Assert.Equal((T0, T0.AddMinutes(7)), replay.Span);
        Assert.Equal(T0.AddMinutes(7), clock.GetUtcNow());
    }

    [Fact]
    public async Task RunAsync_MissingMetricsFile_IsReportedNotThrown()
    {
        using var dir = new TemporaryDirectory();
        var replay = Replay(dir.Path, new ReplayClock(DateTimeOffset.UnixEpoch));

        var batches = await PlayAll(replay);

        Assert.Empty(batches);
        Assert.Contains("file not found", Assert.Single(replay.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CtyScenario_HasNoProblemsAndSpansTheMorning()
    {
        var replay = Replay(RepositoryPaths.Scenario("cty-2017"), new ReplayClock(DateTimeOffset.UnixEpoch));

        var batches = await PlayAll(replay);

        Assert.Empty(replay.Problems);
        var jst = TimeSpan.FromHours(9);
        Assert.Equal(new DateTimeOffset(2017, 1, 13, 6, 0, 0, jst), batches[0].Time);
        Assert.Equal(new DateTimeOffset(2017, 1, 13, 13, 30, 0, jst), batches[^1].Time);
    }
}
