using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Core.Signals;
using static Monitor.Agent.Tests.Sources.Storage.StorageSourceTests;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>The SCSI path-device source: state, and error, timeout and request counters per path.</summary>
[Collection(StorageSourceTests.Name)]
public sealed class ScsiDevicesTests
{
    // procfs' capture has a real SAS LUN's iostat counters under sys/devices; sys/block/sdX/device
    // is a symlink on a live host, which the capture lost, so the tests link it again.
    private const string SasLun = "/sys/devices/pci0000:00/0000:00:03.0/0000:03:00.0/host11/port-11:2/end_device-11:2/target11:0:0/11:0:0:0";

    private static (ScsiDevices Source, FakeTimeProvider Clock) Create(SysfsTree tree)
    {
        var clock = new FakeTimeProvider(Start);
        return (new ScsiDevices(new ScsiDevicesOptions { Root = tree.Root }, Context(clock)), clock);
    }

    private static SysfsTree WithSasLun()
    {
        var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        tree.Write($"{SasLun}/state", "running\n");
        tree.Symlink("/sys/block/sdz/device", tree.PathOf(SasLun));
        return tree;
    }

    [Fact]
    public async Task ReadOnceAsync_ProcfsCapture_ReportsRunningPathsUpAndTheOfflineOneDown()
    {
        using var tree = new SysfsTree(SysfsTree.ProcfsFixture);
        var (source, _) = Create(tree);

        var samples = (await source.ReadOnceAsync(CancellationToken.None)).Samples;

        Assert.Equal(
            [("mail01/sdb", 1.0), ("mail01/sdc", 0.0), ("mail01/sdd", 1.0), ("mail01/sde", 1.0)],
            samples.Select(s => (s.Entity, s.Value)).OrderBy(s => s.Entity, StringComparer.Ordinal));
        Assert.All(samples, s => Assert.Equal(MetricCatalog.PathUp, s.Metric));
    }

    [Fact]
    public async Task ReadOnceAsync_SasLunCountersGrow_ReportsErrorTimeoutAndRequestRates()
    {
        using var tree = WithSasLun();
        var (source, clock) = Create(tree);
        var first = await source.ReadOnceAsync(CancellationToken.None);
        tree.Write($"{SasLun}/iorequest_cnt", $"0x{0x255a + 300:x}\n");
        tree.Write($"{SasLun}/ioerr_cnt", "0x3\n");
        tree.Write($"{SasLun}/iotmo_cnt", "0x0\n");
        clock.Advance(TimeSpan.FromSeconds(15));
        var second = await source.ReadOnceAsync(CancellationToken.None);
        tree.Write($"{SasLun}/iotmo_cnt", "0x3\n");
        clock.Advance(TimeSpan.FromSeconds(15));

        var third = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.DoesNotContain(first.Samples, s => s.Metric == MetricCatalog.PathIoRequests);
        Assert.Equal(1, Value(first.Samples, "mail01/sdz", MetricCatalog.PathUp));
        var rates = ByKey(second.Samples);
        Assert.Equal(20, rates[("mail01/sdz", MetricCatalog.PathIoRequests)], 12);
        Assert.Equal(0.2, rates[("mail01/sdz", MetricCatalog.PathIoErrors)], 12);
        Assert.False(rates.ContainsKey(("mail01/sdz", MetricCatalog.PathIoTimeouts))); // iotmo_cnt appeared only now
        Assert.Equal(0.2, third[("mail01/sdz", MetricCatalog.PathIoTimeouts)], 12);
    }

    [Theory]
    [InlineData("0x7ffffffb", "0xffffffff80000005")] // past 2^31: the kernel prints the int sign-extended
    [InlineData("0xfffffffffffffffb", "0x5")] // past 2^32: the 32-bit counter wraps
    public async Task ReadOnceAsync_ThirtyTwoBitCounterCrossesItsLimits_CountsTheRealIncrease(string before, string after)
    {
        using var tree = WithSasLun();
        tree.Write($"{SasLun}/iorequest_cnt", before + "\n");
        var (source, clock) = Create(tree);
        await source.ReadOnceAsync(CancellationToken.None);
        tree.Write($"{SasLun}/iorequest_cnt", after + "\n");
        clock.Advance(TimeSpan.FromSeconds(10));

        var samples = (await source.ReadOnceAsync(CancellationToken.None)).Samples;

        Assert.Equal(1, Value(samples, "mail01/sdz", MetricCatalog.PathIoRequests), 12);
    }

    [Fact]
    public async Task ReadOnceAsync_NoSysBlock_FailsNamingTheFolder()
    {
        using var tree = new SysfsTree();
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source scsi: {tree.PathOf("/sys/block")}: not found", error.Message);
        Assert.Equal(0, SourceUp("scsi"));
    }

    [Fact]
    public async Task ReadOnceAsync_GarbageCounter_FailsNamingTheFile()
    {
        using var tree = WithSasLun();
        tree.Write($"{SasLun}/ioerr_cnt", "lots\n");
        var (source, _) = Create(tree);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source scsi: {tree.PathOf("/sys/block/sdz/device/ioerr_cnt")}: 'lots' is not a hexadecimal counter (expected e.g. 0x1f)", error.Message);
        Assert.Equal(0, SourceUp("scsi"));
    }

    [Fact]
    public void Validate_EmptyInclude_NamesTheKey()
    {
        var message = Assert.Single(new ScsiDevicesOptions { Include = "" }.Validate("Agent:Sources:ScsiDevices"));

        Assert.StartsWith("Agent:Sources:ScsiDevices:Include = '' is not valid", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleCommand_ProcfsCapture_PrintsEachPath()
    {
        var output = new StringWriter();
        var command = CommandLine.Parse(["sample", "scsi", "--root", SysfsTree.ProcfsFixture, "--Agent:Host=mail01"]);

        var code = await AgentApplication.SampleAsync(command, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains("monitor_path_up{path=\"mail01/sdc\"} 0 ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("monitor_path_up{path=\"mail01/sdb\"} 1 ", output.ToString(), StringComparison.Ordinal);
    }
}
