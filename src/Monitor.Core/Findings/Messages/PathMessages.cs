namespace Monitor.Core.Findings.Messages;

/// <summary>The sentences of the access paths' and FC ports' findings.</summary>
public static class PathMessages
{
    /// <summary>The kernel marks an FC port Marginal.</summary>
    public const string FcPortMarginal = "fc_port_marginal";

    /// <summary>FC error counters climb on a port.</summary>
    public const string FcPortErrors = "fc_port_errors";

    /// <summary>A port's optical power has been low for longer than the window keeps.</summary>
    public const string FcOpticalPowerHeldLow = "fc_optical_power_low.held";

    /// <summary>A port's optical power fell below its usual level.</summary>
    public const string FcOpticalPowerLow = "fc_optical_power_low";

    /// <summary>A fragment: how one host reaches a volume (up of total paths, which are down).</summary>
    public const string PathsOfHost = "paths.of_host";

    /// <summary>A host reaches a volume over one path only: one failure from a stop.</summary>
    public const string PathsDegradedLastPath = "paths_degraded.last_path";

    /// <summary>A host reaches a volume over fewer paths, more than one left.</summary>
    public const string PathsDegradedReduced = "paths_degraded.reduced";

    /// <summary>A host reaches a volume over no path at all.</summary>
    public const string PathsLost = "paths_lost";

    /// <summary>A path up and used while its I/O times out.</summary>
    public const string GrayPathTimeouts = "gray_path.timeouts";

    /// <summary>A path up and used while its latency stands out from its siblings'.</summary>
    public const string GrayPathSlow = "gray_path.slow";

    /// <summary>Every entry.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } =
    [
        new(
            FcPortMarginal,
            "FC port {port:id} is Marginal since {since}: the kernel saw it degrade but still sends I/O through it.",
            "{port}は{since}以降、カーネルにより品質低下（マージナル）と判定されていますが、入出力は引き続きこのポートを経由しています。"),
        new(
            FcPortErrors,
            "FC port {port:id} counts {rate:0.##} errors/s (CRC, link, sync, signal, words), at least {limit:0.###}/s in {climbing} of its last {samples} samples, since {since}: a failing optic or cable; replace it before it takes I/O down.",
            "{port}で毎秒{rate:0.##}件の伝送エラー（CRC、リンク、同期、信号、ワード）が発生しており、{since}以降、直近{samples}回の計測のうち{climbing}回で毎秒{limit:0.###}件以上でした。光モジュールまたはケーブルの劣化が考えられます。入出力が停止する前に交換してください。"),
        new(
            FcOpticalPowerHeldLow,
            "FC port {port:id} {direction} power is {power:0.0} dBm and has stayed low since {since}, longer than the {window} the agent keeps: the signal is degraded while the port stays online.",
            "{port}の{direction}レベルは{power:0.0} dBmで、{since}以降、監視エージェントが保持する{window}を超えて低いままです。ポートはオンラインのままですが、信号が劣化しています。"),
        new(
            FcOpticalPowerLow,
            "FC port {port:id} {direction} power is {power:0.0} dBm, {drop:0.0} dB below its usual {usual:0.0} dBm, since {since}: the signal is degrading while the port stays online.",
            "{port}の{direction}レベルが{since}以降、通常の{usual:0.0} dBmより{drop:0.0} dB低い{power:0.0} dBmとなっています。ポートはオンラインのままですが、信号が劣化しつつあります。"),
        new(
            PathsOfHost,
            "{host:id} over {up} of {total} paths ({down:id} down[, {unknown} unknown])",
            "{host}からは経路{total}本のうち{up}本（停止: {down}[、状態不明: {unknown}本]）")
        {
            Fragment = true,
        },
        new(
            PathsDegradedLastPath,
            "Since {since} volume {volume:id} is reached by {hosts}: degraded operation, one more failure stops I/O.",
            "{since}以降、{volume}へのアクセス経路が減少しています（{hosts}）。縮退運転中であり、もう1つ障害が発生すると入出力が停止します。"),
        new(
            PathsDegradedReduced,
            "Since {since} volume {volume:id} is reached by {hosts}: degraded operation, with less redundancy left.",
            "{since}以降、{volume}へのアクセス経路が減少しています（{hosts}）。縮退運転中であり、経路の冗長性が低下しています。"),
        new(
            PathsLost,
            "Since {since} volume {volume:id} is reached by {hosts}: no path is left, I/O to the volume fails.",
            "{since}以降、{volume}へのアクセス経路が失われています（{hosts}）。利用できる経路がなく、ボリュームへの入出力が失敗しています。"),
        new(
            GrayPathTimeouts,
            "Path {path:id} ({host:id} -> {controller:id}) is still up and carrying I/O with I/O timeouts in {timeouts} of its last {samples} samples since {since}, and no failover was taken: I/O through it waits or fails.",
            "{path}（{host}から{controller}への経路）は稼働中として入出力を運び続けていますが、{since}以降、直近{samples}回の計測のうち{timeouts}回で入出力のタイムアウトが発生しています。経路の切替えは行われておらず、この経路を通る入出力は待たされるか失敗しています。"),
        new(
            GrayPathSlow,
            "Path {path:id} ({host:id} -> {controller:id}) is still up and carrying I/O with latency {latency:ms} against {siblings:ms} on its sibling paths since {since}, and no failover was taken: I/O through it waits or fails.",
            "{path}（{host}から{controller}への経路）は稼働中として入出力を運び続けていますが、{since}以降、応答時間が{latency:ms}と、同じボリュームへの他の経路の{siblings:ms}を大きく上回っています。経路の切替えは行われておらず、この経路を通る入出力は待たされるか失敗しています。"),
    ];
}
