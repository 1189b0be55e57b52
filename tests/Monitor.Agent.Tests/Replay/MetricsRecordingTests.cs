using System.Globalization;
using System.Text;
using Monitor.Agent.Replay;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Replay;

public sealed class MetricsRecordingTests
{
    private static readonly long T0 = 1484265180;

    private static readonly (string Metric, string Label)[] Families =
    [
        ("monitor_controller_up", "controller"),
        ("monitor_controller_iops", "controller"),
        ("monitor_controller_queue_depth", "controller"),
        ("monitor_path_up", "path"),
    ];

    /// <summary>
    /// Families whose series come in a shuffled order, each starting and ending at its own time,
    /// at its own step (some between whole seconds), with a bad line inside one series.
    /// </summary>
    private static string Interleaved()
    {
        var random = new Random(12);
        var text = new StringBuilder();
        foreach (var (metric, label) in Families)
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {metric} gauge\n");
            foreach (var entity in Enumerable.Range(0, 5).OrderBy(_ => random.Next()))
            {
                var start = T0 + (random.Next(20) * 15);
                var step = 15 * random.Next(1, 4);
                var fraction = entity == 3 ? ".25" : "";
                var count = random.Next(5, 40);
                for (var i = 0; i < count; i++)
                {
                    var value = metric == "monitor_path_up" && entity == 1 && i == 3 ? "x" : random.Next(100).ToString(CultureInfo.InvariantCulture);
                    text.Append(CultureInfo.InvariantCulture, $"{metric}{{{label}=\"e-{entity}\"}} {value} {start + (i * step)}{fraction}\n");
                }
            }
        }

        return text.Append("# EOF\n").ToString();
    }

    [Fact]
    public void InTimeOrder_SeriesInterleavedInAnyOrder_PlaysEverySampleOnceInTimeOrder()
    {
        using var dir = new TemporaryDirectory();
        var text = Interleaved();
        var path = dir.Write("metrics.om", text);
        var expectedProblems = new List<InputProblem>();
        var expected = OpenMetricsReader.Read(new StringReader(text), path, expectedProblems.Add).OrderBy(s => s.Time).ToList();
        var problems = new List<InputProblem>();

        var recording = MetricsRecording.Index(path, problems.Add);
        var batches = recording.InTimeOrder(problems.Add).ToList();

        Assert.Equal(expected, batches.SelectMany(b => b.Samples));
        Assert.All(batches, b => Assert.All(b.Samples, s => Assert.Equal(b.Time, s.Time)));
        Assert.True(batches.Zip(batches.Skip(1)).All(p => p.First.Time < p.Second.Time), "batch times go back or repeat");
        Assert.Equal(expected.Count, recording.SampleCount);
        Assert.Equal((expected[0].Time, expected[^1].Time), (recording.First, recording.Last));
        Assert.Equal(expectedProblems, problems);
        Assert.Contains("is not a number", Assert.Single(problems).Message, StringComparison.Ordinal);
        Assert.Equal(21, recording.Runs.Count); // 20 series, one cut in two by its bad line
    }

    [Fact]
    public void InTimeOrder_LongRecording_HoldsAboutOneSampleASeriesNotTheRecording()
    {
        using var dir = new TemporaryDirectory();
        var text = new StringBuilder();
        const int Series = 5;
        const int Points = 2000;
        for (var entity = 0; entity < Series; entity++)
        {
            for (var i = 0; i < Points; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"monitor_controller_iops{{controller=\"ctl-{entity}\"}} {i} {T0 + (i * 15) + entity}\n");
            }
        }

        var path = dir.Write("metrics.om", text.Append("# EOF\n").ToString());
        var problems = new List<InputProblem>();
        var recording = MetricsRecording.Index(path, problems.Add);

        var played = recording.InTimeOrder(problems.Add).Sum(b => b.Samples.Count);

        Assert.Empty(problems);
        Assert.Equal(Series * Points, played);
        Assert.Equal(Series, recording.Runs.Count);
        Assert.InRange(recording.MostSamplesHeld, 1, 2 * Series);
    }

    [Fact]
    public void InTimeOrder_FileChangedAfterTheFirstPass_ReportsTheLineAndPlaysTheRest()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("metrics.om", $"""
            monitor_controller_up{"{"}controller="ctl-a"{"}"} 1 {T0}
            monitor_controller_up{"{"}controller="ctl-a"{"}"} 1 {T0 + 60}
            monitor_path_up{"{"}path="p"{"}"} 1 {T0}
            # EOF

            """);
        var problems = new List<InputProblem>();
        var recording = MetricsRecording.Index(path, problems.Add);
        File.WriteAllText(path, File.ReadAllText(path).Replace($"1 {T0 + 60}", $"0 {T0 - 60}", StringComparison.Ordinal));

        var batches = recording.InTimeOrder(problems.Add).ToList();

        Assert.Equal(2, batches.Single().Samples.Count);
        Assert.Equal((path, 2), (Assert.Single(problems).Source, problems[0].Line));
        Assert.Contains("changed since the replay read it first", problems[0].Message, StringComparison.Ordinal);
    }
}
