using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Core.Signals;
using static Monitor.Agent.Tests.Sources.Storage.StorageSourceTests;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// Our storage sources against node_exporter on the same trees. We export rates, node_exporter
/// totals: each tree is read once with every counter zeroed and once as captured, a known time
/// apart, so our rate times that time must equal node_exporter's total.
/// </summary>
[Collection(StorageSourceTests.Name)]
public sealed class NodeExporterComparisonTests
{
    // A day: longer than any device's busy time in the captures, so utilisation stays under 1.
    private static readonly TimeSpan Apart = TimeSpan.FromDays(1);

    private static async Task<IReadOnlyList<Sample>> ZeroThenCapturedAsync(SysfsTree tree, Func<TimeProvider, PolledSource> create)
    {
        var captured = Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);
        tree.ZeroCounters();
        var clock = new FakeTimeProvider(Start);
        var source = create(clock);
        await source.ReadOnceAsync(CancellationToken.None);
        foreach (var (file, text) in captured)
        {
            File.WriteAllText(file, text);
        }

        clock.Advance(Apart);
        return (await source.ReadOnceAsync(CancellationToken.None)).Samples;
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: node_exporter {expected}, ours {actual}");

    [Theory]
    [InlineData("node_exporter")]
    [InlineData("prometheus-procfs/fixtures")]
    public async Task DiskStats_CapturedTree_AgreesWithNodeExporterOnEveryDevice(string fixture)
    {
        var root = Path.Combine(SysfsTree.Fixtures, fixture);
        var expected = await NodeExporter.ScrapeAsync(root, "diskstats");
        using var tree = new SysfsTree(root);
        var ours = ByKey(await ZeroThenCapturedAsync(tree, clock => new DiskStats(new DiskStatsOptions { Root = tree.Root, Exclude = "" }, Context(clock))));
        var seconds = Apart.TotalSeconds;

        var devices = expected.Keys.Where(k => k.StartsWith("node_disk_reads_completed_total{", StringComparison.Ordinal))
            .Select(k => k.Split('"')[1]).ToList();
        Assert.True(devices.Count > 40, $"node_exporter reported {devices.Count} devices");
        foreach (var device in devices)
        {
            double Theirs(string metric) => expected[$"node_disk_{metric}{{device=\"{device}\"}}"];
            var dmName = SysfsAttribute.ReadText(Path.Combine(root, "sys", "block", device, "dm", "name"));
            var entity = "mail01/" + (dmName ?? device);
            double Ours(string metric) => ours[(entity, metric)];

            Close(Theirs("reads_completed_total"), Ours(MetricCatalog.BlockReadIops) * seconds, $"{device} reads");
            Close(Theirs("writes_completed_total"), Ours(MetricCatalog.BlockWriteIops) * seconds, $"{device} writes");
            Close(Theirs("read_bytes_total"), Ours(MetricCatalog.BlockReadBytes) * seconds, $"{device} bytes read");
            Close(Theirs("written_bytes_total"), Ours(MetricCatalog.BlockWriteBytes) * seconds, $"{device} bytes written");
            Close(Theirs("io_time_seconds_total"), Ours(MetricCatalog.BlockUtilization) * seconds, $"{device} busy time");
            Close(Theirs("io_time_weighted_seconds_total"), Ours(MetricCatalog.BlockQueueSize) * seconds, $"{device} weighted time");
            var operations = Theirs("reads_completed_total") + Theirs("writes_completed_total");
            if (operations > 0)
            {
                Close((Theirs("read_time_seconds_total") + Theirs("write_time_seconds_total")) / operations, Ours(MetricCatalog.BlockAwait), $"{device} await");
                Close((Theirs("read_bytes_total") + Theirs("written_bytes_total")) / operations, Ours(MetricCatalog.BlockMeanIoSize), $"{device} mean I/O size");
            }
            else
            {
                Assert.False(ours.ContainsKey((entity, MetricCatalog.BlockMeanIoSize)), $"{device}: no I/O, yet a mean size");
            }
        }
    }

    public static TheoryData<string> FcTrees => ["node_exporter", "prometheus-procfs/fixtures", "issue570"];

    [Theory]
    [MemberData(nameof(FcTrees))]
    public async Task FcHost_CapturedTree_AgreesWithNodeExporterOnStateSpeedAndCounters(string fixture)
    {
        using var tree = new SysfsTree(fixture == "issue570" ? null : Path.Combine(SysfsTree.Fixtures, fixture));
        if (fixture == "issue570")
        {
            CaptureTree.FromGrep(Path.Combine(SysfsTree.Fixtures, "fc_host-real-captures", "node_exporter_issue570_host3_grep.txt"), tree);
        }

        // node_exporter 1.5.0 (Debian 12) gives up on the whole collector when a port lacks any of
        // these attributes; the captures' host1 and the issue's grep lack them. They are filled
        // with placeholder text: neither side turns them into numbers.
        foreach (var host in Directory.GetDirectories(tree.PathOf("/sys/class/fc_host")))
        {
            foreach (var attribute in new[] { "port_name", "port_type", "supported_classes", "node_name", "supported_speeds", "symbolic_name", "dev_loss_tmo", "port_id", "fabric_name", "speed" })
            {
                if (!File.Exists(Path.Combine(host, attribute)))
                {
                    File.WriteAllText(Path.Combine(host, attribute), attribute == "dev_loss_tmo" ? "30\n" : attribute == "speed" ? "unknown\n" : "0x0\n");
                }
            }
        }

        var expected = await NodeExporter.ScrapeAsync(tree.Root, "fibrechannel");
        Assert.Equal(1, expected["node_scrape_collector_success{collector=\"fibrechannel\"}"]);
        var ours = ByKey(await ZeroThenCapturedAsync(tree, clock => new FcHost(new FcHostOptions { Root = tree.Root }, Context(clock))));

        var counters = new (string Theirs, string Ours)[]
        {
            ("link_failure_total", MetricCatalog.FcLinkFailures), ("loss_of_sync_total", MetricCatalog.FcLossOfSync),
            ("loss_of_signal_total", MetricCatalog.FcLossOfSignal), ("invalid_crc_total", MetricCatalog.FcInvalidCrc),
            ("invalid_tx_words_total", MetricCatalog.FcInvalidTxWords), ("error_frames_total", MetricCatalog.FcErrorFrames),
        };
        var hosts = Directory.GetDirectories(tree.PathOf("/sys/class/fc_host")).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(hosts);
        foreach (var host in hosts)
        {
            var entity = $"mail01/{host}";
            foreach (var (theirs, metric) in counters)
            {
                var present = expected.TryGetValue($"node_fibrechannel_{theirs}{{fc_host=\"{host}\"}}", out var total);
                Assert.Equal(present, ours.ContainsKey((entity, metric)));
                if (present)
                {
                    Close(total, ours[(entity, metric)] * Apart.TotalSeconds, $"{host} {theirs}");
                }
            }

            var info = expected.Keys.Single(k => k.StartsWith("node_fibrechannel_info{", StringComparison.Ordinal) && k.Contains($"fc_host=\"{host}\"", StringComparison.Ordinal));
            Assert.Equal(Label(info, "port_state") == "Online" ? 1 : 0, ours[(entity, MetricCatalog.FcPortUp)]);
            Assert.Equal(FcHost.ParseSpeed(Label(info, "speed"), "speed"), ours.TryGetValue((entity, MetricCatalog.FcPortSpeed), out var speed) ? speed : null);
        }
    }

    [Fact]
    public async Task FcHost_NodeExporterCapture_AgreesWithNodeExportersOwnExpectedOutput()
    {
        // expected_fibrechannel_dmmultipath_metrics.prom: a newer node_exporter's golden output for this tree.
        var expected = NodeExporter.Parse(File.ReadAllText(Path.Combine(SysfsTree.NodeExporterFixture, "expected_fibrechannel_dmmultipath_metrics.prom")));
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        var ours = ByKey(await ZeroThenCapturedAsync(tree, clock => new FcHost(new FcHostOptions { Root = tree.Root }, Context(clock))));

        var compared = 0;
        foreach (var (series, total) in expected.Where(e => e.Key.StartsWith("node_fibrechannel_", StringComparison.Ordinal)))
        {
            var metric = series[..series.IndexOf('{', StringComparison.Ordinal)] switch
            {
                "node_fibrechannel_link_failure_total" => MetricCatalog.FcLinkFailures,
                "node_fibrechannel_loss_of_sync_total" => MetricCatalog.FcLossOfSync,
                "node_fibrechannel_loss_of_signal_total" => MetricCatalog.FcLossOfSignal,
                "node_fibrechannel_invalid_crc_total" => MetricCatalog.FcInvalidCrc,
                "node_fibrechannel_invalid_tx_words_total" => MetricCatalog.FcInvalidTxWords,
                "node_fibrechannel_error_frames_total" => MetricCatalog.FcErrorFrames,
                _ => null,
            };
            if (metric is not null)
            {
                Close(total, ours[($"mail01/{Label(series, "fc_host")}", metric)] * Apart.TotalSeconds, series);
                compared++;
            }
        }

        Assert.Equal(12, compared);
        // The same twelve and no more: each port's unsupported counter is absent on both sides.
        Assert.Equal(12, ours.Count(o => o.Key.Metric.EndsWith("_per_second", StringComparison.Ordinal) && o.Key.Metric != MetricCatalog.FcPortSpeed));
    }

    [Fact]
    public async Task MultipathFallback_NodeExporterCapture_AgreesWithNodeExportersExpectedDmMultipathOutput()
    {
        // Debian's node_exporter 1.5.0 has no dmmultipath collector: this compares with the newer
        // one's golden output. The capture lost dm-N/slaves/ (symlinks on a live host); they are
        // linked again from the path devices that output names.
        var expected = NodeExporter.Parse(File.ReadAllText(Path.Combine(SysfsTree.NodeExporterFixture, "expected_fibrechannel_dmmultipath_metrics.prom")));
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        foreach (var (map, slaves) in new[] { ("dm-5", new[] { "sdi", "sdj", "sdk", "sdl" }), ("dm-6", new[] { "sdm", "sdn" }) })
        {
            foreach (var slave in slaves)
            {
                tree.Symlink($"/sys/block/{map}/slaves/{slave}", $"../../{slave}");
            }
        }

        var options = new MultipathOptions { Root = tree.Root, Command = tree.PathOf("/no-multipathd") };
        var samples = (await new Multipath(options, Context(new FakeTimeProvider(Start))).ReadOnceAsync(CancellationToken.None)).Samples;
        var ours = ByKey(samples);

        foreach (var map in new[] { "mpathA", "mpathB" })
        {
            var dm = map == "mpathA" ? "dm-5" : "dm-6";
            Assert.Equal(expected[$"node_dmmultipath_device_paths{{device=\"{map}\",sysfs_name=\"{dm}\"}}"], ours[($"mail01/{map}", MetricCatalog.MultipathPaths)]);
            Assert.Equal(expected[$"node_dmmultipath_device_paths_active{{device=\"{map}\",sysfs_name=\"{dm}\"}}"], ours[($"mail01/{map}", MetricCatalog.MultipathActivePaths)]);
        }

        var states = expected.Keys.Where(k => k.StartsWith("node_dmmultipath_path_state{", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, states.Count);
        foreach (var state in states)
        {
            Assert.Equal(Label(state, "state") == "running" ? 1 : 0, ours[($"mail01/{Label(state, "path")}", MetricCatalog.PathUp)]);
        }
    }

    private static string Label(string series, string label)
    {
        var start = series.IndexOf(label + "=\"", StringComparison.Ordinal) + label.Length + 2;
        return series[start..series.IndexOf('"', start)];
    }
}
