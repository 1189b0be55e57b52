using Monitor.Core.Findings;

namespace Monitor.Core.Tests.Properties;

/// <summary>The faults the generator knows how to inject, one for each thing the rules detect.</summary>
internal enum FaultKind
{
    /// <summary>A controller stops; its partner (if any) takes its volumes over.</summary>
    ControllerStop,

    /// <summary>One access path goes down; its sibling on the other fabric carries the I/O.</summary>
    PathLoss,

    /// <summary>An HBA port's received light falls by 4 dB (a dirty connector): a precursor.</summary>
    FcOpticalPower,

    /// <summary>A controller port counts CRC errors every second: a precursor.</summary>
    FcPortErrors,

    /// <summary>POP3 of one service answers 25 times slower than usual, still answering.</summary>
    ServiceSlow,

    /// <summary>IMAP probes of one service fail.</summary>
    ServiceDown,

    /// <summary>Remote destinations stop answering one host: its deferred queue grows.</summary>
    QueueBacklog,

    /// <summary>Deliveries into one service's store are deferred as store full (over quota).</summary>
    StoreFull,

    /// <summary>Deliveries into one service's store are deferred as the store unreachable.</summary>
    StoreUnavailable,

    /// <summary>Deliveries bounce as unknown users: the user/mailbox binding is broken.</summary>
    BindingBroken,

    /// <summary>Logins of many distinct users fail on the hosts of one service.</summary>
    LoginStorm,

    /// <summary>A store's filesystem fills at a rate that ends it within hours: a precursor.</summary>
    StoreFilling,
}

/// <summary>
/// One injected fault and the truth the pipeline must find: from cycle <see cref="From"/> to
/// <see cref="Until"/> (exclusive). The targets are the site's objects, so the truth holds under
/// any spelling of their names.
/// </summary>
internal sealed record InjectedFault(FaultKind Kind, int From, int Until)
{
    public SiteController? Controller { get; init; }

    public SitePath? Path { get; init; }

    /// <summary>The FC port (an HBA or controller port id) of a port fault.</summary>
    public string? Port { get; init; }

    public SiteService? Service { get; init; }

    public SiteHost? Host { get; init; }

    public SiteVolume? Volume { get; init; }

    /// <summary>Distinct people whose logins fail in a login storm.</summary>
    public int People { get; init; }

    /// <summary>Whether the fault's finding is a precursor warning, which opens no incident.</summary>
    public bool WarningOnly => Kind is FaultKind.FcOpticalPower or FaultKind.FcPortErrors or FaultKind.StoreFilling;

    /// <summary>The kind of the finding the fault must raise (the incident's root when it opens one).</summary>
    public string RootKind => Kind switch
    {
        FaultKind.ControllerStop => FindingKinds.ControllerFailed,
        FaultKind.PathLoss => FindingKinds.PathsDegraded,
        FaultKind.FcOpticalPower => FindingKinds.FcOpticalPowerLow,
        FaultKind.FcPortErrors => FindingKinds.FcPortErrors,
        FaultKind.ServiceSlow => FindingKinds.ServiceSlow,
        FaultKind.ServiceDown => FindingKinds.ServiceDown,
        FaultKind.QueueBacklog => FindingKinds.MailQueueBacklog,
        FaultKind.StoreFull => FindingKinds.MailboxStoreFull,
        FaultKind.StoreUnavailable => FindingKinds.MailboxStoreUnavailable,
        FaultKind.BindingBroken => FindingKinds.MailboxBindingBroken,
        FaultKind.LoginStorm => FindingKinds.LoginFailures,
        FaultKind.StoreFilling => FindingKinds.StoreFilling,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    /// <summary>The entity of that finding.</summary>
    public string RootEntity => Kind switch
    {
        FaultKind.ControllerStop => Controller!.Id,
        FaultKind.PathLoss => Path!.Volume.Id,
        FaultKind.FcOpticalPower or FaultKind.FcPortErrors => Port!,
        FaultKind.ServiceSlow => $"{Service!.Id}/pop3",
        FaultKind.ServiceDown => $"{Service!.Id}/imap",
        FaultKind.LoginStorm => $"{Service!.Id}/pop3",
        FaultKind.StoreFilling => Volume!.Id,
        _ => Service!.Id,
    };

    /// <summary>
    /// The services whose users the fault reaches: a controller with no partner leaves its
    /// volumes unreachable and its services' POP3, IMAP and webmail down; storage faults with
    /// redundancy left reach nobody; a login storm reaches the people seen failing, not contracts.
    /// </summary>
    public IReadOnlyList<SiteService> ServicesHit(GeneratedSite site) => Kind switch
    {
        FaultKind.ControllerStop when Controller!.Partner is null =>
            [.. site.Volumes.Where(v => v.Owner == Controller).Select(v => v.Service).Distinct()],
        FaultKind.ControllerStop or FaultKind.PathLoss or FaultKind.LoginStorm => [],
        _ when WarningOnly => [],
        _ => [Service!],
    };

    /// <summary>
    /// The longest the rules take, in cycles of 30 s, from the fault's start to its incident's
    /// opening (their documented samples in a row, plus one for the sample in flight).
    /// </summary>
    public int OnsetDelay => Kind switch
    {
        FaultKind.ServiceDown => 2 + 1,    // ProbeFailuresInARow
        FaultKind.ServiceSlow => 3 + 1,    // SlowProbeSamples
        FaultKind.QueueBacklog => 4 + 1,   // QueueBacklogMessages reached and growing
        FaultKind.StoreFull or FaultKind.StoreUnavailable or FaultKind.BindingBroken => 3 + 1, // three samples at the failure rate
        FaultKind.LoginStorm => 5 + 1,     // five samples of the failure ratio
        _ => 1,
    };

    /// <summary>The longest from the fault's end to recovery: the clear samples of the hysteresis, or the queue draining below its threshold.</summary>
    public int RecoveryDelay => Kind switch
    {
        FaultKind.QueueBacklog => 12,
        FaultKind.LoginStorm => 5 + 3,
        _ => 3 + 1, // ClearSamples
    };
}
