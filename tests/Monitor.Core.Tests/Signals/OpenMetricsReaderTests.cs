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
        var ok = OpenMetricsReader.TryParse($"monitor_controller_latency_seconds{{site=\"cty\",controller=\"ctl-b\"}} 0.025 {Seconds}", out var sample, out var error);

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

    // The standard reads NaN and ±Inf as numbers; Monitor's metrics are finite, and a value no
    // rule can compare nor any sentence print is refused at its line.
    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    [InlineData("inf")]
    public void Read_NonFiniteValue_IsRefusedAtItsLine(string value)
    {
        var (samples, problems) = Read(
            $"monitor_controller_iops{{controller=\"ctl-a\"}} 100 {Seconds}",
            $"monitor_controller_iops{{controller=\"ctl-a\"}} {value} {Seconds + 60}",
            $"monitor_controller_iops{{controller=\"ctl-a\"}} 120 {Seconds + 120}",
            "# EOF");

        var problem = Assert.Single(problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains("not a finite number", problem.Message, StringComparison.Ordinal);
        Assert.Equal([100, 120], samples.Select(s => s.Value));
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
    // (The next line is another series: within one, the standard itself refuses time going back.)
    [Theory]
    [InlineData("1e20")]
    [InlineData("-1e12")]
    public void Read_TimestampOutOfRange_ReportsTheLineAndKeepsReading(string timestamp)
    {
        var problems = new List<InputProblem>();
        var text = string.Join('\n',
            $"monitor_controller_up{{controller=\"ctl-a\"}} 1 {timestamp}",
            $"monitor_controller_up{{controller=\"ctl-b\"}} 0 {Seconds}",
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

    [Fact]
    public void Read_NegativeValue_IsRefusedUnlessTheMetricIsSigned()
    {
        var (samples, problems) = Read(
            $"monitor_mail_discarded_per_second{{host=\"mail01\"}} -0.5 {Seconds}",
            $"monitor_fc_port_rx_power_dbm{{port=\"host3\"}} -2.5 {Seconds}",
            "# EOF");

        var problem = Assert.Single(problems);
        Assert.Equal(1, problem.Line);
        Assert.Contains("negative", problem.Message, StringComparison.Ordinal);
        Assert.Equal(-2.5, Assert.Single(samples).Value);
    }

    [Fact]
    public void Read_DuplicateAndOutOfOrderTimes_AreRefusedAtTheirLines()
    {
        var (samples, problems) = Read(
            $"monitor_controller_iops{{controller=\"ctl-a\"}} 100 {Seconds + 60}",
            $"monitor_controller_iops{{controller=\"ctl-a\"}} 999 {Seconds + 60}",
            $"monitor_controller_iops{{controller=\"ctl-b\"}} 5 {Seconds}",
            $"monitor_controller_iops{{controller=\"ctl-b\",site=\"cty\"}} 6 {Seconds}",
            "# EOF");

        Assert.Equal([2, 4], problems.Select(p => p.Line));
        Assert.Contains("already has a sample at this time (line 1)", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("(line 3)", problems[1].Message, StringComparison.Ordinal);
        Assert.Equal([100, 5], samples.Select(s => s.Value));
    }

    [Fact]
    public void Read_TimeGoingBackInOneSeries_IsRefusedAtItsLine()
    {
        var (samples, problems) = Read(
            $"monitor_controller_iops{{controller=\"ctl-a\"}} 100 {Seconds + 60}",
            $"monitor_controller_iops{{controller=\"ctl-a\"}} 90 {Seconds}",
            "# EOF");

        Assert.Equal(2, Assert.Single(problems).Line);
        Assert.Equal(100, Assert.Single(samples).Value);
    }

    [Fact]
    public void Read_DuplicateLabel_IsRefusedNotTheLastOneWinning()
    {
        var (samples, problems) = Read($"monitor_controller_up{{controller=\"ctl-a\",controller=\"ctl-b\"}} 0 {Seconds}", "# EOF");

        Assert.Empty(samples);
        Assert.Contains("label controller is given twice", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{controller=\"ctl-a\",}")]
    [InlineData("{controller=\"ctl-a\",,site=\"x\"}")]
    [InlineData("{site=\"x\"controller=\"ctl-a\"}")]
    [InlineData("{1=\"x\",controller=\"ctl-a\"}")]
    public void Read_MalformedLabelSet_IsRefusedAtItsLine(string labels)
    {
        var (samples, problems) = Read($"monitor_controller_up{labels} 1 {Seconds}", "# EOF");

        Assert.Empty(samples);
        Assert.Equal(1, Assert.Single(problems).Line);
    }

    [Theory]
    [InlineData("monitor_controller_up{controller=\"ctl-a\"}  1 1484265180")]
    [InlineData("monitor_controller_up{controller=\"ctl-a\"} 1 1484265180 ")]
    [InlineData("monitor_controller_up{controller=\"ctl-a\"}1 1484265180")]
    [InlineData("")]
    [InlineData("# a comment")]
    [InlineData("# TYPE monitor_controller_up gauge ")]
    [InlineData("# HELP monitor_controller_up")]
    [InlineData("# UNIT monitor_controller_up seconds")]
    public void Read_LineOffTheStandard_IsRefusedAtItsLine(string line)
    {
        var (_, problems) = Read($"monitor_controller_up{{controller=\"ctl-b\"}} 1 {Seconds}", line, "# EOF");

        Assert.Equal(2, Assert.Single(problems).Line);
    }

    [Fact]
    public void Read_Exemplar_IsAcceptedAndIgnored()
    {
        var (samples, problems) = Read(
            "# TYPE monitor_controller_iops gauge",
            $"monitor_controller_iops{{controller=\"ctl-a\"}} 100 {Seconds}",
            "# TYPE http_requests counter",
            $"http_requests_total{{code=\"200\"}} 7 {Seconds} # {{trace_id=\"abc\"}} 1 {Seconds}",
            "# EOF");

        Assert.Single(samples);
        Assert.DoesNotContain(problems, p => p.Line > 0);
    }

    [Fact]
    public void TryParse_UnknownEscape_KeepsItsBackslash()
    {
        var ok = OpenMetricsReader.TryParse($"monitor_path_up{{path=\"mail01\\zone\"}} 1 {Seconds}", out var sample, out var error);

        Assert.True(ok, error);
        Assert.Equal("mail01\\zone", sample.Entity);
    }

    [Fact]
    public void Read_MetricsMonitorDoesNotUse_AreCountedInOneSummary()
    {
        var (samples, problems) = Read(
            "# TYPE node_load1 gauge",
            $"node_load1 0.5 {Seconds}",
            $"node_load1 0.7 {Seconds + 60}",
            "# TYPE go_gc_duration_seconds summary",
            $"go_gc_duration_seconds{{quantile=\"0.5\"}} 0.01 {Seconds}",
            $"go_gc_duration_seconds_sum 1 {Seconds}",
            $"go_gc_duration_seconds_count 9 {Seconds}",
            $"monitor_controller_up{{controller=\"ctl-a\"}} 1 {Seconds}",
            "# EOF");

        Assert.Single(samples);
        var summary = Assert.Single(problems);
        Assert.Equal(0, summary.Line);
        Assert.Equal("skipped 5 samples of 2 metrics Monitor does not use: go_gc_duration_seconds (3), node_load1 (2)", summary.Message);
    }

    [Fact]
    public void Read_TimestampBeyondYear9999_IsRefusedAsADocumentedLimit()
    {
        var (samples, problems) = Read($"monitor_controller_up{{controller=\"ctl-a\"}} 1 12345678901234567890.1234567890", "# EOF");

        Assert.Empty(samples);
        Assert.Contains("between years 1 and 9999", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("monitor_path_up{path=\"a } \\\" 9 9\",site=\"x\"} 0.5 1484265180.250")]
    [InlineData("monitor_controller_up 0.5 1484265180.25")]
    [InlineData("monitor_controller_up{} 5e-1 1484265180.250 # {trace_id=\"1 2\"} 1 1484265180")]
    public void TryParseValueAndTime_AcceptedLine_ReadsValueAndTimeAsTryParse(string line)
    {
        var ok = OpenMetricsReader.TryParseValueAndTime(line, out var value, out var time);

        Assert.True(ok);
        Assert.Equal((0.5, Time.AddMilliseconds(250)), (value, time));
    }

    [Theory]
    [InlineData("monitor_controller_up{controller=\"ctl-a\"} 1")]
    [InlineData("monitor_controller_up{controller=\"ctl-a\"} 1 +Inf")]
    [InlineData("monitor_controller_up{controller=\"ctl-a\"}")]
    [InlineData("{controller=\"ctl-a\"} 1 1")]
    public void TryParseValueAndTime_NoValueOrTime_IsFalse(string line)
    {
        Assert.False(OpenMetricsReader.TryParseValueAndTime(line, out _, out _));
    }
}
