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
    ];
}
