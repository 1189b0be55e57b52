using System.Diagnostics;
using System.Globalization;
using Monitor.Agent.Telemetry;
using Prometheus;

namespace Monitor.Agent.Tests.Telemetry;

/// <summary>
/// The agent's process figures: the families prometheus-net's DotNetStats exports, with the
/// values this process has.
/// </summary>
public sealed class ProcessStatsTests
{
    [Fact]
    public async Task Families_AreDotNetStatsOwn_NameTypeAndHelp()
    {
        var theirs = Metrics.NewCustomRegistry();
        DotNetStats.Register(theirs);
        var ours = Metrics.NewCustomRegistry();
        ProcessStats.Register(ours);

        var expected = (await ExportAsync(theirs)).Where(l => l.StartsWith('#')).Order(StringComparer.Ordinal);
        var actual = (await ExportAsync(ours)).Where(l => l.StartsWith('#')).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
        Assert.Contains("# TYPE process_cpu_seconds_total counter", actual);
    }

    [Fact]
    public async Task Values_AreThisProcesss()
    {
        var registry = Metrics.NewCustomRegistry();
        ProcessStats.Register(registry);
        var collectionsBefore = GC.CollectionCount(0);

        var values = (await ExportAsync(registry)).Where(l => !l.StartsWith('#') && l.Length > 0)
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

        using var process = Process.GetCurrentProcess();
        Assert.InRange(values["process_working_set_bytes"], process.WorkingSet64 / 2.0, process.WorkingSet64 * 2.0);
        Assert.InRange(values["process_virtual_memory_bytes"], values["process_working_set_bytes"], double.MaxValue);
        Assert.InRange(values["process_private_memory_bytes"], 1 << 20, values["process_virtual_memory_bytes"]);
        Assert.InRange(values["process_num_threads"], 2, process.Threads.Count * 2);
        Assert.InRange(values["process_open_handles"], 3, 100_000);
        Assert.InRange(values["process_cpu_seconds_total"], 0.01, Environment.CpuUsage.TotalTime.TotalSeconds);
        Assert.InRange(values["dotnet_collection_count_total{generation=\"0\"}"], collectionsBefore, GC.CollectionCount(0));
        Assert.InRange(values["process_start_time_seconds"], (process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private static async Task<string[]> ExportAsync(CollectorRegistry registry)
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n');
    }
}
