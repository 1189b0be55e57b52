using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Agent.Telemetry;

namespace Monitor.Benchmarks;

/// <summary>
/// One collection cycle of the storage sources over a generated host with 512 block devices and
/// 16 FC HBA ports: CPU time and allocations per cycle, for each source and for the whole cycle.
/// </summary>
internal static class StorageCycleBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // A benchmark, not a test: it prints figures. Run: dotnet run -c Release --project benchmarks/Monitor.Benchmarks -- storage [cycles]
        var cycles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        using var tree = new StorageTree();
        var clock = new SteppingClock();
        var context = new SourceContext("mail01", clock, new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics());
        PolledSource[] sources =
        [
            new DiskStats(new DiskStatsOptions { Root = tree.Root }, context),
            new FcHost(new FcHostOptions { Root = tree.Root }, context),
            new ScsiDevices(new ScsiDevicesOptions { Root = tree.Root }, context),
            new Multipath(new MultipathOptions { Root = tree.Root, InputFile = tree.MultipathdOutput }, context),
        ];

        var cpu = new TimeSpan[sources.Length];
        var allocated = new long[sources.Length];
        var samples = new int[sources.Length];
        for (var cycle = -20; cycle < cycles; cycle++)
        {
            tree.AdvanceCounters();
            clock.Step(TimeSpan.FromSeconds(15));
            for (var i = 0; i < sources.Length; i++)
            {
                // Process-wide figures: a read may continue on another thread (multipath reads its file asynchronously).
                var cpuBefore = ProcessCpuTime.Now();
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                var reading = await sources[i].ReadOnceAsync(CancellationToken.None);
                var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
                var time = ProcessCpuTime.Now() - cpuBefore;
                if (cycle >= 0)
                {
                    // The first 20 cycles warm up the JIT and the sources' state.
                    cpu[i] += time;
                    allocated[i] += bytes;
                    samples[i] = reading.Samples.Count;
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"storage sources, {StorageTree.BlockDevices} block devices ({StorageTree.Maps} multipath maps of {StorageTree.PathsPerMap} paths), {StorageTree.FcHosts} FC hosts, {cycles} cycles"));
        Console.WriteLine($"{"source",-10} {"samples",8} {"CPU ms/cycle",13} {"KiB allocated/cycle",20}");
        for (var i = 0; i < sources.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sources[i].Name,-10} {samples[i],8} {cpu[i].TotalMilliseconds / cycles,13:0.00} {allocated[i] / 1024.0 / cycles,20:0.0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"cycle",-10} {samples.Sum(),8} {cpu.Sum(c => c.TotalMilliseconds) / cycles,13:0.00} {allocated.Sum() / 1024.0 / cycles,20:0.0}"));

        return 0;
    }
}
