using System.Diagnostics;
using System.IO.Enumeration;
using Prometheus;

namespace Monitor.Agent.Telemetry;

/// <summary>
/// The agent's own process figures on /metrics, under the names and help of prometheus-net's
/// DotNetStats (so a dashboard of them keeps working), read for each scrape from one file
/// (/proc/self/status), the list of open files and the runtime. DotNetStats refreshes a
/// System.Diagnostics.Process instead: /proc/self/stat and status, a stat file per thread and
/// the open files, each scrape; beside node_exporter that was a tenth of the agent's CPU (perf).
/// </summary>
internal sealed class ProcessStats
{
    private const string StatusPath = "/proc/self/status";
    private const string OpenFilesPath = "/proc/self/fd";

    private readonly Counter.Child[] _collections;
    private readonly Gauge _totalMemory;
    private readonly Counter _cpu;
    private readonly Gauge _virtualMemory;
    private readonly Gauge _workingSet;
    private readonly Gauge _privateMemory;
    private readonly Gauge _openHandles;
    private readonly Gauge _threads;

    private ProcessStats(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var collections = factory.CreateCounter("dotnet_collection_count_total", "GC collection count", "generation");
        _collections = [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => collections.WithLabels(g.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        using (var process = Process.GetCurrentProcess())
        {
            factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
                .Set((process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
        }

        _cpu = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        _virtualMemory = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        _workingSet = factory.CreateGauge("process_working_set_bytes", "Process working set");
        _privateMemory = factory.CreateGauge("process_private_memory_bytes", "Process private memory size");
        _openHandles = factory.CreateGauge("process_open_handles", "Number of open handles");
        _threads = factory.CreateGauge("process_num_threads", "Total number of threads");
        _totalMemory = factory.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory");
    }

    /// <summary>Exports the process figures from <paramref name="registry"/>, updated before each scrape.</summary>
    public static void Register(CollectorRegistry registry)
    {
        var stats = new ProcessStats(registry);
        registry.AddBeforeCollectCallback(stats.Update);
    }

    private void Update()
    {
        for (var generation = 0; generation < _collections.Length; generation++)
        {
            _collections[generation].IncTo(GC.CollectionCount(generation));
        }

        _totalMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
        _cpu.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            ReadStatus(File.ReadAllText(StatusPath));
            _openHandles.Set(CountOpenFiles());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The figures keep their last values: a scrape must not fail for them.
        }
    }

    // "VmRSS:\t   43288 kB" and "Threads:\t12", a field a line.
    private void ReadStatus(ReadOnlySpan<char> status)
    {
        foreach (var range in status.Split('\n'))
        {
            var line = status[range];
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            var kib = value.EndsWith(" kB", StringComparison.Ordinal);
            if (!long.TryParse(kib ? value[..^3].TrimEnd() : value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            var gauge = name switch
            {
                "VmSize" => _virtualMemory,
                "VmRSS" => _workingSet,
                "VmData" => _privateMemory,
                "Threads" => _threads,
                _ => null,
            };
            gauge?.Set(kib ? number * 1024 : number);
        }
    }

    private static int CountOpenFiles()
    {
        // Counted, not listed: no name is made for an entry.
        var count = 0;
        foreach (var _ in new FileSystemEnumerable<byte>(OpenFilesPath, static (ref FileSystemEntry _) => 0))
        {
            count++;
        }

        return count;
    }
}
