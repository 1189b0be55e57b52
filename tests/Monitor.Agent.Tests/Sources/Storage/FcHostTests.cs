using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Core.Events;
using Monitor.Core.Signals;
using static Monitor.Agent.Tests.Sources.Storage.StorageSourceTests;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>The FC HBA port source on real captures and on the kernel's every port state.</summary>
[Collection(StorageSourceTests.Name)]
public sealed class FcHostTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static (FcHost Source, FakeTimeProvider Clock) Create(SysfsTree tree)
    {
        var clock = new FakeTimeProvider(Start);
        return (new FcHost(new FcHostOptions { Root = tree.Root }, Context(clock)), clock);
    }

    private static async Task<IReadOnlyList<Sample>> ZeroThenCaptureAsync(string fixture)
    {
        using var tree = new SysfsTree(fixture);
        var statistics = Directory.EnumerateFiles(tree.PathOf("/sys/class/fc_host"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.ReadAllText);
        tree.ZeroCounters();
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        foreach (var (file, text) in statistics)
        {
            File.WriteAllText(file, text);
        }

        clock.Advance(Interval);
        return (await source.ReadOnceAsync(CancellationToken.None)).Samples;
    }

    [Fact]
    public async Task ReadOnceAsync_NodeExporterCapture_ReportsStateAndSpeedAtOnceAndNoRatesYet()
    {
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        var (source, _) = Create(tree);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(1, samples[("mail01/host0", MetricCatalog.FcPortUp)]);
        Assert.Equal(0, samples[("mail01/host0", MetricCatalog.FcPortMarginal)]);
        Assert.Equal(16e9, samples[("mail01/host0", MetricCatalog.FcPortSpeed)]);
        Assert.Equal(8e9, samples[("mail01/host1", MetricCatalog.FcPortSpeed)]);
        Assert.Equal(1, samples[("mail01/host1", MetricCatalog.FcPortUp)]);
        Assert.Equal(6, samples.Count); // up, marginal and speed of each port; counters need a second read
    }

    [Fact]
    public async Task ReadOnceAsync_NodeExporterCaptureCountersGrowFromZero_ReportsEachAsARate()
    {
        var samples = ByKey(await ZeroThenCaptureAsync(SysfsTree.NodeExporterFixture));

        Assert.Equal(0x9 / 15.0, samples[("mail01/host0", MetricCatalog.FcLinkFailures)], 12);
        Assert.Equal(0x10 / 15.0, samples[("mail01/host0", MetricCatalog.FcLossOfSync)], 12);
        Assert.Equal(0x11 / 15.0, samples[("mail01/host0", MetricCatalog.FcLossOfSignal)], 12);
        Assert.Equal(0x2 / 15.0, samples[("mail01/host0", MetricCatalog.FcInvalidCrc)], 12);
        Assert.Equal(0x8 / 15.0, samples[("mail01/host0", MetricCatalog.FcInvalidTxWords)], 12);
        Assert.Equal(0, samples[("mail01/host0", MetricCatalog.FcErrorFrames)]);
        Assert.Equal(0x13 / 15.0, samples[("mail01/host1", MetricCatalog.FcErrorFrames)], 12);
        Assert.Equal(0x90 / 15.0, samples[("mail01/host1", MetricCatalog.FcLinkFailures)], 12);
    }

    [Fact]
    public async Task ReadOnceAsync_UnsupportedCounter_HasNoSample()
    {
        // procfs' capture: host1's error_frames is 0xffffffffffffffff, the kernel's "not supported".
        var samples = await ZeroThenCaptureAsync(SysfsTree.ProcfsFixture);

        Assert.DoesNotContain(samples, s => s.Entity == "mail01/host1" && s.Metric == MetricCatalog.FcErrorFrames);
        Assert.Contains(samples, s => s.Entity == "mail01/host0" && s.Metric == MetricCatalog.FcErrorFrames);
        Assert.Equal(0x20 / 15.0, Value(samples, "mail01/host1", MetricCatalog.FcInvalidCrc), 12);
    }

    [Fact]
    public async Task ReadOnceAsync_RealEmulexCapture_ReadsStateSpeedAndLinkFailures()
    {
        // node_exporter issue 570: `grep` of a live Emulex 8G host3, turned back into files.
        using var tree = new SysfsTree();
        CaptureTree.FromGrep(Path.Combine(SysfsTree.Fixtures, "fc_host-real-captures", "node_exporter_issue570_host3_grep.txt"), tree);
        var (source, clock) = Create(tree);
        var first = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);
        tree.Write("/sys/class/fc_host/host3/statistics/link_failure_count", "0x4\n");
        tree.Write("/sys/class/fc_host/host3/statistics/seconds_since_last_reset", "0x20f50a\n");
        clock.Advance(Interval);

        var second = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(1, first[("mail01/host3", MetricCatalog.FcPortUp)]);
        Assert.Equal(8e9, first[("mail01/host3", MetricCatalog.FcPortSpeed)]);
        Assert.Equal(3 / 15.0, second[("mail01/host3", MetricCatalog.FcLinkFailures)], 12);
        Assert.Equal(0, second[("mail01/host3", MetricCatalog.FcInvalidCrc)]);
    }

    [Fact]
    public async Task ReadOnceAsync_PortNameChanges_IsAChangeEventOnThePort()
    {
        // cfg2html issue 123: `systool -c fc_host -v` of a live host3, turned back into files.
        using var tree = new SysfsTree();
        CaptureTree.FromSystool(Path.Combine(SysfsTree.Fixtures, "fc_host-real-captures", "cfg2html_issue123_systool_fc_host3.txt"), tree);
        var (source, clock) = Create(tree);
        var first = await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/sys/class/fc_host/host3/port_name", "0x10000000c9b26a00\n");
        clock.Advance(Interval);

        var second = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(first.Events);
        Assert.Equal(8e9, Value(first.Samples, "mail01/host3", MetricCatalog.FcPortSpeed));
        var change = Assert.Single(second.Events);
        Assert.Equal((SiteEventKind.Change, "mail01/host3"), (change.Kind, change.Entity));
        Assert.Equal("host3: port name (WWPN) changed from 0x10000000c9b269f5 to 0x10000000c9b26a00: HBA replaced or reconfigured", change.Text);
    }

    [Theory]
    [InlineData("Online", 1, 0)]
    [InlineData("Marginal", 1, 1)]
    [InlineData("Offline", 0, 0)]
    [InlineData("Blocked", 0, 0)]
    [InlineData("Bypassed", 0, 0)]
    [InlineData("Diagnostics", 0, 0)]
    [InlineData("Linkdown", 0, 0)]
    [InlineData("Error", 0, 0)]
    [InlineData("Loopback", 0, 0)]
    [InlineData("Deleted", 0, 0)]
    [InlineData("NotPresent", 0, 0)]
    public async Task ReadOnceAsync_EveryKernelPortState_MapsToUpAndMarginal(string state, double up, double marginal)
    {
        using var tree = new SysfsTree();
        tree.Write("/sys/class/fc_host/host5/port_state", state + "\n");
        var (source, _) = Create(tree);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(up, samples[("mail01/host5", MetricCatalog.FcPortUp)]);
        Assert.Equal(marginal, samples[("mail01/host5", MetricCatalog.FcPortMarginal)]);
    }

    [Fact]
    public async Task ReadOnceAsync_PortStateUnknown_ReportsNothingRatherThanAGuess()
    {
        using var tree = new SysfsTree();
        tree.Write("/sys/class/fc_host/host5/port_state", "Unknown\n");
        tree.Write("/sys/class/fc_host/host5/speed", "unknown\n");
        var (source, _) = Create(tree);

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(reading.Samples);
    }

    [Theory]
    [InlineData("8 Gbit", 8e9)]
    [InlineData("16 Gbit", 16e9)]
    [InlineData("32 Gbit", 32e9)]
    [InlineData("unknown", null)]
    [InlineData("Not Negotiated", null)]
    public void ParseSpeed_KernelSpellings_GiveBitsPerSecond(string text, double? expected)
    {
        Assert.Equal(expected, FcHost.ParseSpeed(text, "speed"));
    }

    [Fact]
    public void ParseSpeed_Garbage_NamesTheFile()
    {
        var error = Assert.Throws<InvalidDataException>(() => FcHost.ParseSpeed("fast", "/sys/class/fc_host/host0/speed"));

        Assert.Equal("/sys/class/fc_host/host0/speed: 'fast' is not a port speed (expected e.g. '8 Gbit', '16 Gbit' or 'unknown')", error.Message);
    }

    [Fact]
    public async Task ReadOnceAsync_FpinCountersPresent_AreRates()
    {
        using var tree = new SysfsTree();
        tree.Write("/sys/class/fc_host/host12/port_state", "Marginal\n");
        foreach (var (file, value) in new[] { ("fpin_li", "0x9"), ("fpin_cn", "0x0"), ("fpin_dn", "0x1") })
        {
            tree.Write($"/sys/class/fc_host/host12/statistics/{file}", value + "\n");
        }

        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/sys/class/fc_host/host12/statistics/fpin_li", "0x27\n");
        tree.Write("/sys/class/fc_host/host12/statistics/fpin_cn", "0xf\n");
        clock.Advance(Interval);

        var samples = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.Equal(2, samples[("mail01/host12", MetricCatalog.FcFpinLinkIntegrity)], 12);
        Assert.Equal(1, samples[("mail01/host12", MetricCatalog.FcFpinCongestion)], 12);
        Assert.Equal(0, samples[("mail01/host12", MetricCatalog.FcFpinDelivery)]);
        Assert.Equal(1, samples[("mail01/host12", MetricCatalog.FcPortMarginal)]);
    }

    [Fact]
    public async Task ReadOnceAsync_StatisticsReset_ReportsNoRatesThatRead()
    {
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        // reset_statistics: every counter back near zero, seconds_since_last_reset too.
        tree.Write("/sys/class/fc_host/host0/statistics/seconds_since_last_reset", "0x2\n");
        tree.Write("/sys/class/fc_host/host0/statistics/link_failure_count", "0x9\n");
        clock.Advance(Interval);

        var samples = (await source.ReadOnceAsync(CancellationToken.None)).Samples;

        Assert.DoesNotContain(samples, s => s.Entity == "mail01/host0" && s.Metric == MetricCatalog.FcLinkFailures);
        Assert.Contains(samples, s => s.Entity == "mail01/host1" && s.Metric == MetricCatalog.FcLinkFailures);
    }

    [Fact]
    public async Task ReadOnceAsync_RemotePorts_ReportTargetsUpOrDownAndSkipOtherInitiators()
    {
        // The captures have no fc_remote_ports: this tree is built here, in the kernel's spelling.
        using var tree = new SysfsTree();
        tree.Write("/sys/class/fc_host/host3/port_state", "Online\n");
        var rports = new[]
        {
            ("rport-3:0-1", "Online", "FCP Target"),
            ("rport-3:0-2", "Blocked", "FCP Target"),
            ("rport-3:0-3", "Online", "FCP Initiator"),
            ("rport-3:0-4", "NotPresent", "unknown"),
            ("rport-3:0-5", "Marginal", "FCP Target, NVMe Target"),
        };
        foreach (var (name, state, roles) in rports)
        {
            tree.Write($"/sys/class/fc_remote_ports/{name}/port_state", state + "\n");
            tree.Write($"/sys/class/fc_remote_ports/{name}/roles", roles + "\n");
        }

        var (source, _) = Create(tree);

        var samples = (await source.ReadOnceAsync(CancellationToken.None)).Samples.Where(s => s.Metric == MetricCatalog.FcRemotePortUp);

        Assert.Equal(
            [("mail01/rport-3:0-1", 1.0), ("mail01/rport-3:0-2", 0.0), ("mail01/rport-3:0-4", 0.0), ("mail01/rport-3:0-5", 1.0)],
            samples.Select(s => (s.Entity, s.Value)).OrderBy(s => s.Entity, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadOnceAsync_NoFcHostClass_FailsNamingTheFolder()
    {
        using var tree = new SysfsTree();
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source fchost: {tree.PathOf("/sys/class/fc_host")}: not found (no FC HBA driver loaded, or the wrong Root)", error.Message);
        Assert.Equal(0, SourceUp("fchost"));
    }

    [Fact]
    public async Task ReadOnceAsync_PortStateMissing_FailsNamingTheFile()
    {
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        tree.Delete("/sys/class/fc_host/host1/port_state");
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source fchost: {tree.PathOf("/sys/class/fc_host/host1/port_state")}: not found", error.Message);
        Assert.Equal(0, SourceUp("fchost"));
    }

    [Fact]
    public async Task ReadOnceAsync_GarbagePortState_FailsListingTheKernelStates()
    {
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        tree.Write("/sys/class/fc_host/host0/port_state", "Onli\n");
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal(
            $"source fchost: {tree.PathOf("/sys/class/fc_host/host0/port_state")}: 'Onli' is not a port state (expected one of Unknown, NotPresent, Online, Offline, Blocked, Bypassed, Diagnostics, Linkdown, Error, Loopback, Deleted, Marginal)",
            error.Message);
        Assert.Equal(0, SourceUp("fchost"));
    }

    [Fact]
    public async Task ReadOnceAsync_GarbageCounter_FailsNamingTheFile()
    {
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        tree.Write("/sys/class/fc_host/host0/statistics/invalid_crc_count", "0x2g\n");
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal(
            $"source fchost: {tree.PathOf("/sys/class/fc_host/host0/statistics/invalid_crc_count")}: '0x2g' is not a hexadecimal counter (expected e.g. 0x1f)",
            error.Message);
        Assert.Equal(0, SourceUp("fchost"));
    }

    [Fact]
    public async Task SampleCommand_NodeExporterCapture_PrintsPortsAndRates()
    {
        var output = new StringWriter();
        var command = CommandLine.Parse(["sample", "fchost", "--root", SysfsTree.NodeExporterFixture, "--Agent:Host=mail01"]);

        var code = await AgentApplication.SampleAsync(command, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("monitor_fc_port_up{port=\"mail01/host0\"} 1 ", text, StringComparison.Ordinal);
        Assert.Contains("monitor_fc_port_speed_bits_per_second{port=\"mail01/host0\"} 16000000000 ", text, StringComparison.Ordinal);
        Assert.Contains("monitor_fc_port_link_failures_per_second{port=\"mail01/host1\"} 0 ", text, StringComparison.Ordinal);
    }
}
