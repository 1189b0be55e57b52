using Monitor.Core.Signals;

namespace Monitor.Core.Findings;

/// <summary>
/// The vocabulary of finding kinds: the kind strings rules put on findings (and the wire carries),
/// and for each one descriptor (<see cref="FindingKind"/>) in one ordered list. The order is the
/// order in which kinds explain each other: when two findings sit equally far upstream, the one
/// with the lower cause rank is the better root-cause candidate (a stopped controller explains an
/// overloaded partner, not the reverse). A new kind is one constant and one row here.
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

    /// <summary>A mail function answers its probes many times slower than usual.</summary>
    public const string ServiceSlow = "service_slow";

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

    /// <summary>Precursor: drives of a volume predict their failure.</summary>
    public const string DriveFailurePredicted = "drive_failure_predicted";

    /// <summary>Precursor: a volume rebuilds onto a drive, without redundancy until it ends.</summary>
    public const string VolumeRebuilding = "volume_rebuilding";

    /// <summary>Precursor: a filesystem (the mail store) would run out of bytes or inodes soon at its rate of filling, or has little left.</summary>
    public const string StoreFilling = "store_filling";

    /// <summary>A path still up and used while its timeouts or latency stand out from its siblings: no failover.</summary>
    public const string GrayPath = "gray_path";

    /// <summary>Deferred mail piles up or waits long.</summary>
    public const string MailQueueBacklog = "mail_queue_backlog";

    /// <summary>Deferred mail piles up, mostly for DNS-lookup reasons (seed 004's relay typo).</summary>
    public const string MailDeferredDns = "mail_deferred_dns";

    /// <summary>Many POP3/IMAP logins fail.</summary>
    public const string LoginFailures = "login_failures";

    /// <summary>Deliveries into the mailbox store fail, for a reason the log does not tell (or none of the classes below).</summary>
    public const string MailboxDeliveryFailing = "mailbox_delivery_failing";

    /// <summary>Deliveries fail because the mailbox store cannot be written: unreachable, or mounted read-only.</summary>
    public const string MailboxStoreUnavailable = "mailbox_store_unavailable";

    /// <summary>Deliveries fail because the mailbox store is full or mailboxes are over quota.</summary>
    public const string MailboxStoreFull = "mailbox_store_full";

    /// <summary>Deliveries fail for unknown users: the binding of addresses to mailboxes is broken (seed 002, Canon).</summary>
    public const string MailboxBindingBroken = "mailbox_binding_broken";

    /// <summary>Mail is dropped without delivery.</summary>
    public const string MailLoss = "mail_loss";

    /// <summary>The end of a causal chain: a stopped service's users. A chain link, never a rule's finding.</summary>
    public const string UsersAffected = "users_affected";

    // The order is what causes what, each layer explaining the ones after it:
    //   hardware (a controller, its failover, an FC port: light -> errors -> marked marginal)
    //   -> access paths (lost, reduced, gray)
    //   -> load (a survivor overloaded; then the warnings: a shift to small I/Os uses up the headroom)
    //   -> latency
    //   -> store and delivery failures (the store unreachable or read-only, full, its user binding
    //      broken, any other failure; a next hop that cannot be looked up)
    //   -> queues (mail waits because deliveries fail, never the reverse)
    //   -> what users see (mail lost, logins failing, a function stopped) -> users affected.
    // A precursor at an upstream port outranks everything downstream of it anyway (depth comes
    // first); at the same entity a failure explains its own warnings. Within a layer, the more
    // specific kind first, so the root is titled by what to fix.
    // Plannable: what a planned change is expected to cause at (and downstream of) its entity.
    // What users feel (a stopped service, an overloaded survivor) is never "expected".
    private static readonly FindingKind[] Rows =
    [
        Row(ControllerFailed, FindingClass.Failure, true, UserImpact.None, "Storage controller stopped", "ストレージコントローラの停止"),
        Row(FailoverMissing, FindingClass.Failure, false, UserImpact.None, "Failover did not take place", "フェイルオーバー（系切替え）の不作動"),
        Row(FcOpticalPowerLow, FindingClass.Precursor, true, UserImpact.None, "FC optical power falling", "FCポートの光信号レベルの低下"),
        Row(FcPortErrors, FindingClass.Precursor, true, UserImpact.None, "FC port errors climbing", "FCポートにおけるエラーの増加"),
        Row(FcPortMarginal, FindingClass.Precursor, true, UserImpact.None, "FC port marked marginal", "FCポートの品質低下（Marginal）"),
        Row(DriveFailurePredicted, FindingClass.Precursor, true, UserImpact.None, "Drive predicting its failure", "ドライブの故障予兆"),
        Row(VolumeRebuilding, FindingClass.Precursor, true, UserImpact.None, "Volume rebuilding without redundancy", "ボリュームのリビルド（冗長性なし）"),
        Row(StoreFilling, FindingClass.Precursor, false, UserImpact.None, "Mail store filling up", "メールストアの容量逼迫"),
        Row(PathsLost, FindingClass.Failure, true, UserImpact.None, "All access paths lost", "全アクセスパスの喪失"),
        Row(PathsDegraded, FindingClass.Failure, true, UserImpact.None, "Access paths reduced", "アクセスパスの縮退"),
        Row(GrayPath, FindingClass.Failure, false, UserImpact.None, "Path failing without failover", "アクセスパスの応答遅延（切替え未発生）"),
        Row(DegradedOverloadIops, FindingClass.Failure, false, UserImpact.None, "Surviving controller overloaded (IOPS)", "縮退運転中のストレージコントローラの過負荷（IOPS）"),
        Row(DegradedOverloadThroughput, FindingClass.Failure, false, UserImpact.None, "Surviving controller overloaded (throughput)", "縮退運転中のストレージコントローラの過負荷（転送量）"),
        Row(SmallIoShift, FindingClass.Precursor, false, UserImpact.None, "Shift to small I/Os", "I/Oサイズの小型化による処理件数の増加"),
        Row(N1HeadroomIops, FindingClass.Precursor, false, UserImpact.None, "No headroom for one controller alone (IOPS)", "冗長構成における処理能力の余裕不足（IOPS）"),
        Row(N1HeadroomThroughput, FindingClass.Precursor, false, UserImpact.None, "No headroom for one controller alone (throughput)", "冗長構成における処理能力の余裕不足（転送量）"),
        Row(LatencyAccumulation, FindingClass.Failure, false, UserImpact.None, "Storage latency building up", "ストレージ応答時間の継続的な悪化"),
        Row(MailboxStoreUnavailable, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Degrades), "Mailbox store unreachable or read-only", "メールボックス格納領域への書込み不能（到達不能・読取り専用）"),
        Row(MailboxStoreFull, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Degrades), "Mailbox store full or over quota", "メールボックス格納領域の容量不足（満杯・容量制限超過）"),
        Row(MailboxBindingBroken, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Degrades), "Mail for unknown users (user/mailbox binding broken)", "利用者とメールボックスの対応付けの不整合による配信の失敗"),
        Row(MailboxDeliveryFailing, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Degrades), "Delivery into mailboxes failing", "メールボックスへの配信の失敗"),
        Row(MailDeferredDns, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Degrades), "Mail deferred by DNS lookup failures", "DNS名前解決の失敗によるメール配送の遅延"),
        Row(MailQueueBacklog, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Degrades), "Mail queue backlog", "メールキューの滞留による配送の遅延"),
        Row(MailLoss, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Degrades), "Mail lost", "メールの消失"),
        Row(LoginFailures, FindingClass.Failure, false, UserImpact.ObservedUsers(MetricCatalog.MailLoginFailedUsers, FunctionEffect.Degrades), "Mail logins failing", "メール受信時の認証（POP3/IMAP）の失敗"),
        Row(ServiceDown, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Stops), "Mail service stopped", "メールサービスの停止"),
        // What users see last: a slow answer is explained by everything above it (storage latency, a gray path).
        Row(ServiceSlow, FindingClass.Failure, false, UserImpact.AllContracts(FunctionEffect.Degrades), "Mail service slow", "メールサービスの応答遅延（品質の低下）"),
        Row(UsersAffected, FindingClass.Outcome, false, UserImpact.None, "Users affected", "利用者への影響"),
    ];

    // The rank is a row's place in the list, so the two cannot disagree.
    private static readonly FindingKind[] Ordered = [.. Rows.Select((row, index) => row with { CauseRank = index })];

    private static readonly Dictionary<string, FindingKind> ByName = Ordered.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>Every registered kind, most likely cause first; a kind's index is its cause rank.</summary>
    public static IReadOnlyList<FindingKind> All { get; } = Array.AsReadOnly(Ordered);

    /// <summary>Whether <paramref name="kind"/> is in the vocabulary.</summary>
    public static bool IsRegistered(string kind) => ByName.ContainsKey(kind);

    /// <summary>
    /// The descriptor of <paramref name="kind"/>. An unknown kind gets one that ranks last, is never
    /// planned, hits no user and is named by its own string.
    /// </summary>
    public static FindingKind Describe(string kind) =>
        ByName.TryGetValue(kind, out var known)
            ? known
            : new FindingKind(kind, Ordered.Length, FindingClass.Failure, false, UserImpact.None, kind, kind);

    /// <summary>Lower means more likely a cause than a consequence; unknown kinds rank last.</summary>
    public static int CauseRank(string kind) => Describe(kind).CauseRank;

    private static FindingKind Row(string name, FindingClass kindClass, bool plannable, UserImpact impact, string english, string japanese) =>
        new(name, 0, kindClass, plannable, impact, english, japanese);
}
