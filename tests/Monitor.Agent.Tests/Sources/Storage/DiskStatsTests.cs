using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Core.Events;
using Monitor.Core.Signals;
using static Monitor.Agent.Tests.Sources.Storage.StorageSourceTests;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>The block-device source: rates, device-mapper names, wraps, resets and bad input.</summary>
[Collection(StorageSourceTests.Name)]
public sealed class DiskStatsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static string Line(string name, ulong reads, ulong sectorsRead, ulong timeReading, ulong writes, ulong sectorsWritten, ulong timeWriting, ulong busy, ulong weighted, int minor = 32) =>
        $"   8      {minor} {name} {reads} 0 {sectorsRead} {timeReading} {writes} 0 {sectorsWritten} {timeWriting} 0 {busy} {weighted}\n";

    private static (DiskStats Source, FakeTimeProvider Clock) Create(SysfsTree tree, string exclude = "", string include = "")
    {
        var clock = new FakeTimeProvider(Start);
        return (new DiskStats(new DiskStatsOptions { Root = tree.Root, Exclude = exclude, Include = include }, Context(clock)), clock);
    }

    private static async Task<SourceReading> NextAsync(DiskStats source, FakeTimeProvider clock)
    {
        clock.Advance(Interval);
        return await source.ReadOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ReadOnceAsync_FirstRead_ReportsNoRatesYet()
    {
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        var (source, _) = Create(tree);

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(reading.Samples);
        Assert.Equal(1, SourceUp("diskstats"));
    }

    [Fact]
    public async Task ReadOnceAsync_CountersGrow_ReportsEveryFigurePerDevice()
    {
        using var tree = new SysfsTree();
        tree.Write("/proc/diskstats", Line("sdc", 1000, 8000, 500, 500, 80000, 1500, 10000, 20000));
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        // 15 s later: 1500 reads of 12000 sectors, 750 writes of 96000 sectors, busy half the time.
        tree.Write("/proc/diskstats", Line("sdc", 2500, 20000, 3500, 1250, 176000, 3000, 17500, 50000));

        var samples = (await NextAsync(source, clock)).Samples;

        var sdc = ByKey(samples);
        Assert.Equal(100, sdc[("mail01/sdc", MetricCatalog.BlockReadIops)], 9);
        Assert.Equal(50, sdc[("mail01/sdc", MetricCatalog.BlockWriteIops)], 9);
        Assert.Equal(12000 * 512 / 15.0, sdc[("mail01/sdc", MetricCatalog.BlockReadBytes)], 9);
        Assert.Equal(96000 * 512 / 15.0, sdc[("mail01/sdc", MetricCatalog.BlockWriteBytes)], 9);
        Assert.Equal(0.002, sdc[("mail01/sdc", MetricCatalog.BlockAwait)], 12);
        Assert.Equal(0.5, sdc[("mail01/sdc", MetricCatalog.BlockUtilization)], 12);
        Assert.Equal(2, sdc[("mail01/sdc", MetricCatalog.BlockQueueSize)], 12);
        Assert.Equal((12000 + 96000) * 512 / 2250.0, sdc[("mail01/sdc", MetricCatalog.BlockMeanIoSize)], 9);
        Assert.Equal(8, samples.Count);
    }

    [Fact]
    public async Task ReadOnceAsync_NoIoInTheInterval_ReportsZeroRatesButNoAwaitOrMeanSize()
    {
        using var tree = new SysfsTree();
        tree.Write("/proc/diskstats", Line("sdc", 1000, 8000, 500, 500, 80000, 1500, 10000, 20000));
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);

        var samples = (await NextAsync(source, clock)).Samples;

        Assert.Equal(0, Value(samples, "mail01/sdc", MetricCatalog.BlockReadIops));
        Assert.DoesNotContain(samples, s => s.Metric is MetricCatalog.BlockAwait or MetricCatalog.BlockMeanIoSize);
    }

    [Fact]
    public async Task ReadOnceAsync_ThirtyTwoBitTimeFieldWraps_CountsTheIncreaseAcrossTheWrap()
    {
        using var tree = new SysfsTree();
        tree.Write("/proc/diskstats", Line("sdc", 1000, 8000, 4294967000, 500, 80000, 1500, 4294967200, 4294967000));
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/proc/diskstats", Line("sdc", 1100, 8800, 704, 500, 80000, 1500, 7400, 14704));

        var samples = ByKey((await NextAsync(source, clock)).Samples);

        // time reading: 4294967000 -> 704 is +1000 ms over 100 reads; busy +7496 ms; weighted +15000 ms.
        Assert.Equal(0.010, samples[("mail01/sdc", MetricCatalog.BlockAwait)], 12);
        Assert.Equal(7496 / 15000.0, samples[("mail01/sdc", MetricCatalog.BlockUtilization)], 12);
        Assert.Equal(1, samples[("mail01/sdc", MetricCatalog.BlockQueueSize)], 12);
    }

    [Fact]
    public async Task ReadOnceAsync_SixtyFourBitCounterGoesDown_TreatsItAsAResetAndReportsNothingThatRead()
    {
        using var tree = new SysfsTree();
        tree.Write("/proc/diskstats", Line("sdc", 5_000_000_000, 8000, 500, 500, 80000, 1500, 10000, 20000));
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/proc/diskstats", Line("sdc", 10, 80, 5, 5, 800, 15, 100, 200));

        var afterReset = await NextAsync(source, clock);
        tree.Write("/proc/diskstats", Line("sdc", 160, 1280, 5, 5, 800, 15, 100, 200));
        var next = await NextAsync(source, clock);

        Assert.Empty(afterReset.Samples);
        Assert.Equal(10, Value(next.Samples, "mail01/sdc", MetricCatalog.BlockReadIops), 9);
    }

    [Fact]
    public async Task ReadOnceAsync_DeviceDisappearsAndComesBack_StartsAfreshWithoutAMadeUpRate()
    {
        using var tree = new SysfsTree();
        var sdb = Line("sdb", 100, 800, 10, 0, 0, 0, 10, 10, minor: 16);
        tree.Write("/proc/diskstats", sdb + Line("sdc", 1000, 8000, 500, 500, 80000, 1500, 10000, 20000));
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);

        tree.Write("/proc/diskstats", sdb);
        var gone = await NextAsync(source, clock);
        tree.Write("/proc/diskstats", sdb + Line("sdc", 10, 80, 5, 5, 800, 15, 100, 200));
        var back = await NextAsync(source, clock);
        tree.Write("/proc/diskstats", sdb + Line("sdc", 40, 80, 5, 5, 800, 15, 100, 200));
        var later = await NextAsync(source, clock);

        Assert.DoesNotContain(gone.Samples, s => s.Entity == "mail01/sdc");
        Assert.Contains(gone.Samples, s => s.Entity == "mail01/sdb");
        Assert.DoesNotContain(back.Samples, s => s.Entity == "mail01/sdc");
        Assert.Equal(2, Value(later.Samples, "mail01/sdc", MetricCatalog.BlockReadIops), 9);
    }

    [Fact]
    public async Task ReadOnceAsync_OtherDeviceNumberUnderTheSameName_StartsAfresh()
    {
        using var tree = new SysfsTree();
        tree.Write("/proc/diskstats", Line("sdc", 1000, 8000, 500, 500, 80000, 1500, 10000, 20000, minor: 32));
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/proc/diskstats", Line("sdc", 2000, 8000, 500, 500, 80000, 1500, 10000, 20000, minor: 48));

        var samples = (await NextAsync(source, clock)).Samples;

        Assert.Empty(samples);
    }

    [Fact]
    public async Task ReadOnceAsync_DeviceMapperMaps_AreNamedByTheirMapNameAndPathDevicesByTheirOwn()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        var before = tree.Read("/proc/diskstats");
        tree.ZeroCounters();
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/proc/diskstats", before);

        var samples = (await NextAsync(source, clock)).Samples;

        // procfs' capture: dm-1 is mpathA (slaves sdb, sdc), dm-2 is mpathB; dm-0 has no dm/ folder.
        var devices = samples.Select(s => s.Entity).ToHashSet();
        Assert.Contains("mail01/mpathA", devices);
        Assert.Contains("mail01/mpathB", devices);
        Assert.Contains("mail01/dm-0", devices);
        Assert.Contains("mail01/sdb", devices);
        Assert.Contains("mail01/sdc", devices);
        Assert.DoesNotContain("mail01/dm-1", devices);
        Assert.Equal(388 / 15.0, Value(samples, "mail01/mpathA", MetricCatalog.BlockReadIops), 9);
    }

    [Fact]
    public async Task ReadOnceAsync_MultipathMapLosesAPathDevice_IsATimelineEvent()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Delete("/sys/block/dm-1/slaves/sdc");

        var reading = await NextAsync(source, clock);

        var change = Assert.Single(reading.Events);
        Assert.Equal(SiteEventKind.Log, change.Kind);
        Assert.Equal("mail01/mpathA", change.Entity);
        Assert.Equal("mpathA: path devices now sdb (were sdb, sdc)", change.Text);
    }

    [Fact]
    public async Task ReadOnceAsync_DefaultOptions_LeaveOutLoopRamAndZramDevices()
    {
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        var clock = new FakeTimeProvider(Start);
        var source = new DiskStats(new DiskStatsOptions { Root = tree.Root }, Context(clock));
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/proc/diskstats", tree.Read("/proc/diskstats") + "253 0 zram0 1 0 8 0 0 0 0 0 0 0 0\n");

        var samples = (await NextAsync(source, clock)).Samples;

        Assert.DoesNotContain(samples, s => s.Entity is "mail01/ram0" or "mail01/loop7" or "mail01/zram0");
        Assert.Contains(samples, s => s.Entity == "mail01/sda");
    }

    [Fact]
    public async Task ReadOnceAsync_IncludeByMapName_ReadsOnlyThoseMaps()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        var (source, clock) = Create(tree, include: "^mpath");
        await source.ReadOnceAsync(CancellationToken.None);

        var samples = (await NextAsync(source, clock)).Samples;

        Assert.Equal(["mail01/mpathA", "mail01/mpathB"], samples.Select(s => s.Entity).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadOnceAsync_MissingDiskstats_FailsNamingTheFileAndSuccessGoesToZero()
    {
        using var tree = new SysfsTree();
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source diskstats: {tree.PathOf("/proc/diskstats")}: not found", error.Message);
        Assert.Equal(0, SourceUp("diskstats"));
    }

    [Fact]
    public async Task ReadOnceAsync_TruncatedLine_FailsNamingFileAndLineAndSuccessGoesToZero()
    {
        using var tree = new SysfsTree(SysfsTree.NodeExporterFixture);
        var lines = File.ReadAllLines(tree.PathOf("/proc/diskstats"));
        lines[24] = lines[24][..30]; // sda, cut mid-line
        File.WriteAllLines(tree.PathOf("/proc/diskstats"), lines);
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.StartsWith($"source diskstats: {tree.PathOf("/proc/diskstats")} line 25: 5 fields, expected 14, 18 or 20", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, SourceUp("diskstats"));
    }

    [Fact]
    public async Task ReadOnceAsync_GarbageValue_FailsNamingTheFieldAndSuccessGoesToZero()
    {
        using var tree = new SysfsTree();
        tree.Write("/proc/diskstats", "   8 32 sdc 126552 141 1657779 14 11822 1895 17z905 1007 0 10730 17070\n");
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source diskstats: {tree.PathOf("/proc/diskstats")} line 1 (sdc): field 10 (sectors written) = '17z905' is not a whole number", error.Message);
        Assert.Equal(0, SourceUp("diskstats"));
    }

    [Fact]
    public async Task ReadOnceAsync_BadLineAfterGoodOnes_NextGoodReadRatesSpanBothIntervals()
    {
        using var tree = new SysfsTree();
        tree.Write("/proc/diskstats", Line("sdc", 1000, 8000, 500, 500, 80000, 1500, 10000, 20000));
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        // sdc's line comes before the bad one: its counters must not become the baseline of a read
        // that failed, or the next rates would count 30 s of I/O over 15.
        tree.Write("/proc/diskstats", Line("sdc", 2500, 20000, 3500, 1250, 176000, 3000, 17500, 50000) + "   8 48 sdd 1 2\n");
        await Assert.ThrowsAsync<SourceReadException>(() => NextAsync(source, clock));
        tree.Write("/proc/diskstats", Line("sdc", 4000, 32000, 6500, 2000, 272000, 4500, 25000, 80000));

        var sdc = ByKey((await NextAsync(source, clock)).Samples);

        // 3000 reads in the 30 s since the last good read.
        Assert.Equal(100, sdc[("mail01/sdc", MetricCatalog.BlockReadIops)], 9);
        Assert.Equal(0.5, sdc[("mail01/sdc", MetricCatalog.BlockUtilization)], 12);
        Assert.Equal(1, SourceUp("diskstats"));
    }

    [Fact]
    public async Task ReadOnceAsync_FileLargerThanOneBuffer_ReadsEveryDevice()
    {
        using var tree = new SysfsTree();
        // 600 devices of about 70 bytes: 42 KB, past the 16 KiB first buffer twice.
        var names = Enumerable.Range(0, 600).Select(i => $"sd{(char)('a' + (i / 26 % 26))}{(char)('a' + (i % 26))}{i / 676}").ToList();
        tree.Write("/proc/diskstats", string.Concat(names.Select((n, i) => Line(n, 1000, 8000, 500, 500, 80000, 1500, 10000, 20000, minor: i))));
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write("/proc/diskstats", string.Concat(names.Select((n, i) => Line(n, 2500, 20000, 3500, 1250, 176000, 3000, 17500, 50000, minor: i))));

        var samples = (await NextAsync(source, clock)).Samples;

        Assert.Equal(600 * 8, samples.Count);
        Assert.Equal(names.Select(n => "mail01/" + n).Order(StringComparer.Ordinal), samples.Select(s => s.Entity).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Include", "(")]
    [InlineData("Exclude", "[a-")]
    public void Validate_NotARegularExpression_NamesTheKey(string key, string value)
    {
        var options = new DiskStatsOptions();
        typeof(DiskStatsOptions).GetProperty(key)!.SetValue(options, value);

        var message = Assert.Single(options.Validate("Agent:Sources:DiskStats"));

        Assert.StartsWith($"Agent:Sources:DiskStats:{key} = '{value}' is not valid: expected a regular expression", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleCommand_NodeExporterCapture_PrintsDevicesUnderTheirOperatorNames()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var command = CommandLine.Parse(["sample", "diskstats", "--root", SysfsTree.NodeExporterFixture, "--Agent:Host=mail01"]);

        var code = await AgentApplication.SampleAsync(command, output, error, CancellationToken.None);

        Assert.Equal(0, code);
        var problems = new List<InputProblem>();
        var samples = OpenMetricsReader.Read(new StringReader(output.ToString()), "sample", problems.Add).ToList();
        Assert.Empty(problems);
        // Two reads of a tree that does not change: every rate is zero; dm-5 is the map mpathA.
        Assert.Equal(0, Value(samples, "mail01/mpathA", MetricCatalog.BlockReadIops));
        Assert.Equal(0, Value(samples, "mail01/sdc", MetricCatalog.BlockUtilization));
        Assert.DoesNotContain(samples, s => s.Entity is "mail01/dm-5" or "mail01/loop0");
        Assert.Contains("monitor_block_read_iops{device=\"mail01/nvme0n1\"} 0", output.ToString(), StringComparison.Ordinal);
    }
}
