using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Core.Signals;
using Xunit.Abstractions;
using static Monitor.Agent.Tests.Sources.Storage.StorageSourceTests;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// Real I/O: fio does direct reads on a file on this machine's disk while the block-device source
/// reads the real /proc/diskstats before and after; our IOPS and mean I/O size for that disk must
/// agree with fio's own count within 10%. The disk is shared with whatever else runs, so fio's
/// count is taken over our interval (its I/Os divided by the time between our two reads), and
/// reads are compared, which a build running beside us hardly does (its files are in the cache).
/// </summary>
[Collection(RealDiskIoCollection.Name)]
public sealed class FioAgreementTests(ITestOutputHelper output)
{
    private const int FileMiB = 128;

    [Fact]
    public async Task DiskStats_Fio4KiBRandomThen1MiBSequentialDirectReads_AgreeWithFioWithinTenPercent()
    {
        // Next to the test binaries rather than in /tmp, which may be a tmpfs without a block device.
        var folder = Path.Combine(AppContext.BaseDirectory, "fio-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "data");
            await WriteFileAsync(file);
            var (kernelName, device) = BlockDeviceOf(folder);
            var largest = LargestWholeRequestKiB(kernelName);
            var sequentialKiB = Math.Min(1024, largest);
            output.WriteLine($"file {file} is on {kernelName} (reported as {device}); largest request the kernel never splits: {largest} KiB");

            // Eight in flight: many more reads than anything else on the disk does meanwhile.
            await RunAndCompareAsync(file, device, "randread", 4, "libaio", 8);
            // One at a time, so the block layer cannot merge neighbours. A request larger than the
            // queue takes in one piece is split by the kernel and counted as several: see below.
            await RunAndCompareAsync(file, device, "read", sequentialKiB, "psync", 1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task RunAndCompareAsync(string file, string device, string pattern, int blockKiB, string engine, int depth)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var source = new DiskStats(new DiskStatsOptions { Root = "/" }, Context(clock));
        await source.ReadOnceAsync(CancellationToken.None);
        var interval = Stopwatch.StartNew();
        var fio = await RunFioAsync(file, pattern, blockKiB, engine, depth);
        interval.Stop();
        clock.Advance(interval.Elapsed);
        var samples = (await source.ReadOnceAsync(CancellationToken.None)).Samples;

        var read = fio.GetProperty("jobs")[0].GetProperty("read");
        var ios = read.GetProperty("total_ios").GetDouble();
        var bytes = read.GetProperty("io_bytes").GetDouble();
        var fioIops = read.GetProperty("iops").GetDouble();
        var fioOverOurInterval = ios / interval.Elapsed.TotalSeconds;
        var fioMeanSize = bytes / ios;
        var ourIops = Value(samples, device, MetricCatalog.BlockReadIops);
        var ourMeanSize = Value(samples, device, MetricCatalog.BlockMeanIoSize);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pattern} {blockKiB} KiB: fio {ios} reads ({fioIops:0.#} IOPS over its {read.GetProperty("runtime").GetDouble() / 1000:0.###} s run, {fioOverOurInterval:0.#} over our {interval.Elapsed.TotalSeconds:0.###} s); " +
            $"ours {ourIops:0.#} read IOPS ({(ourIops / fioOverOurInterval) - 1:+0.0%;-0.0%}), mean I/O size fio {fioMeanSize:0} B, ours {ourMeanSize:0.#} B ({(ourMeanSize / fioMeanSize) - 1:+0.0%;-0.0%}), write IOPS beside it {Value(samples, device, MetricCatalog.BlockWriteIops):0.#}"));

        Assert.InRange(ourIops, fioOverOurInterval * 0.9, fioOverOurInterval * 1.1);
        Assert.InRange(ourMeanSize, fioMeanSize * 0.9, fioMeanSize * 1.1);
    }

    private static async Task<JsonElement> RunFioAsync(string file, string pattern, int blockKiB, string engine, int depth)
    {
        var start = new ProcessStartInfo("fio") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--name=monitor", $"--filename={file}", $"--size={FileMiB}M", $"--rw={pattern}", $"--bs={blockKiB}k", "--direct=1",
            $"--ioengine={engine}", $"--iodepth={depth}", "--runtime=5", "--time_based", "--output-format=json",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"fio is not installed: apt-get install fio ({e.Message})");
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        var json = await process.StandardOutput.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"fio {pattern} failed (exit {process.ExitCode}): {await errors}");
        // fio may print notes before its JSON.
        return JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]).RootElement.Clone();
    }

    private static async Task WriteFileAsync(string file)
    {
        var block = new byte[1 << 20];
        Random.Shared.NextBytes(block);
        await using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
        {
            for (var i = 0; i < FileMiB; i++)
            {
                await stream.WriteAsync(block);
            }

            stream.Flush(flushToDisk: true); // so no writeback of it falls into the measured interval
        }
    }

    /// <summary>The kernel name of the block device a folder is on, and the entity the source reports it as.</summary>
    private static (string KernelName, string Entity) BlockDeviceOf(string folder)
    {
        var path = Path.GetFullPath(folder);
        var mount = File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(f => path == f[4] || path.StartsWith(f[4].TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(f => f[4].Length)!;
        var numbers = mount[2];
        Assert.False(numbers.StartsWith("0:", StringComparison.Ordinal),
            $"{folder} is on {mount[4]} ({mount[^3]}, device {numbers}), which has no block device: run the tests from a directory on a disk");
        var name = Path.GetFileName(new DirectoryInfo($"/sys/dev/block/{numbers}").ResolveLinkTarget(returnFinalTarget: true)!.FullName);
        var dmName = DeviceMapperMap.IsDeviceMapper(name) ? SysfsAttribute.ReadText($"/sys/block/{name}/dm/name") : null;
        return (name, $"mail01/{dmName ?? name}");
    }

    /// <summary>
    /// The largest direct read the kernel passes to the device in one piece whatever the buffer's
    /// physical pages: max_sectors_kb, and max_segments pages of 4 KiB (a 1 MiB buffer is 256
    /// pages; on a virtio disk with 254 segments it is split in two unless its pages happen to be
    /// contiguous), rounded down to a power of two.
    /// </summary>
    private static int LargestWholeRequestKiB(string kernelName)
    {
        var disk = new DirectoryInfo($"/sys/class/block/{kernelName}").ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        var queue = Path.Combine(Directory.Exists(Path.Combine(disk, "queue")) ? disk : Path.GetDirectoryName(disk)!, "queue"); // a partition's queue is its disk's
        int Read(string name) => int.Parse(File.ReadAllText(Path.Combine(queue, name)).Trim(), CultureInfo.InvariantCulture);
        var largest = Math.Min(Read("max_sectors_kb"), Read("max_segments") * 4);
        return 1 << (int)Math.Log2(largest);
    }
}

/// <summary>The fio test runs alone: other tests' writes to the same disk would count in our figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealDiskIoCollection
{
    public const string Name = "real disk I/O";
}
