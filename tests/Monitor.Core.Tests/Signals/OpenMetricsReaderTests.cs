using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Signals;

public sealed class OpenMetricsReaderTests
{
    // 2017-01-13 08:53 in Japan, when CTY's controller A stopped.
    private const long Seconds = 1_484_265_180;
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeSeconds(Seconds);

    private static (List<Sample> Samples, List<InputProblem> Problems) Read(params string[] lines)
    {
        var problems = new List<InputProblem>();
        var samples = OpenMetricsReader.Read(new StringReader(string.Join('\n', lines)), "metrics.om", problems.Add).ToList();
        return (samples, problems);
    }

    [Fact]
    public void Read_WellFormedFile_YieldsEverySampleAndNoProblem()
    {
        var (samples, problems) = Read(
            "# HELP monitor_controller_up Storage controller online (1) or stopped (0).",
            "# TYPE monitor_controller_up gauge",
            $"monitor_controller_up{{controller=\"ctl-a\"}} 1 {Seconds}",
            $"monitor_controller_up{{controller=\"ctl-a\"}} 0 {Seconds + 60}",
            "# EOF");

        Assert.Empty(problems);
        Assert.Equal(
            [new Sample(Time, "ctl-a", MetricCatalog.ControllerUp, 1), new Sample(Time.AddMinutes(1), "ctl-a", MetricCatalog.ControllerUp, 0)],
            samples);
    }

    [Fact]
    public void Read_MalformedLine_ReportsItsLineNumberAndKeepsReadingTheRest()
    {
        var (samples, problems) = Read(
            "# TYPE monitor_controller_up gauge",
            $"monitor_controller_up{{controller=\"ctl-a\"}} 1 {Seconds}",
            $"monitor_controller_up{{controller=\"ctl-a\" 1 {Seconds + 60}",
            $"monitor_controller_up{{controller=\"ctl-a\"}} 0 {Seconds + 120}",
            $"monitor_controller_up{{controller=\"ctl-b\"}} 1 {Seconds + 120}",
            "# EOF");

        var problem = Assert.Single(problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal("metrics.om", problem.Source);
        Assert.StartsWith("metrics.om:3: ", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, samples.Count);
        Assert.Equal(Time.AddMinutes(2), samples[1].Time);
        Assert.Equal("ctl-b", samples[2].Entity);
    }

    [Fact]
    public void Read_UnknownMetric_NamesTheMetric()
    {
        var (samples, problems) = Read($"monitor_controler_up{{controller=\"ctl-a\"}} 1 {Seconds}", "# EOF");

        Assert.Empty(samples);
        var problem = Assert.Single(problems);
        Assert.Equal(1, problem.Line);
        Assert.Contains("unknown metric 'monitor_controler_up'", problem.Message, StringComparison.Ordinal);
        Assert.Contains(MetricCatalog.ControllerUp, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingEntityLabel_NamesTheLabel()
    {
        var (samples, problems) = Read($"monitor_controller_iops{{ctl=\"ctl-a\"}} 100 {Seconds}", "# EOF");

        Assert.Empty(samples);
        Assert.Contains("needs the label 'controller'", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyEntityLabel_IsReported()
    {
        var (samples, problems) = Read($"monitor_path_up{{path=\"\"}} 1 {Seconds}", "# EOF");

        Assert.Empty(samples);
        Assert.Contains("'path'", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingTimestamp_IsReported()
    {
        var (samples, problems) = Read("monitor_controller_iops{controller=\"ctl-a\"} 100", "# EOF");

        Assert.Empty(samples);
        Assert.Contains("timestamp", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValueNotANumber_IsReported()
    {
        var (samples, problems) = Read($"monitor_controller_iops{{controller=\"ctl-a\"}} lots {Seconds}", "# EOF");

        Assert.Empty(samples);
        Assert.Contains("'lots' is not a number", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoEofMarker_ReportsPossibleTruncationAndKeepsSamples()
    {
        var (samples, problems) = Read(
            $"monitor_controller_up{{controller=\"ctl-a\"}} 1 {Seconds}",
            $"monitor_controller_up{{controller=\"ctl-a\"}} 0 {Seconds + 60}");

        Assert.Equal(2, samples.Count);
        var problem = Assert.Single(problems);
        Assert.Contains("# EOF", problem.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextAfterEof_IsReportedAndNotRead()
    {
        var (samples, problems) = Read(
            $"monitor_controller_up{{controller=\"ctl-a\"}} 1 {Seconds}",
            "# EOF",
            $"monitor_controller_up{{controller=\"ctl-a\"}} 0 {Seconds + 60}");

        Assert.Single(samples);
        var problem = Assert.Single(problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("after '# EOF'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EscapedLabelValue_IsUnescaped()
    {
        var ok = OpenMetricsReader.TryParse($"monitor_path_up{{path=\"a\\\\b\\\"c\\nd\"}} 1 {Seconds}", out var sample, out var error);

        Assert.True(ok, error);
        Assert.Equal("a\\b\"c\nd", sample.Entity);
    }

    [Fact]
    public void TryParse_ProbeWithServiceAndFunctionLabels_EntityIsServiceSlashFunction()
    {
        var ok = OpenMetricsReader.TryParse($"monitor_probe_success{{function=\"pop3\",service=\"cty-mail\"}} 0 {Seconds}", out var sample, out var error);

        Assert.True(ok, error);
        Assert.Equal(new Sample(Time, "cty-mail/pop3", MetricCatalog.ProbeSuccess, 0), sample);
    }

    [Fact]
    public void TryParse_ExtraLabels_AreIgnored()
    {
        var ok = OpenMetricsReader.TryParse($"monitor_controller_latency_seconds{{site=\"cty\",controller=\"ctl-b\",}} 0.025 {Seconds}", out var sample, out var error);

        Assert.True(ok, error);
        Assert.Equal("ctl-b", sample.Entity);
        Assert.Equal(0.025, sample.Value);
    }

    [Fact]
    public void TryParse_FractionalTimestamp_KeepsMilliseconds()
    {
        var ok = OpenMetricsReader.TryParse($"monitor_controller_up{{controller=\"ctl-a\"}} 1 {Seconds}.250", out var sample, out var error);

        Assert.True(ok, error);
        Assert.Equal(Time.AddMilliseconds(250), sample.Time);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    public void TryParse_SpecialValues_AreNumbers(string value)
    {
        var ok = OpenMetricsReader.TryParse($"monitor_controller_iops{{controller=\"ctl-a\"}} {value} {Seconds}", out var sample, out var error);

        Assert.True(ok, error);
        Assert.False(double.IsFinite(sample.Value));
    }

    [Fact]
    public void TryParse_NonFiniteTimestamp_IsRejected()
    {
        var ok = OpenMetricsReader.TryParse("monitor_controller_up{controller=\"ctl-a\"} 1 +Inf", out _, out var error);

        Assert.False(ok);
        Assert.Contains("timestamp", error, StringComparison.Ordinal);
    }

    // A finite timestamp beyond what a DateTimeOffset holds (a typo, or milliseconds written
    // where seconds belong, times a million) must be one reported line, not a crash of the reader.
    [Theory]
    [InlineData("1e20")]
    [InlineData("-1e12")]
    public void Read_TimestampOutOfRange_ReportsTheLineAndKeepsReading(string timestamp)
    {
        var problems = new List<InputProblem>();
        var text = string.Join('\n',
            $"monitor_controller_up{{controller=\"ctl-a\"}} 1 {timestamp}",
            $"monitor_controller_up{{controller=\"ctl-a\"}} 0 {Seconds}",
            "# EOF");

        var samples = OpenMetricsReader.Read(new StringReader(text), "metrics.om", problems.Add).ToList();

        Assert.Equal(1, Assert.Single(problems).Line);
        Assert.Equal(0, Assert.Single(samples).Value);
    }

    [Fact]
    public void TryParse_LineWithoutName_IsRejected()
    {
        var ok = OpenMetricsReader.TryParse(" 1 2", out _, out var error);

        Assert.False(ok);
        Assert.Contains("metric_name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnclosedLabelValue_IsRejected()
    {
        var ok = OpenMetricsReader.TryParse("monitor_controller_up{controller=\"ctl-a} 1 1", out _, out var error);

        Assert.False(ok);
        Assert.Contains("closing quote", error, StringComparison.Ordinal);
    }
}
