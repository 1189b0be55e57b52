namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>How a metrics.om recording becomes promtool's input series.</summary>
public sealed class PromtoolRecordingTests
{
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
}
