namespace Monitor.Core.Findings.Messages;

/// <summary>The sentences of the storage controllers' and volumes' findings.</summary>
public static class StorageMessages
{
    /// <summary>A controller stopped and its partner carries its volumes alone.</summary>
    public const string ControllerFailedPartnerAlone = "controller_failed.partner_alone";

    /// <summary>A controller without a partner stopped.</summary>
    public const string ControllerFailedNoPartner = "controller_failed.no_partner";

    /// <summary>A controller stopped and its partner is down too.</summary>
    public const string ControllerFailedPartnerDown = "controller_failed.partner_down";

    /// <summary>A controller stopped and its partner's state is unknown.</summary>
    public const string ControllerFailedPartnerUnknown = "controller_failed.partner_unknown";

    /// <summary>A surviving controller runs above its rated IOPS.</summary>
    public const string DegradedOverloadIops = "degraded_overload_iops";

    /// <summary>A surviving controller runs above its rated throughput.</summary>
    public const string DegradedOverloadThroughput = "degraded_overload_throughput";

    /// <summary>Drives of a volume predict their failure.</summary>
    public const string DriveFailurePredicted = "drive_failure_predicted";

    /// <summary>A faulty controller still takes I/O and its partner has not taken over.</summary>
    public const string FailoverMissing = "failover_missing";

    /// <summary>A controller's latency has built up and is not falling.</summary>
    public const string LatencyRising = "latency_accumulation.rising";

    /// <summary>A controller's latency has built up and is not yet back under its clear level.</summary>
    public const string LatencyNotCleared = "latency_accumulation.not_cleared";

    /// <summary>One partner alone could not carry both loads in IOPS.</summary>
    public const string N1HeadroomIops = "n1_headroom_iops";

    /// <summary>One partner alone could not carry both loads in throughput.</summary>
    public const string N1HeadroomThroughput = "n1_headroom_throughput";

    /// <summary>More operations, smaller I/Os, the same bytes.</summary>
    public const string SmallIoShiftSameBytes = "small_io_shift.same_bytes";

    /// <summary>More operations, smaller I/Os, a few more bytes.</summary>
    public const string SmallIoShiftMoreBytes = "small_io_shift.more_bytes";

    /// <summary>More operations, smaller I/Os, fewer bytes.</summary>
    public const string SmallIoShiftFewerBytes = "small_io_shift.fewer_bytes";

    /// <summary>A store runs out of bytes.</summary>
    public const string StoreFillingBytes = "store_filling.bytes";

    /// <summary>A store runs out of inodes.</summary>
    public const string StoreFillingFiles = "store_filling.inodes";

    /// <summary>A store runs out of bytes and inodes.</summary>
    public const string StoreFillingBoth = "store_filling.both";

    /// <summary>A volume rebuilds onto a drive.</summary>
    public const string VolumeRebuilding = "volume_rebuilding";

    /// <summary>Every entry.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } =
    [
        new(
            ControllerFailedPartnerAlone,
            "{controller} stopped at {since}; its partner {partner:id} now serves its volumes alone (degraded operation, no redundancy left).",
            "{controller}が{since}に停止しました。対となる{partner}が単独でボリュームを処理しており、冗長性のない縮退運転となっています。"),
        new(
            ControllerFailedNoPartner,
            "{controller} stopped at {since}; it has no partner, so its volumes are unreachable.",
            "{controller}が{since}に停止しました。対となるコントローラがないため、そのボリュームにアクセスできません。"),
        new(
            ControllerFailedPartnerDown,
            "{controller} stopped at {since}; its partner {partner:id} is down too, so no controller serves its volumes.",
            "{controller}が{since}に停止しました。対となる{partner}も停止しており、そのボリュームを処理するコントローラがありません。"),
        new(
            ControllerFailedPartnerUnknown,
            "{controller} stopped at {since}; the state of its partner {partner:id} is unknown.",
            "{controller}が{since}に停止しました。対となる{partner}の状態は不明です。"),
        new(
            DegradedOverloadIops,
            "{controller} serves alone since {partner:id} stopped and has run above its rated {rated} IOPS since {since}[ (now {now})][ while throughput is only {throughput} of rated: the load is many small I/Os]; I/O will queue and latency will build up.",
            "{partner}の停止後、{controller}が単独で入出力を処理しており、{since}以降、定格の{rated} IOPSを超えています[（現在は定格の{now}）][。スループットは定格の{throughput}にとどまっており、小さな入出力が多数発生しています]。入出力が滞留し、応答時間が悪化するおそれがあります。"),
        new(
            DegradedOverloadThroughput,
            "{controller} serves alone since {partner:id} stopped and has moved more than its rated {rated}/s since {since}[ (now {now}[, IOPS at {iops}])]; I/O will queue and latency will build up.",
            "{partner}の停止後、{controller}が単独で入出力を処理しており、{since}以降、定格の毎秒{rated}を超えるデータを転送しています[（現在は定格の{now}[、IOPSは定格の{iops}]）]。入出力が滞留し、応答時間が悪化するおそれがあります。"),
        new(
            DriveFailurePredicted,
            "Since {since} {drives} {drives#drive|drives} of volume {volume:id} {drives#predicts its|predict their} failure: replace {drives#it|them} while that is planned work; once a drive fails the volume rebuilds without redundancy.",
            "{since}以降、{volume}のドライブ{drives}台が故障の予兆を示しています。計画作業として交換できるうちに交換してください。ドライブが故障すると、ボリュームは冗長性のない状態で再構築されます。"),
        new(
            FailoverMissing,
            "{controller} reports a critical fault since {since} but still takes I/O, and {partner:id} has not taken over[; I/O times out on {paths}]: switch the paths to the partner by hand.",
            "{controller}が{since}以降、重大な障害を報告していますが、入出力を受け付け続けており、{partner}への切替えが行われていません[。{paths}で入出力のタイムアウトが発生しています]。経路を手動で{partner}へ切り替えてください。"),
        new(
            LatencyRising,
            "Latency on {controller} has built up for {for}: {now:ms} now[, {queued} I/Os queued], above {threshold:ms} since {since} and not falling; I/O is queueing faster than it is served.",
            "{controller}の応答時間が{for}にわたり悪化しています。現在{now:ms}[、待ち行列の入出力{queued}件]で、{since}以降、{threshold:ms}を上回ったまま低下していません。入出力の到着が処理を上回り、滞留が続いています。"),
        new(
            LatencyNotCleared,
            "Latency on {controller} has built up for {for}: {now:ms} now[, {queued} I/Os queued], above {threshold:ms} since {since} and not yet back under {clear:ms} for {samples} samples; the queue may not have drained.",
            "{controller}の応答時間が{for}にわたり悪化しています。現在{now:ms}[、待ち行列の入出力{queued}件]です。{since}以降{threshold:ms}を上回り、まだ{samples}回続けて{clear:ms}を下回っていないため、滞留が解消していない可能性があります。"),
        new(
            N1HeadroomIops,
            "If {partner:id} failed, {controller} alone would carry {load} IOPS, {share} of its rated IOPS: no headroom for degraded operation.",
            "{partner}が停止した場合、{controller}が単独で{load} IOPSを処理することになり、定格の{share}に達します。縮退運転に耐える余力がありません。"),
        new(
            N1HeadroomThroughput,
            "If {partner:id} failed, {controller} alone would carry {load}/s, {share} of its rated throughput: no headroom for degraded operation.",
            "{partner}が停止した場合、{controller}が単独で毎秒{load}を転送することになり、定格のスループットの{share}に達します。縮退運転に耐える余力がありません。"),
        new(
            SmallIoShiftSameBytes,
            "{controller} now serves {rise} more operations than {ago} ago with the same bytes (mean I/O {before} KiB -> {after} KiB): someone's small, frequent I/O eats capacity that a throughput graph does not show.",
            "{controller}の処理件数が{ago}前と比べて{rise}増えていますが、転送量は変わっていません（平均入出力サイズ {before} KiB → {after} KiB）。小さく頻繁な入出力が、スループットのグラフには表れない処理能力を消費しています。"),
        new(
            SmallIoShiftMoreBytes,
            "{controller} now serves {rise} more operations than {ago} ago with only {bytes} more bytes (mean I/O {before} KiB -> {after} KiB): someone's small, frequent I/O eats capacity that a throughput graph does not show.",
            "{controller}の処理件数が{ago}前と比べて{rise}増えていますが、転送量の増加は{bytes}にとどまっています（平均入出力サイズ {before} KiB → {after} KiB）。小さく頻繁な入出力が、スループットのグラフには表れない処理能力を消費しています。"),
        new(
            SmallIoShiftFewerBytes,
            "{controller} now serves {rise} more operations than {ago} ago with {bytes} fewer bytes (mean I/O {before} KiB -> {after} KiB): someone's small, frequent I/O eats capacity that a throughput graph does not show.",
            "{controller}の処理件数が{ago}前と比べて{rise}増えていますが、転送量は{bytes}減っています（平均入出力サイズ {before} KiB → {after} KiB）。小さく頻繁な入出力が、スループットのグラフには表れない処理能力を消費しています。"),
        new(
            StoreFillingBytes,
            "{store:id}: {bytes_left:binary} ({bytes_share:fine}) left[, filling at {bytes_rate:binary}/h: full in about {bytes_full}][{bytes_steady}]. Grow the store or move mail while that is planned work: once it is full every delivery into it fails.",
            "{store}の空き容量は{bytes_left:binary}（{bytes_share:fine}）です[。1時間あたり{bytes_rate:binary}のペースで減少しており、約{bytes_full}で満杯になります][{bytes_steady}]。満杯になるとこのストアへの配送はすべて失敗するため、計画作業として実施できるうちに容量の拡張またはメールの移動を行ってください。"),
        new(
            StoreFillingFiles,
            "{store:id}: {files_left} inodes ({files_share:fine}) left[, filling at {files_rate} inodes/h: full in about {files_full}][{files_steady}]. Grow the store or move mail while that is planned work: once it is full every delivery into it fails.",
            "{store}で作成できる残りのファイル数は{files_left}（{files_share:fine}）です[。1時間あたり{files_rate}のペースで減少しており、約{files_full}で上限に達します][{files_steady}]。上限に達するとこのストアへの配送はすべて失敗するため、計画作業として実施できるうちに容量の拡張またはメールの移動を行ってください。"),
        new(
            StoreFillingBoth,
            "{store:id}: {bytes_left:binary} ({bytes_share:fine}) left[, filling at {bytes_rate:binary}/h: full in about {bytes_full}][{bytes_steady}]; {files_left} inodes ({files_share:fine}) left[, filling at {files_rate} inodes/h: full in about {files_full}][{files_steady}]. Grow the store or move mail while that is planned work: once it is full every delivery into it fails.",
            "{store}の空き容量は{bytes_left:binary}（{bytes_share:fine}）です[。1時間あたり{bytes_rate:binary}のペースで減少しており、約{bytes_full}で満杯になります][{bytes_steady}]。作成できる残りのファイル数は{files_left}（{files_share:fine}）です[。1時間あたり{files_rate}のペースで減少しており、約{files_full}で上限に達します][{files_steady}]。いずれかが尽きるとこのストアへの配送はすべて失敗するため、計画作業として実施できるうちに容量の拡張またはメールの移動を行ってください。"),
        new(
            VolumeRebuilding,
            "Volume {volume:id} is rebuilding since {since}[ ({done} done)][ while {down:id} {down#is|are} down: {up:id} carries the volume's I/O and the rebuild alone]: until it ends the volume has no redundancy left, and the rebuild's I/O loads its drives and controller.",
            "{volume}は{since}以降、再構築中です[（進捗{done}）][。{down}が停止しているため、{up}が単独で入出力と再構築を処理しています]。再構築が終わるまでボリュームに冗長性はなく、再構築の入出力がドライブとコントローラの負荷となります。"),
    ];
}
