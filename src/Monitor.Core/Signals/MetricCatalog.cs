using System.Collections.Frozen;

namespace Monitor.Core.Signals;

/// <summary>
/// The metric names Monitor understands. The agent exports the same names on /metrics and a
/// scenario's metrics.om uses them, so recorded data loads into a real Prometheus unchanged.
/// </summary>
public static class MetricCatalog
{
    /// <summary>1 while a storage controller is online and serving I/O, 0 once it stopped.</summary>
    public const string ControllerUp = "monitor_controller_up";

    /// <summary>I/O operations per second served by a controller (reads plus writes).</summary>
    public const string ControllerIops = "monitor_controller_iops";

    /// <summary>Bytes per second moved by a controller (reads plus writes).</summary>
    public const string ControllerThroughput = "monitor_controller_throughput_bytes_per_second";

    /// <summary>Mean response time of a controller's I/O, in seconds.</summary>
    public const string ControllerLatency = "monitor_controller_latency_seconds";

    /// <summary>Mean number of I/Os queued at a controller.</summary>
    public const string ControllerQueueDepth = "monitor_controller_queue_depth";

    /// <summary>1 while an access path (host, HBA port, controller, volume) is usable, 0 when it failed.</summary>
    public const string PathUp = "monitor_path_up";

    /// <summary>1 when a synthetic probe of a mail function (POP3, IMAP, SMTP, webmail) succeeded, 0 when it failed.</summary>
    public const string ProbeSuccess = "monitor_probe_success";

    /// <summary>Every metric the catalog knows, by name.</summary>
    public static FrozenDictionary<string, MetricDefinition> All { get; } = new MetricDefinition[]
    {
        new(ControllerUp, "Storage controller online (1) or stopped (0).", "", ["controller"]),
        new(ControllerIops, "I/O operations per second served by the controller.", "", ["controller"]),
        new(ControllerThroughput, "Bytes per second moved by the controller.", "bytes_per_second", ["controller"]),
        new(ControllerLatency, "Mean I/O response time of the controller.", "seconds", ["controller"]),
        new(ControllerQueueDepth, "Mean number of I/Os queued at the controller.", "", ["controller"]),
        new(PathUp, "Access path usable (1) or failed (0).", "", ["path"]),
        new(ProbeSuccess, "Synthetic probe of a mail function succeeded (1) or failed (0).", "", ["service", "function"]),
    }.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Looks a metric up by name.</summary>
    public static bool TryGet(string name, out MetricDefinition definition) =>
        All.TryGetValue(name, out definition!);
}
