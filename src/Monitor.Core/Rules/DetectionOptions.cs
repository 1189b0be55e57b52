using System.ComponentModel.DataAnnotations;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// Thresholds of the rules and the signal window's size (section Agent:Detection; the incident
/// lifecycle has its own, IncidentLifecycleOptions). Every default is written here, and
/// docs/settings.md lists them all (a test writes it from this class); a site can backtest a
/// change with the replay before deploying it.
/// </summary>
public sealed class DetectionOptions
{
    /// <summary>A series whose newest point is older than this is unknown. Default 5 minutes.</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
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
    [TimeSpanRange("00:00:00.0001", "00:10:00")]
    public TimeSpan LatencyThreshold { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Consecutive elevated, non-falling latency samples that make a build-up (not a spike). Default 5.
    /// </summary>
    [Range(2, 1000)]
    public int LatencyBuildUpSamples { get; set; } = 5;

    /// <summary>Failed probes in a row before a mail function is down. Default 2.</summary>
    [Range(1, 1000)]
    public int ProbeFailuresInARow { get; set; } = 2;

    /// <summary>Consecutive samples both partners must exceed one's capacity before the N-1 warning. Default 5.</summary>
    [Range(1, 1000)]
    public int HeadroomSamples { get; set; } = 5;

    /// <summary>Rise in operations that, with smaller I/Os (the bytes flat or rising far less), makes a small-I/O shift. Default 0.25 (25%).</summary>
    [Range(0.01, 10.0)]
    public double SmallIoOpsRise { get; set; } = 0.25;

    /// <summary>Fall in mean I/O size that makes a small-I/O shift. Default 0.20 (20%).</summary>
    [Range(0.01, 0.99)]
    public double SmallIoSizeFall { get; set; } = 0.20;

    /// <summary>A path whose latency is this many times its siblings' median stands out. Default 5.</summary>
    [Range(1.5, 1000.0)]
    public double GrayPathLatencyFactor { get; set; } = 5;

    /// <summary>...and at least this slow. Default 100 ms.</summary>
    [TimeSpanRange("00:00:00.001", "00:10:00")]
    public TimeSpan GrayPathLatencyFloor { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>FC error events per second (all counters together) that count as climbing. Default 0.05.</summary>
    [Range(0.0001, 1_000_000.0)]
    public double FcErrorRate { get; set; } = 0.05;

    /// <summary>Drop in optical power below the port's own median that counts as falling. Default 2 dB.</summary>
    [Range(0.1, 40.0)]
    public double OpticalPowerDropDb { get; set; } = 2;

    /// <summary>Optical power below this is low whatever the port's history. Default -12 dBm.</summary>
    [Range(-60.0, 10.0)]
    public double OpticalPowerFloorDbm { get; set; } = -12;

    /// <summary>Deferred messages that count as a backlog (when rising). Default 100.</summary>
    [Range(1, 100_000_000)]
    public int QueueBacklogMessages { get; set; } = 100;

    /// <summary>Oldest deferred or active message older than this is a backlog. Default 30 minutes.</summary>
    [TimeSpanRange("00:01:00", "7.00:00:00")]
    public TimeSpan QueueOldestAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Share of POP3/IMAP logins failing that is a finding. Default 0.2 (20%).</summary>
    [Range(0.01, 1.0)]
    public double LoginFailureRatio { get; set; } = 0.2;

    /// <summary>...with at least this many distinct users failing. Default 10.</summary>
    [Range(1, 100_000_000)]
    public int LoginFailedUsers { get; set; } = 10;

    /// <summary>Failed deliveries into the mailbox store per second that is a finding. Default 0.1.</summary>
    [Range(0.0001, 1_000_000.0)]
    public double DeliveryFailureRate { get; set; } = 0.1;

    /// <summary>
    /// Hysteresis: once raised, a finding clears only when its signal has been below this fraction
    /// of its raise level (latency, load, error rate, slowness) for <see cref="ClearSamples"/>
    /// samples in a row, so ordinary jitter on a plateau (±10% around the raise level) cannot
    /// clear it and raise it again. Default 0.8.
    /// </summary>
    [Range(0.1, 1.0)]
    public double ClearFraction { get; set; } = 0.8;

    /// <summary>Consecutive samples below the clear level before a raised finding clears. Default 3.</summary>
    [Range(1, 1000)]
    public int ClearSamples { get; set; } = 3;

    /// <summary>
    /// A mail function answering its probes this many times slower than its own usual (the median
    /// of its probes before the rise) is degraded. Default 5.
    /// </summary>
    [Range(1.5, 1000.0)]
    public double SlowProbeFactor { get; set; } = 5;

    /// <summary>
    /// ...and at least this slow, so that 10 ms becoming 50 ms is not an accident: below about a
    /// second a person does not wait. Default 1 second.
    /// </summary>
    [TimeSpanRange("00:00:00.001", "00:10:00")]
    public TimeSpan SlowProbeFloor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive slow probes before a function is degraded. Default 3.</summary>
    [Range(1, 1000)]
    public int SlowProbeSamples { get; set; } = 3;

    /// <summary>
    /// A filesystem that would be full (no bytes available, or no inodes free) within this, at
    /// its current rate of filling, is a warning: time to move mail or grow the store while it is
    /// planned work. Default 24 hours.
    /// </summary>
    [TimeSpanRange("00:05:00", "365.00:00:00")]
    public TimeSpan StoreFullWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A filesystem with less than this share of its bytes or inodes left is a warning, filling or not. Default 0.05 (5%).</summary>
    [Range(0.0001, 0.5)]
    public double StoreLowShare { get; set; } = 0.05;

    /// <summary>The rate of filling is the least-squares slope of the store's samples over this much of the past. Default 30 minutes.</summary>
    [TimeSpanRange("00:02:00", "1.00:00:00")]
    public TimeSpan StoreRateWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How much of the past the signal window keeps. Default 2 hours.</summary>
    [TimeSpanRange("00:01:00", "7.00:00:00")]
    public TimeSpan WindowLength { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Points kept per series at most. Default 2,000.</summary>
    [Range(10, 1_000_000)]
    public int WindowPointsPerSeries { get; set; } = 2_000;
}
