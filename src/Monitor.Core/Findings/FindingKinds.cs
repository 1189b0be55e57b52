namespace Monitor.Core.Findings;

/// <summary>
/// The kinds of finding, and the order in which they explain each other: when two findings sit
/// equally far upstream, the one with the lower cause rank is the better root-cause candidate
/// (a stopped controller explains an overloaded partner, not the reverse).
/// </summary>
public static class FindingKinds
{
    /// <summary>A storage controller stopped.</summary>
    public const string ControllerFailed = "controller_failed";

    /// <summary>Fewer access paths to a volume than configured, but at least one left.</summary>
    public const string PathsDegraded = "paths_degraded";

    /// <summary>No access path to a volume is left.</summary>
    public const string PathsLost = "paths_lost";

    /// <summary>A surviving controller runs above its rated I/O operations per second.</summary>
    public const string DegradedOverloadIops = "degraded_overload_iops";

    /// <summary>A surviving controller runs above its rated throughput.</summary>
    public const string DegradedOverloadThroughput = "degraded_overload_throughput";

    /// <summary>A controller's latency builds up and stays up.</summary>
    public const string LatencyAccumulation = "latency_accumulation";

    /// <summary>A mail function fails its probes.</summary>
    public const string ServiceDown = "service_down";

    private static readonly string[] CauseOrder =
    [
        ControllerFailed,
        PathsLost,
        PathsDegraded,
        DegradedOverloadIops,
        DegradedOverloadThroughput,
        LatencyAccumulation,
        ServiceDown,
    ];

    /// <summary>Lower means more likely a cause than a consequence; unknown kinds rank last.</summary>
    public static int CauseRank(string kind)
    {
        var index = Array.IndexOf(CauseOrder, kind);
        return index < 0 ? CauseOrder.Length : index;
    }
}
