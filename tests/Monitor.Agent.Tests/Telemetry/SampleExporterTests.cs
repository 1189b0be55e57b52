using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Telemetry;

/// <summary>What the sources read is exported under the catalog's names, and only what they read.</summary>
public sealed class SampleExporterTests
{
    private static readonly DateTimeOffset At = new(2017, 1, 13, 8, 53, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task Scrape_BeforeAnySample_HasNoFamilyOfTheCatalog()
    {
        using var metrics = new AgentMetrics();

        var text = await ScrapeAsync(metrics);

        Assert.DoesNotContain(MetricCatalog.All.Keys, name => text.Contains($"# TYPE {name} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_AfterSamples_HasTheirFamiliesWithLabelsAndLastValues()
    {
        using var metrics = new AgentMetrics();
        metrics.Samples.Export(new Sample(At, "ctl-b", MetricCatalog.ControllerIops, 1200));
        metrics.Samples.Export(new Sample(At.AddMinutes(1), "ctl-b", MetricCatalog.ControllerIops, 1320.5));
        metrics.Samples.Export(new Sample(At, "mail01/sdc", MetricCatalog.PathUp, 0));
        metrics.Samples.Export(new Sample(At, "mail01/deferred", MetricCatalog.MailQueueMessages, 5731));

        var text = await ScrapeAsync(metrics);

        Assert.Contains("monitor_controller_iops{controller=\"ctl-b\"} 1320.5\n", text, StringComparison.Ordinal);
        Assert.Contains("monitor_path_up{path=\"mail01/sdc\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("monitor_mail_queue_messages{host=\"mail01\",queue=\"deferred\"} 5731\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# TYPE monitor_controller_up ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_MetricOutsideTheCatalogOrEntityOfTheWrongShape_ExportsNothing()
    {
        using var metrics = new AgentMetrics();
        metrics.Samples.Export(new Sample(At, "ctl-b", "scenario_own_metric", 1));
        metrics.Samples.Export(new Sample(At, "deferred-without-host", MetricCatalog.MailQueueMessages, 1));

        var text = await ScrapeAsync(metrics);

        Assert.DoesNotContain("scenario_own_metric", text, StringComparison.Ordinal);
        Assert.DoesNotContain("monitor_mail_queue_messages{", text, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeAsync(AgentMetrics metrics)
    {
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }
}
