using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Core.Signals;
using static Monitor.Agent.Tests.Sources.Storage.StorageSourceTests;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// The filesystem source on this machine's real "/" and on a real tmpfs mounted for the test
/// (size=8m, nr_inodes=200), compared with df. Mounting needs root: without it the test fails
/// and says so, it is never skipped.
/// </summary>
[Collection(StorageSourceTests.Name)]
public sealed class FilesystemsTests : IDisposable
{
    private const long TmpfsBytes = 8L << 20;
    private const int TmpfsInodes = 200;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "monitor-fs-" + Guid.NewGuid().ToString("N"));
    private bool _mounted;

    public FilesystemsTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", _directory);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Read_RealTmpfs_GivesItsSizeAndInodesAndFollowsWhatIsWritten()
    {
        MountTmpfs();
        var source = Source(_directory);
        var entity = "mail01:" + _directory;

        var empty = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);
        Assert.Equal(TmpfsBytes, empty[(entity, MetricCatalog.FilesystemSizeBytes)]);
        Assert.Equal(TmpfsBytes, empty[(entity, MetricCatalog.FilesystemAvailBytes)]);
        Assert.Equal(TmpfsInodes, empty[(entity, MetricCatalog.FilesystemFiles)]);
        Assert.Equal(TmpfsInodes - 1, empty[(entity, MetricCatalog.FilesystemFilesFree)]); // its root directory
        AssertAgreesWithDf(empty, entity, _directory);

        for (var i = 0; i < 10; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(_directory, $"msg{i}"), new byte[100 << 10]);
        }

        var written = ByKey((await source.ReadOnceAsync(CancellationToken.None)).Samples);
        Assert.Equal(TmpfsInodes - 11, written[(entity, MetricCatalog.FilesystemFilesFree)]);
        Assert.Equal(TmpfsBytes - (10 * (100 << 10)), written[(entity, MetricCatalog.FilesystemAvailBytes)]);
        AssertAgreesWithDf(written, entity, _directory);
    }

    [Fact]
    public async Task Read_StoreUnmounted_IsATimelineEventNamingWhereMailNowLands()
    {
        MountTmpfs();
        var source = Source(_directory);
        await source.ReadOnceAsync(CancellationToken.None);

        Run("umount", _directory);
        _mounted = false;
        var reading = await source.ReadOnceAsync(CancellationToken.None);

        var change = Assert.Single(reading.Events);
        Assert.Equal("mail01:" + _directory, change.Entity);
        Assert.StartsWith($"{_directory}: now on / (", change.Text, StringComparison.Ordinal);
        Assert.Contains($"(was {_directory} (tmpfs, tmpfs, device ", change.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ThisMachinesRoot_AgreesWithDf()
    {
        var samples = ByKey((await Source("/").ReadOnceAsync(CancellationToken.None)).Samples);

        Assert.True(samples[("mail01:/", MetricCatalog.FilesystemSizeBytes)] > 0);
        AssertAgreesWithDf(samples, "mail01:/", "/");
    }

    [Fact]
    public async Task Read_RootWithoutMountinfo_FailsNamingTheFile()
    {
        var source = new Filesystems(new FilesystemsOptions { Root = _directory, Mounts = ["/"] }, Context(new FakeTimeProvider(Start)));

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Contains($"{_directory}/proc/self/mountinfo: not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_CapturedMountinfoUnderRoot_FindsTheMountHoldingThePath()
    {
        // Root points at a captured tree: the store's mount point has a space, escaped by the kernel.
        Directory.CreateDirectory(Path.Combine(_directory, "proc", "self"));
        Directory.CreateDirectory(Path.Combine(_directory, "var", "mail store"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "proc", "self", "mountinfo"),
            "27 1 253:0 / / rw,relatime shared:1 - xfs /dev/mapper/root rw\n"
            + "40 27 253:3 / /var/mail\\040store rw,relatime shared:20 - xfs /dev/mapper/mpathA rw\n");
        var source = new Filesystems(new FilesystemsOptions { Root = _directory, Mounts = ["/var/mail store"] }, Context(new FakeTimeProvider(Start)));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(5, reading.Samples.Count(s => s.Entity == "mail01:/var/mail store"));
        var mounts = MountInfo.Parse(new StringReader(await File.ReadAllTextAsync(Path.Combine(_directory, "proc", "self", "mountinfo"))), "mountinfo");
        Assert.Equal(("/var/mail store", "253:3", "/dev/mapper/mpathA"), MountInfo.Holding(mounts, "/var/mail store/user/new") is { } m ? (m.MountPoint, m.Device, m.Source) : default);
        Assert.Equal("/", MountInfo.Holding(mounts, "/var/mail storex")?.MountPoint);
    }

    [Fact]
    public void Validate_RelativePathOrNoMountWhenEnabled_IsRefused()
    {
        var errors = new FilesystemsOptions { Enabled = true, Mounts = ["var/mail"] }.Validate("Agent:Sources:Filesystems").ToList();
        Assert.Equal("Agent:Sources:Filesystems:Mounts:0 = 'var/mail' is not valid: expected an absolute path of a mount, e.g. /var/mail", Assert.Single(errors));
        Assert.Single(new FilesystemsOptions { Enabled = true }.Validate("Agent:Sources:Filesystems"));
    }

    private static Filesystems Source(string path) =>
        new(new FilesystemsOptions { Mounts = [path] }, Context(new FakeTimeProvider(Start)));

    private void MountTmpfs()
    {
        Assert.True(Environment.UserName == "root" || Run("id", "-u").Trim() == "0", "mounting a tmpfs for this test needs root; run the tests as root");
        Run("mount", "-t", "tmpfs", "-o", $"size=8m,nr_inodes={TmpfsInodes}", "tmpfs", _directory);
        _mounted = true;
    }

    // df's own figures: statvfs through coreutils, the same call, so they must agree to the byte
    // on a filesystem nobody else writes to; "/" is shared with the machine, so its free
    // figures are read once before and once after ours.
    private static void AssertAgreesWithDf(Dictionary<(string Entity, string Metric), double> ours, string entity, string path)
    {
        var before = Df(path);
        var after = Df(path);
        Assert.Equal(before.Size, ours[(entity, MetricCatalog.FilesystemSizeBytes)]);
        Assert.Equal(before.Inodes, ours[(entity, MetricCatalog.FilesystemFiles)]);
        Between(before.Avail, after.Avail, ours[(entity, MetricCatalog.FilesystemAvailBytes)], 64 << 20, "avail bytes");
        Between(before.InodesFree, after.InodesFree, ours[(entity, MetricCatalog.FilesystemFilesFree)], 1000, "free inodes");
    }

    private static void Between(double a, double b, double ours, double slack, string what) =>
        Assert.True(ours >= Math.Min(a, b) - slack && ours <= Math.Max(a, b) + slack, $"{what}: df {a} and {b}, ours {ours}");

    private static (double Size, double Avail, double Inodes, double InodesFree) Df(string path)
    {
        var bytes = Run("df", "-B1", "--output=size,avail", path).Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var inodes = Run("df", "--output=itotal,iavail", path).Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(bytes[0]), double.Parse(bytes[1]), double.Parse(inodes[0]), double.Parse(inodes[1]));
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error}");
        return output;
    }
}
