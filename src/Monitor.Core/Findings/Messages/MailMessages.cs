namespace Monitor.Core.Findings.Messages;

/// <summary>The sentences of the mail functions', queues' and deliveries' findings.</summary>
public static class MailMessages
{
    /// <summary>A mail function fails every synthetic probe.</summary>
    public const string ServiceDown = "service_down";

    /// <summary>A mail function answers many times slower than it usually does.</summary>
    public const string ServiceSlow = "service_slow";

    /// <summary>A mail function answers slowly, and its usual time is older than the window.</summary>
    public const string ServiceSlowNoUsual = "service_slow.no_usual";

    /// <summary>Many POP3/IMAP logins on a host fail.</summary>
    public const string LoginFailures = "login_failures";

    /// <summary>Deferred mail piles up on a host that runs one service.</summary>
    public const string MailQueueBacklog = "mail_queue_backlog";

    /// <summary>Deferred mail of one service piles up on a host that runs several.</summary>
    public const string MailQueueBacklogShared = "mail_queue_backlog.shared";

    /// <summary>Deferred mail piles up on a host that runs one service, most of it failing on a DNS lookup.</summary>
    public const string MailQueueBacklogDns = "mail_queue_backlog.dns";

    /// <summary>Deferred mail of one service piles up on a shared host, most of it failing on a DNS lookup.</summary>
    public const string MailQueueBacklogSharedDns = "mail_queue_backlog.shared_dns";

    /// <summary>Deliveries into the store fail, and the log gives no reason.</summary>
    public const string MailboxDeliveryFailing = "mailbox_delivery_failing";

    /// <summary>The store cannot be written or reached; every failure is temporary.</summary>
    public const string MailboxStoreUnavailableDeferred = "mailbox_store_unavailable.deferred";

    /// <summary>The store cannot be written or reached; every failure is permanent.</summary>
    public const string MailboxStoreUnavailableBounced = "mailbox_store_unavailable.bounced";

    /// <summary>The store cannot be written or reached; some failures are temporary, some permanent.</summary>
    public const string MailboxStoreUnavailableMixed = "mailbox_store_unavailable.mixed";

    /// <summary>The store is full or mailboxes over quota; every failure is temporary.</summary>
    public const string MailboxStoreFullDeferred = "mailbox_store_full.deferred";

    /// <summary>The store is full or mailboxes over quota; every failure is permanent.</summary>
    public const string MailboxStoreFullBounced = "mailbox_store_full.bounced";

    /// <summary>The store is full or mailboxes over quota; some failures are temporary, some permanent.</summary>
    public const string MailboxStoreFullMixed = "mailbox_store_full.mixed";

    /// <summary>The store does not know the recipients (user/mailbox binding broken); every failure is temporary.</summary>
    public const string MailboxBindingBrokenDeferred = "mailbox_binding_broken.deferred";

    /// <summary>The store does not know the recipients (user/mailbox binding broken); every failure is permanent.</summary>
    public const string MailboxBindingBrokenBounced = "mailbox_binding_broken.bounced";

    /// <summary>The store does not know the recipients (user/mailbox binding broken); some failures are temporary, some permanent.</summary>
    public const string MailboxBindingBrokenMixed = "mailbox_binding_broken.mixed";

    /// <summary>Mail is dropped without delivery.</summary>
    public const string MailLoss = "mail_loss";

    // The parts of the queue and delivery sentences that several variants share.
    private const string PilingUp = "Mail on {host:id} is piling up: ";
    private const string OldestEnglish = "[, the oldest waiting {oldest}]";
    private const string OldestJapanese = "[で、最も古いものは{oldest}待機しています]";
    private const string LateEnglish = "; users of {service:name} get their mail late.";
    private const string LateJapanese = "{service}の利用者へのメールの到着が遅れています。";
    private const string DnsEnglish = "; {dns} of {recipients} deferred recipients fail on a DNS lookup: check relay and transport settings changed lately (a relay IP must be written in {brackets})";
    private const string DnsJapanese = "保留された宛先{recipients}件のうち{dns}件はDNSによる名前解決に失敗しています。最近変更したリレー先や転送の設定を確認してください（リレー先をIPアドレスで指定する場合は［ ］で囲む必要があります）。";
    private const string HostDeferredEnglish = "{messages} messages deferred";
    private const string HostDeferredJapanese = "{host}でメールが滞留しています。配送が保留されたメールは{messages}通";
    private const string OwnDeferredEnglish = "{recipients} recipients of its mail deferred[ (mail for {domains})]";
    private const string OwnDeferredJapanese = "{host}で{service}の利用者宛てのメールが滞留しています。配送が保留された宛先は{recipients}件[（{domains}宛て）]";

    private const string DeliveryEnglish = "Deliveries into the mailbox store on {host:id}[ (mail for {domains})] fail at {rate:0.#} a minute since {since}: ";
    private const string DeliveryJapanese = "{since}以降、{host}[（{domains}宛て）]のメールボックスへの配送が毎分{rate:0.#}件失敗しています。";
    private const string UnavailableEnglish = "the store cannot be written or reached (read-only, I/O errors, or its LMTP socket gone)";
    private const string UnavailableJapanese = "メールボックスの格納領域に書き込めないか、接続できません（読み取り専用、I/Oエラー、またはLMTPの接続先の消失）";
    private const string UnavailableAdviceEnglish = "check the store's mount and the storage under it";
    private const string UnavailableAdviceJapanese = "格納領域のマウントと、その下のストレージを確認してください";
    private const string FullEnglish = "the store is full or mailboxes are over quota";
    private const string FullJapanese = "メールボックスの格納領域の空き容量が不足しているか、メールボックスが容量の上限を超えています";
    private const string FullAdviceEnglish = "free space or raise the quota";
    private const string FullAdviceJapanese = "空き容量を確保するか、容量の上限を引き上げてください";
    private const string BindingEnglish = "the store does not know the recipients (unknown user): the user/mailbox binding is broken";
    private const string BindingJapanese = "メールボックスの格納領域が宛先の利用者を認識していません（利用者不明）。利用者とメールボックスの対応付けが壊れています";
    private const string BindingAdviceEnglish = "stop delivery and check the user/mailbox binding before redelivering from the archive";
    private const string BindingAdviceJapanese = "配送を停止し、保管したメールを再配送する前に、利用者とメールボックスの対応付けを確認してください";
    private const string DeferredEnglish = "; every failure is temporary (deferred): Postfix retries them and nothing is lost yet, until maximal_queue_lifetime (5 days by default)";
    private const string DeferredJapanese = "失敗はすべて一時的なもの（配送の保留）で、メールサーバが再送を続けるため、キューの保持期限（既定では5日）までは、まだメールは失われていません";
    private const string BouncedEnglish = "; every failure is permanent (bounced, not retried): none of these messages will reach its mailbox";
    private const string BouncedJapanese = "失敗はすべて恒久的なもの（送信元への返送、再送なし）で、これらのメールは宛先のメールボックスに届きません";
    private const string MixedEnglish = "; {bounced:0.#} a minute permanent (bounced, not retried), {deferred:0.#} temporary (deferred, retried)";
    private const string MixedJapanese = "このうち毎分{bounced:0.#}件は恒久的な失敗（送信元への返送、再送なし）、毎分{deferred:0.#}件は一時的な失敗（配送の保留、再送あり）です";

    /// <summary>Every entry.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } =
    [
        new(
            ServiceDown,
            "{function} of {service:name} ({entity:id}) has failed every probe since {since}: {impact}.",
            "{service}の{function}は、{since}以降、監視用の試験接続にすべて失敗しています。{impact}。"),
        new(
            ServiceSlow,
            "{function} of {service:name} ({entity:id}) answers in {now}, {ratio} its usual {usual}, since {since}: {impact}.",
            "{service}の{function}は、{since}以降、応答に{now}かかっており、通常の{usual}の{ratio}となっています。{impact}。"),
        new(
            ServiceSlowNoUsual,
            "{function} of {service:name} ({entity:id}) answers in {now} (its usual time is older than the window) since {since}: {impact}.",
            "{service}の{function}は、{since}以降、応答に{now}かかっています（通常の応答時間は監視している期間より前のため、比較できません）。{impact}。"),
        new(
            LoginFailures,
            "{share} of {protocol} logins on {host:id} fail ({users} {users#user|users} in the last interval) since {since}: users of {service:name} cannot receive their mail.",
            "{since}以降、{host}では{protocol}のログインの{share}が失敗しており、直近の集計期間には{users}人の利用者がログインできませんでした。{service}の利用者はメールを受信できません。"),
        new(
            MailQueueBacklog,
            PilingUp + HostDeferredEnglish + OldestEnglish + LateEnglish,
            HostDeferredJapanese + OldestJapanese + "。" + LateJapanese),
        new(
            MailQueueBacklogShared,
            PilingUp + OwnDeferredEnglish + OldestEnglish + LateEnglish,
            OwnDeferredJapanese + OldestJapanese + "。" + LateJapanese),
        new(
            MailQueueBacklogDns,
            PilingUp + HostDeferredEnglish + OldestEnglish + DnsEnglish + LateEnglish,
            HostDeferredJapanese + OldestJapanese + "。" + DnsJapanese + LateJapanese),
        new(
            MailQueueBacklogSharedDns,
            PilingUp + OwnDeferredEnglish + OldestEnglish + DnsEnglish + LateEnglish,
            OwnDeferredJapanese + OldestJapanese + "。" + DnsJapanese + LateJapanese),
        new(
            MailboxDeliveryFailing,
            DeliveryEnglish + "mail accepted for users is not stored; the store's own log (Dovecot's lmtp errors) has the reason.",
            DeliveryJapanese + "利用者宛てに受け付けたメールがメールボックスに格納されていません。原因はメールボックスサーバのログ（LMTPのエラー）に記録されています。"),
        Delivery(MailboxStoreUnavailableDeferred, UnavailableEnglish, UnavailableJapanese, DeferredEnglish, DeferredJapanese, UnavailableAdviceEnglish, UnavailableAdviceJapanese),
        Delivery(MailboxStoreUnavailableBounced, UnavailableEnglish, UnavailableJapanese, BouncedEnglish, BouncedJapanese, UnavailableAdviceEnglish, UnavailableAdviceJapanese),
        Delivery(MailboxStoreUnavailableMixed, UnavailableEnglish, UnavailableJapanese, MixedEnglish, MixedJapanese, UnavailableAdviceEnglish, UnavailableAdviceJapanese),
        Delivery(MailboxStoreFullDeferred, FullEnglish, FullJapanese, DeferredEnglish, DeferredJapanese, FullAdviceEnglish, FullAdviceJapanese),
        Delivery(MailboxStoreFullBounced, FullEnglish, FullJapanese, BouncedEnglish, BouncedJapanese, FullAdviceEnglish, FullAdviceJapanese),
        Delivery(MailboxStoreFullMixed, FullEnglish, FullJapanese, MixedEnglish, MixedJapanese, FullAdviceEnglish, FullAdviceJapanese),
        Delivery(MailboxBindingBrokenDeferred, BindingEnglish, BindingJapanese, DeferredEnglish, DeferredJapanese, BindingAdviceEnglish, BindingAdviceJapanese),
        Delivery(MailboxBindingBrokenBounced, BindingEnglish, BindingJapanese, BouncedEnglish, BouncedJapanese, BindingAdviceEnglish, BindingAdviceJapanese),
        Delivery(MailboxBindingBrokenMixed, BindingEnglish, BindingJapanese, MixedEnglish, MixedJapanese, BindingAdviceEnglish, BindingAdviceJapanese),
        new(
            MailLoss,
            "Mail is being lost on {host:id}: about {rate:0.#} {rate#message|messages} a minute dropped without delivery since {since}; users of {service:name} never receive them. Keep copies (archive) before anything else.",
            "{host}でメールが失われています。{since}以降、毎分約{rate:0.#}通のメールが配送されないまま破棄されており、{service}の利用者はこれらのメールを受け取れません。何よりも先に、メールの複製を保管してください。"),
    ];

    /// <summary>The mailbox store variants: what fails, whether it is retried, what to do, in that order in both languages.</summary>
    private static MessageTemplate Delivery(string id, string causeEnglish, string causeJapanese, string outcomeEnglish, string outcomeJapanese, string adviceEnglish, string adviceJapanese) =>
        new(
            id,
            $"{DeliveryEnglish}{causeEnglish}{outcomeEnglish}; {adviceEnglish}.",
            $"{DeliveryJapanese}{causeJapanese}。{outcomeJapanese}。{adviceJapanese}。");
}
