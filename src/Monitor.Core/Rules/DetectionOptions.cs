using System.ComponentModel.DataAnnotations;

namespace Monitor.Core.Rules;

/// <summary>
/// Thresholds of the rules and of the incident lifecycle. Every default is written here and in
/// config/agent.json, so a site can backtest a change with the replay before deploying it.
/// </summary>
public sealed class DetectionOptions
{
    /// <summary>A series whose newest point is older than this is unknown. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A survivor is overloaded when its load exceeds this fraction of its rated capacity.
    /// Default 1.0 (100% of rated IOPS or throughput).
    /// </summary>
    [Range(0.1, 10.0)]
    public double OverloadRatio { get; set; } = 1.0;

    /// <summary>Consecutive samples above the ratio before overload is reported. Default 3.</summary>
    [Range(1, 1000)]
    public int OverloadSamples { get; set; } = 3;

    /// <summary>Latency at or above this is elevated. Default 20 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.0001", "00:10:00")]
    public TimeSpan LatencyThreshold { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Consecutive elevated, non-falling latency samples that make a build-up (not a spike). Default 5.
    /// </summary>
    [Range(2, 1000)]
    public int LatencyBuildUpSamples { get; set; } = 5;

    /// <summary>Failed probes in a row before a mail function is down. Default 2.</summary>
    [Range(1, 1000)]
    public int ProbeFailuresInARow { get; set; } = 2;

    /// <summary>How long an incident must stay quiet after recovery before it is resolved. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A resolved incident whose root flares again within this window is re-opened. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How much of the past the signal window keeps. Default 2 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan WindowLength { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Points kept per series at most. Default 2,000.</summary>
    [Range(10, 1_000_000)]
    public int WindowPointsPerSeries { get; set; } = 2_000;
}
