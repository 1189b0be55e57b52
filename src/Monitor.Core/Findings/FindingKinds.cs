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

    /// <summary>A controller is unhealthy but still takes I/O and its partner has not taken over.</summary>
    public const string FailoverMissing = "failover_missing";

    /// <summary>Precursor: both partners healthy, but one alone could not carry both loads in IOPS.</summary>
    public const string N1HeadroomIops = "n1_headroom_iops";

    /// <summary>Precursor: both partners healthy, but one alone could not carry both loads in throughput.</summary>
    public const string N1HeadroomThroughput = "n1_headroom_throughput";

    /// <summary>Precursor: more operations, smaller I/Os, the same bytes.</summary>
    public const string SmallIoShift = "small_io_shift";

    /// <summary>Precursor: FC error counters climbing on a port.</summary>
    public const string FcPortErrors = "fc_port_errors";

    /// <summary>Precursor: a port's transceiver optical power falling.</summary>
    public const string FcOpticalPowerLow = "fc_optical_power_low";

    /// <summary>Precursor: the kernel marks an FC port Marginal.</summary>
    public const string FcPortMarginal = "fc_port_marginal";

    /// <summary>A path still up and used while its timeouts or latency stand out from its siblings: no failover.</summary>
    public const string GrayPath = "gray_path";

    /// <summary>Deferred mail piles up or waits long.</summary>
    public const string MailQueueBacklog = "mail_queue_backlog";

    /// <summary>Deferred mail piles up, mostly for DNS-lookup reasons (seed 004's relay typo).</summary>
    public const string MailDeferredDns = "mail_deferred_dns";

    /// <summary>Many POP3/IMAP logins fail.</summary>
    public const string LoginFailures = "login_failures";

    /// <summary>Deliveries into the mailbox store fail.</summary>
    public const string MailboxDeliveryFailing = "mailbox_delivery_failing";

    /// <summary>Mail is dropped without delivery.</summary>
    public const string MailLoss = "mail_loss";

    // Earlier explains later: hardware first, then what it does to paths and load, then what
    // users see. A precursor at an upstream port outranks everything downstream of it anyway
    // (depth comes first); at the same entity a failure explains its own warnings.
    private static readonly string[] CauseOrder =
    [
        ControllerFailed,
        FailoverMissing,
        FcOpticalPowerLow,
        FcPortMarginal,
        FcPortErrors,
        PathsLost,
        PathsDegraded,
        GrayPath,
        DegradedOverloadIops,
        DegradedOverloadThroughput,
        N1HeadroomIops,
        N1HeadroomThroughput,
        SmallIoShift,
        LatencyAccumulation,
        MailDeferredDns,
        MailQueueBacklog,
        MailboxDeliveryFailing,
        MailLoss,
        LoginFailures,
        ServiceDown,
    ];

    /// <summary>Lower means more likely a cause than a consequence; unknown kinds rank last.</summary>
    public static int CauseRank(string kind)
    {
        var index = Array.IndexOf(CauseOrder, kind);
        return index < 0 ? CauseOrder.Length : index;
    }
}
