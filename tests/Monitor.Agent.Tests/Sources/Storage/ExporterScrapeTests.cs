using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Configuration;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>The exporter source with the shipped mappings, on node_exporter's real exposition and a Harvest-shaped one.</summary>
public sealed class ExporterScrapeTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly string NodeExporterFixture =
        RepositoryPaths.Fixture("node_exporter", "expected_fibrechannel_dmmultipath_metrics.prom");

    private static readonly string HarvestFixture =
        Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Agent.Tests", "Sources", "Fixtures", "harvest-ontap-takeover.prom");

    private readonly TemporaryDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SourceHealth _health = new();

    public void Dispose() => _temp.Dispose();

    private static string Mapping(string name) => Path.Combine(RepositoryPaths.Root, "config", "mappings", name);

    private ExporterScrape Source(Action<ExporterOptions> configure)
    {
        var options = new ExporterOptions();
        configure(options);
        return new ExporterScrape(options, new SourceContext("mail01", _clock, _health, NullLoggerFactory.Instance, new AgentMetrics()));
    }

    private static Dictionary<(string Entity, string Metric), double> ByKey(SourceReading reading) =>
        reading.Samples.ToDictionary(s => (s.Entity, s.Metric), s => s.Value);

    [Fact]
    public async Task ReadOnceAsync_NodeExporterMappingOnRealExposition_GivesPathsPortsAndNoRatesYet()
    {
        using var source = Source(o => (o.InputFile, o.MappingFile) = (NodeExporterFixture, Mapping("node-exporter.json")));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        var expected = new Dictionary<(string, string), double>
        {
            [("mail01/mpathA", MetricCatalog.MultipathPaths)] = 4,
            [("mail01/mpathB", MetricCatalog.MultipathPaths)] = 2,
            [("mail01/mpathA", MetricCatalog.MultipathActivePaths)] = 3,
            [("mail01/mpathB", MetricCatalog.MultipathActivePaths)] = 2,
            [("mail01/sdi", MetricCatalog.PathUp)] = 1,
            [("mail01/sdj", MetricCatalog.PathUp)] = 1,
            [("mail01/sdk", MetricCatalog.PathUp)] = 1,
            [("mail01/sdl", MetricCatalog.PathUp)] = 0,
            [("mail01/sdm", MetricCatalog.PathUp)] = 1,
            [("mail01/sdn", MetricCatalog.PathUp)] = 1,
            [("mail01/host0", MetricCatalog.FcPortUp)] = 1,
            [("mail01/host1", MetricCatalog.FcPortUp)] = 1,
            [("mail01/host0", MetricCatalog.FcPortMarginal)] = 0,
            [("mail01/host1", MetricCatalog.FcPortMarginal)] = 0,
            [("mail01/host0", MetricCatalog.FcPortSpeed)] = 16e9,
            [("mail01/host1", MetricCatalog.FcPortSpeed)] = 8e9,
        };
        Assert.Equal(expected.OrderBy(e => e.Key), ByKey(reading).OrderBy(e => e.Key));
        Assert.All(reading.Samples, s => Assert.Equal(Start, s.Time));
    }

    [Fact]
    public async Task ReadOnceAsync_NodeExporterCountersGrowBetweenScrapes_GivesPerSecondRates()
    {
        var scrape = _temp.Write("node.prom", File.ReadAllText(NodeExporterFixture));
        using var source = Source(o => (o.InputFile, o.MappingFile) = (scrape, Mapping("node-exporter.json")));

        await source.ReadOnceAsync(CancellationToken.None);
        // Built from the real exposition: 20 more invalid CRCs on host1 in 10 seconds.
        File.WriteAllText(scrape, File.ReadAllText(NodeExporterFixture)
            .Replace("node_fibrechannel_invalid_crc_total{fc_host=\"host1\"} 32", "node_fibrechannel_invalid_crc_total{fc_host=\"host1\"} 52", StringComparison.Ordinal));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var reading = ByKey(await source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal(2, reading[("mail01/host1", MetricCatalog.FcInvalidCrc)]);
        Assert.Equal(0, reading[("mail01/host0", MetricCatalog.FcInvalidCrc)]);
        Assert.Equal(0, reading[("mail01/host1", MetricCatalog.FcLinkFailures)]);
        Assert.Equal(0, reading[("mail01/host1", MetricCatalog.FcErrorFrames)]);
        Assert.Equal(16 + 12, reading.Count);
    }

    [Fact]
    public async Task ReadOnceAsync_NodeExporterDiskCounters_GiveIopsBytesUtilizationAndQueue()
    {
        // Built: node_exporter's diskstats series (names as in its collector/fixtures/e2e-output.txt), two scrapes 10 s apart.
        static string Exposition(long reads, long writes, long readBytes, double busy, double weighted) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""
            # TYPE node_disk_reads_completed_total counter
            node_disk_reads_completed_total{device="sdc"} {{reads}}
            # TYPE node_disk_writes_completed_total counter
            node_disk_writes_completed_total{device="sdc"} {{writes}}
            node_disk_read_bytes_total{device="sdc"} {{readBytes}}
            node_disk_written_bytes_total{device="sdc"} 0
            node_disk_io_time_seconds_total{device="sdc"} {{busy}}
            node_disk_io_time_weighted_seconds_total{device="sdc"} {{weighted}}

            """);
        var scrape = _temp.Write("disk.prom", Exposition(1000, 500, 4_096_000, 10.5, 20));
        using var source = Source(o => (o.InputFile, o.MappingFile) = (scrape, Mapping("node-exporter.json")));

        await source.ReadOnceAsync(CancellationToken.None);
        File.WriteAllText(scrape, Exposition(1000 + 40_000, 500 + 10_000, 4_096_000 + 163_840_000, 10.5 + 9, 20 + 60));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var reading = ByKey(await source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal(4000, reading[("mail01/sdc", MetricCatalog.BlockReadIops)]);
        Assert.Equal(1000, reading[("mail01/sdc", MetricCatalog.BlockWriteIops)]);
        Assert.Equal(16_384_000, reading[("mail01/sdc", MetricCatalog.BlockReadBytes)]);
        Assert.Equal(0.9, reading[("mail01/sdc", MetricCatalog.BlockUtilization)], 9);
        Assert.Equal(6, reading[("mail01/sdc", MetricCatalog.BlockQueueSize)], 9);
    }

    [Fact]
    public async Task ReadOnceAsync_HarvestMappingOnATakeover_GivesLoadHeadroomAndHaState()
    {
        using var source = Source(o => (o.InputFile, o.MappingFile) = (HarvestFixture, Mapping("netapp-harvest.json")));

        var reading = ByKey(await source.ReadOnceAsync(CancellationToken.None));

        const string taken = "cty-a/cty-a-01", survivor = "cty-a/cty-a-02";
        Assert.Equal(0, reading[(taken, MetricCatalog.ControllerUp)]);
        Assert.Equal(2, reading[(taken, MetricCatalog.ControllerHealth)]);
        Assert.Equal(0, reading[(taken, MetricCatalog.ControllerTakeover)]);
        Assert.Equal(1, reading[(survivor, MetricCatalog.ControllerUp)]);
        Assert.Equal(0, reading[(survivor, MetricCatalog.ControllerHealth)]);
        Assert.Equal(1, reading[(survivor, MetricCatalog.ControllerTakeover)]);
        Assert.Equal(23_800, reading[(survivor, MetricCatalog.ControllerIops)]);
        Assert.Equal(195_000_000, reading[(survivor, MetricCatalog.ControllerThroughput)]);
        Assert.Equal(0.0042005, reading[(survivor, MetricCatalog.ControllerLatency)], 12);
        Assert.Equal(0.965, reading[(survivor, MetricCatalog.ControllerUtilization)], 12);
        Assert.Equal(20_000, reading[(survivor, MetricCatalog.ControllerOptimalIops)]);
        Assert.Equal(0.88, reading[(survivor, MetricCatalog.ControllerDiskUtilization)], 12);
        Assert.Equal(15, reading.Count);
    }

    [Fact]
    public async Task ReadOnceAsync_OverHttpFromARealServer_Scrapes()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Text("/metrics", File.ReadAllText(HarvestFixture));
        using var source = Source(o => (o.Url, o.MappingFile) = ($"{server.BaseUri}/metrics", Mapping("netapp-harvest.json")));

        var reading = ByKey(await source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal(23_800, reading[("cty-a/cty-a-02", MetricCatalog.ControllerIops)]);
        Assert.True(_health.All["exporter"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_Exporter500_FailsNamingTheUrl()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Text("/metrics", "collector failed\n", 500);
        using var source = Source(o => (o.Url, o.MappingFile) = ($"{server.BaseUri}/metrics", Mapping("netapp-harvest.json")));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source exporter: GET {server.BaseUri}/metrics: 500 Internal Server Error", error.Message);
        Assert.False(_health.All["exporter"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_TruncatedExposition_FailsNamingTheLastLine()
    {
        // The real exposition cut in the middle of a line, as a dropped connection leaves it.
        var text = File.ReadAllText(NodeExporterFixture);
        var cut = text[..(text.IndexOf("node_fibrechannel_info{", StringComparison.Ordinal) + 40)];
        var scrape = _temp.Write("cut.prom", cut);
        using var source = Source(o => (o.InputFile, o.MappingFile) = (scrape, Mapping("node-exporter.json")));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        var line = cut.Count(c => c == '\n') + 1;
        Assert.Equal($"source exporter: {scrape} line {line}: the exposition ends without a line feed: it was cut short", error.Message);
    }

    [Fact]
    public async Task ReadOnceAsync_GarbageValue_FailsNamingTheLineAndTheValue()
    {
        var text = File.ReadAllText(NodeExporterFixture);
        const string good = "node_dmmultipath_device_paths{device=\"mpathA\",sysfs_name=\"dm-5\"} 4\n";
        var line = text[..text.IndexOf(good, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var scrape = _temp.Write("garbage.prom", text.Replace(good, good.Replace(" 4\n", " four\n", StringComparison.Ordinal), StringComparison.Ordinal));
        using var source = Source(o => (o.InputFile, o.MappingFile) = (scrape, Mapping("node-exporter.json")));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source exporter: {scrape} line {line}: node_dmmultipath_device_paths: value 'four' is not a number", error.Message);
    }

    [Fact]
    public void Validate_UnknownMappingTarget_NamesTheKeyInConfigAndTheRuleInAFile()
    {
        var file = _temp.Write("mapping.json", """{"rules": [{"match": "node_total_ops", "metric": "monitor_controller_iopz", "entity": "{cluster}/{node}"}]}""");
        var options = new ExporterOptions
        {
            Url = "http://127.0.0.1:12990/metrics",
            MappingFile = file,
            Rules = [new ExporterRule { Match = "node_disk_reads_completed_total", Metric = "monitor_disk_reads", Entity = "{$host}/{device}", Rate = true }],
        };

        var errors = options.Validate("Agent:Sources:Exporter").ToList();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"{file}: rules[0].metric = 'monitor_controller_iopz' is not valid: expected a metric of Monitor's catalog (", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Agent:Sources:Exporter:Rules:0:Metric = 'monitor_disk_reads' is not valid: expected a metric of Monitor's catalog (", errors[1], StringComparison.Ordinal);
        Assert.Throws<ConfigurationError>(() => Source(o => (o.Url, o.MappingFile) = ("http://127.0.0.1:1/metrics", file)));
    }

    [Fact]
    public void Validate_MappingFileWithTyposAndBadTemplates_SaysWhatIsExpected()
    {
        var typo = _temp.Write("typo.json", """{"rules": [{"match": "node_total_ops", "metrc": "monitor_controller_iops"}]}""");
        var bad = _temp.Write("bad.json", """{"rules": [{"match": "node total", "metric": "monitor_controller_iops", "entity": "{cluster/{node}", "labels": {"node": "~("}, "aggregate": "median"}]}""");

        var typoErrors = new ExporterOptions { MappingFile = typo, Url = "http://127.0.0.1:1/metrics" }.Validate("Agent:Sources:Exporter").ToList();
        var badErrors = new ExporterOptions { MappingFile = bad, Url = "http://127.0.0.1:1/metrics" }.Validate("Agent:Sources:Exporter").ToList();

        Assert.StartsWith($"{typo} line 1: The JSON property 'metrc' could not be mapped", Assert.Single(typoErrors), StringComparison.Ordinal);
        Assert.Contains(badErrors, e => e.StartsWith($"{bad}: rules[0].match = 'node total' is not valid", StringComparison.Ordinal));
        Assert.Contains(badErrors, e => e.StartsWith($"{bad}: rules[0].entity = '{{cluster/{{node}}' is not valid: expected a label name or $host between braces", StringComparison.Ordinal));
        Assert.Contains(badErrors, e => e.StartsWith($"{bad}: rules[0].labels:node = '~(' is not valid", StringComparison.Ordinal));
        Assert.Contains($"{bad}: rules[0].aggregate = 'median' is not valid: expected sum, min, max or avg", badErrors);
    }

    [Fact]
    public void AgentOptionsValidator_ExporterEnabledWithAnUnknownTarget_StopsTheAgentNamingTheKey()
    {
        var options = new AgentOptions();
        options.Sources.Of(ExporterScrape.Definition).Enabled = true;
        options.Sources.Of(ExporterScrape.Definition).Url = "http://127.0.0.1:12990/metrics";
        options.Sources.Of(ExporterScrape.Definition).Rules = [new ExporterRule { Match = "node_total_ops", Metric = "monitor_nope", Entity = "{cluster}/{node}" }];

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:Sources:Exporter:Rules:0:Metric = 'monitor_nope' is not valid", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("node-exporter.json")]
    [InlineData("netapp-harvest.json")]
    public void Validate_ShippedMappings_AreValid(string name)
    {
        var errors = new ExporterOptions { MappingFile = Mapping(name), Url = "http://127.0.0.1:9100/metrics" }.Validate("Agent:Sources:Exporter");

        Assert.Empty(errors);
    }

    [Fact]
    public async Task SampleCommand_ExporterOnTheRealExposition_PrintsMonitorMetrics()
    {
        var definition = SourceRegistry.Find("exporter")!;
        var options = new AgentOptions();
        options.Sources.Of(ExporterScrape.Definition).InputFile = NodeExporterFixture;
        options.Sources.Of(ExporterScrape.Definition).MappingFile = Mapping("node-exporter.json");
        var output = new StringWriter();

        var code = await SampleCommand.RunAsync(definition, options.Sources, new SourceContext("mail01", TimeProvider.System, _health, NullLoggerFactory.Instance, new AgentMetrics()),
            output, TextWriter.Null, CancellationToken.None, TimeSpan.Zero);

        Assert.Equal(0, code);
        Assert.Contains("monitor_multipath_active_paths{volume=\"mail01/mpathA\"} 3", output.ToString(), StringComparison.Ordinal);
    }
}
