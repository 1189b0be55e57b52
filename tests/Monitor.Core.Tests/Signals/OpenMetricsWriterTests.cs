using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Signals;

public sealed class OpenMetricsWriterTests
{
    private static readonly DateTimeOffset T = DateTimeOffset.FromUnixTimeSeconds(1484265180);

    [Fact]
    public void Write_ThenRead_GivesTheSameSamples()
    {
        Sample[] samples =
        [
            new(T, "ctl-b", MetricCatalog.ControllerIops, 47_512.25),
            new(T.AddMinutes(1), "ctl-b", MetricCatalog.ControllerIops, 47_600),
            new(T, "cty-mail/pop3", MetricCatalog.ProbeSuccess, 0),
            new(T, "mail01/deferred", MetricCatalog.MailQueueMessages, 12),
            new(T, "mail01/sdc", MetricCatalog.BlockMeanIoSize, 4096),
            new(T, "weird\"id\\x", MetricCatalog.ControllerUp, 1),
        ];
        var text = new StringWriter();

        OpenMetricsWriter.Write(text, samples);
        var problems = new List<InputProblem>();
        var read = OpenMetricsReader.Read(new StringReader(text.ToString()), "written", problems.Add).ToList();

        Assert.Empty(problems);
        Assert.Equal(samples.OrderBy(s => s.Metric).ThenBy(s => s.Entity).ThenBy(s => s.Time), read.OrderBy(s => s.Metric).ThenBy(s => s.Entity).ThenBy(s => s.Time));
        Assert.EndsWith("# EOF\n", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TwoLabelMetric_SplitsTheEntityIntoItsLabels()
    {
        var text = new StringWriter();

        OpenMetricsWriter.Write(text, [new Sample(T, "mail01/deferred", MetricCatalog.MailQueueMessages, 3)]);

        Assert.Contains("monitor_mail_queue_messages{host=\"mail01\",queue=\"deferred\"} 3 1484265180", text.ToString(), StringComparison.Ordinal);
    }
}
