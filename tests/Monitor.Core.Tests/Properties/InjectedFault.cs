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

    /// <summary>An active path stays up and carries I/O while it times out and answers 200 times slower than its sibling.</summary>
    GrayPath,

    /// <summary>A controller reports a critical fault but keeps its volumes; its paths time out and its partner does not take over.</summary>
    FailoverMissing,

    /// <summary>A serving controller's latency climbs past the threshold and keeps climbing.</summary>
    LatencyBuildUp,

    /// <summary>A controller stops while the load surges: its partner carries both at 130% of its rated IOPS.</summary>
    SurvivorOverloadIops,

    /// <summary>A controller stops while large I/Os surge: its partner moves 150% of its rated throughput at 60% of its IOPS.</summary>
    SurvivorOverloadThroughput,

    /// <summary>Both partners healthy, their load together 130% of what one is rated for in IOPS: a precursor.</summary>
    HeadroomIops,

    /// <summary>Both partners healthy, their large I/Os together 150% of what one is rated to move: a precursor.</summary>
    HeadroomThroughput,

    /// <summary>The kernel marks an HBA port Marginal: a precursor.</summary>
    FcPortMarginal,

    /// <summary>A drive of a volume predicts its failure: a precursor.</summary>
    DriveFailurePredicted,

    /// <summary>A volume rebuilds onto a spare: a precursor.</summary>
    VolumeRebuilding,

    /// <summary>A relay for one service's mail is written as a name that does not resolve: its deferrals pile up on DNS lookups.</summary>
    RelayDns,

    /// <summary>Deliveries into one service's store fail for a reason the log does not classify.</summary>
    DeliveryUnclassified,

    /// <summary>A host drops mail without delivering it.</summary>
    MailLoss,

    /// <summary>Another tenant's 1 KiB I/Os arrive on a controller, half its rated IOPS: a precursor.</summary>
    SmallIoShift,
}

/// <summary>An incident a fault must open: its root, and the services whose every contract it reaches.</summary>
internal sealed record ExpectedIncident(string RootKind, string RootEntity, IReadOnlyList<SiteService> ServicesHit);

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
    public bool WarningOnly => Kind is FaultKind.FcOpticalPower or FaultKind.FcPortErrors or FaultKind.StoreFilling or FaultKind.HeadroomIops
        or FaultKind.HeadroomThroughput or FaultKind.FcPortMarginal or FaultKind.DriveFailurePredicted or FaultKind.VolumeRebuilding or FaultKind.SmallIoShift;

    /// <summary>
    /// When a fault of <paramref name="kind"/> starts and ends in a one-fault case: a shift in the
    /// I/O mix is judged against the window's oldest half hour, so it needs 90 minutes of history
    /// first, and up to half an hour for the newest half hour's mean to show it.
    /// </summary>
    public static (int From, int Until) Span(FaultKind kind) => kind == FaultKind.SmallIoShift
        ? (190, 190 + 40)
        : (DetectionCase.FaultFrom, DetectionCase.FaultFrom + DetectionCase.FaultCycles);

    /// <summary>The controller that carries the load alone in a survivor's overload: the stopped one's partner.</summary>
    public SiteController? Survivor => Kind is FaultKind.SurvivorOverloadIops or FaultKind.SurvivorOverloadThroughput ? Controller!.Partner : null;

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
        FaultKind.GrayPath => FindingKinds.GrayPath,
        FaultKind.FailoverMissing => FindingKinds.FailoverMissing,
        FaultKind.LatencyBuildUp => FindingKinds.LatencyAccumulation,
        FaultKind.SurvivorOverloadIops or FaultKind.SurvivorOverloadThroughput => FindingKinds.ControllerFailed,
        FaultKind.HeadroomIops => FindingKinds.N1HeadroomIops,
        FaultKind.HeadroomThroughput => FindingKinds.N1HeadroomThroughput,
        FaultKind.FcPortMarginal => FindingKinds.FcPortMarginal,
        FaultKind.DriveFailurePredicted => FindingKinds.DriveFailurePredicted,
        FaultKind.VolumeRebuilding => FindingKinds.VolumeRebuilding,
        FaultKind.RelayDns => FindingKinds.MailDeferredDns,
        FaultKind.DeliveryUnclassified => FindingKinds.MailboxDeliveryFailing,
        FaultKind.MailLoss => FindingKinds.MailLoss,
        FaultKind.SmallIoShift => FindingKinds.SmallIoShift,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    /// <summary>
    /// Findings the fault must raise besides its root, each as a symptom of the root's incident:
    /// the survivor's overload under its stopped partner, the failing controller's timing-out paths.
    /// </summary>
    public IReadOnlyList<(string Kind, string Entity)> AlsoRaises(GeneratedSite site) => Kind switch
    {
        FaultKind.SurvivorOverloadIops => [(FindingKinds.DegradedOverloadIops, Survivor!.Id)],
        FaultKind.SurvivorOverloadThroughput => [(FindingKinds.DegradedOverloadThroughput, Survivor!.Id)],
        FaultKind.FailoverMissing => [.. TimingOut(site).Select(p => (FindingKinds.GrayPath, p.Id))],
        _ => [],
    };

    /// <summary>The paths that time out under the fault: a gray path, or every carrying path of a controller that did not fail over.</summary>
    public IEnumerable<SitePath> TimingOut(GeneratedSite site) => Kind switch
    {
        FaultKind.GrayPath => [Path!],
        FaultKind.FailoverMissing => site.Paths.Where(p => p.Controller == Controller && p.Volume.Owner == Controller),
        _ => [],
    };

    /// <summary>The entity of that finding.</summary>
    public string RootEntity => Kind switch
    {
        FaultKind.ControllerStop or FaultKind.FailoverMissing or FaultKind.LatencyBuildUp or FaultKind.SurvivorOverloadIops
            or FaultKind.SurvivorOverloadThroughput or FaultKind.HeadroomIops or FaultKind.HeadroomThroughput or FaultKind.SmallIoShift => Controller!.Id,
        FaultKind.PathLoss => Path!.Volume.Id,
        FaultKind.GrayPath => Path!.Id,
        FaultKind.FcPortMarginal => Port!,
        FaultKind.DriveFailurePredicted or FaultKind.VolumeRebuilding => Volume!.Id,
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
    /// redundancy left, or that slow I/O the probes do not feel, reach nobody; a login storm
    /// reaches the people seen failing, not contracts; mail dropped on a host reaches every service
    /// whose mail passes there, since whose mail it was cannot be told.
    /// </summary>
    public IReadOnlyList<SiteService> ServicesHit(GeneratedSite site) => Kind switch
    {
        FaultKind.ControllerStop when Controller!.Partner is null =>
            [.. site.Volumes.Where(v => v.Owner == Controller).Select(v => v.Service).Distinct()],
        FaultKind.MailLoss => Host!.Services,
        FaultKind.LoginStorm => [],
        _ when WarningOnly || Service is null => [],
        _ => [Service!],
    };

    /// <summary>
    /// The incidents the fault must open: one rooted at its finding, or, for mail dropped on a
    /// host that several services share, one per service (each service's mail is lost there).
    /// </summary>
    public IReadOnlyList<ExpectedIncident> Expected(GeneratedSite site) => Kind switch
    {
        _ when WarningOnly => [],
        FaultKind.MailLoss => [.. Host!.Services.Select(s => new ExpectedIncident(RootKind, s.Id, [s]))],
        _ => [new ExpectedIncident(RootKind, RootEntity, ServicesHit(site))],
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
        FaultKind.RelayDns => 4 + 1,       // as a backlog: QueueBacklogMessages reached and growing
        FaultKind.DeliveryUnclassified => 3 + 1,
        FaultKind.GrayPath or FaultKind.FailoverMissing => 3 + 1, // three samples of timeouts or health
        FaultKind.LatencyBuildUp => 5 + 1, // LatencyBuildUpSamples
        FaultKind.MailLoss => 1 + 1,       // any message dropped
        _ => 1,
    };

    /// <summary>The longest from the fault's end to recovery: the clear samples of the hysteresis, or the queue draining below its threshold.</summary>
    public int RecoveryDelay => Kind switch
    {
        FaultKind.QueueBacklog or FaultKind.RelayDns => 12,
        FaultKind.LoginStorm => 5 + 3,
        FaultKind.MailLoss => 5 + 1,       // no drop in its last five samples
        _ => 3 + 1, // ClearSamples
    };
}
