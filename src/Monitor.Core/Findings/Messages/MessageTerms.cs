using System.Collections.Frozen;

namespace Monitor.Core.Findings.Messages;

/// <summary>
/// The words messages use for what the topology and the rules name by id: a service's functions,
/// what their loss means to users, an optic's direction. A key the vocabulary does not know is
/// written as it is (a function a site invented keeps its own name).
/// </summary>
public static class MessageTerms
{
    private static readonly FrozenDictionary<string, (string English, string Japanese)> Words = new Dictionary<string, (string, string)>
    {
        // A service's functions, as people call them.
        ["function.smtp-in"] = ("smtp-in", "メールの受付（SMTP）"),
        ["function.smtp-out"] = ("smtp-out", "メールの送信（SMTP）"),
        ["function.submission"] = ("submission", "メールの送信（サブミッション）"),
        ["function.lmtp"] = ("lmtp", "メールボックスへの配送"),
        ["function.delivery"] = ("delivery", "メールボックスへの配送"),
        ["function.pop3"] = ("pop3", "メールの受信（POP3）"),
        ["function.imap"] = ("imap", "メールの閲覧（IMAP）"),
        ["function.webmail"] = ("webmail", "Webメール"),
        ["function.dns"] = ("dns", "名前解決（DNS）"),
        ["function.auth"] = ("auth", "利用者の認証"),
        ["function.http"] = ("http", "ウェブサイト（HTTP）"),
        ["function.account"] = ("account", "アカウントの管理"),

        // What the loss of a function means to its users.
        ["impact.pop3"] = ("users cannot read their mail", "利用者はメールを受信できません"),
        ["impact.imap"] = ("users cannot read their mail", "利用者はメールを受信できません"),
        ["impact.smtp-in"] = ("mail to users is not accepted and queues at the senders", "利用者宛てのメールを受け付けられず、送信元で滞留しています"),
        ["impact.smtp-out"] = ("users cannot send mail", "利用者はメールを送信できません"),
        ["impact.submission"] = ("users cannot send mail", "利用者はメールを送信できません"),
        ["impact.webmail"] = ("webmail is unreachable", "Webメールを利用できません"),
        ["impact.other"] = ("users of this function are hit", "この機能の利用者に影響が出ています"),

        // A slow function, to its users.
        ["slow.pop3"] = ("users wait for their mail, and clients that time out fail", "利用者のメール受信に時間がかかっており、待ち時間の上限を超えるメールソフトでは受信に失敗します"),
        ["slow.imap"] = ("users wait for their mail, and clients that time out fail", "利用者のメール受信に時間がかかっており、待ち時間の上限を超えるメールソフトでは受信に失敗します"),
        ["slow.smtp-in"] = ("mail to users is accepted slowly and senders may defer it", "利用者宛てのメールの受付が遅れており、送信元で配送が保留されることがあります"),
        ["slow.smtp-out"] = ("users wait to send mail, and clients that time out fail", "利用者のメール送信に時間がかかっており、待ち時間の上限を超えるメールソフトでは送信に失敗します"),
        ["slow.submission"] = ("users wait to send mail, and clients that time out fail", "利用者のメール送信に時間がかかっており、待ち時間の上限を超えるメールソフトでは送信に失敗します"),
        ["slow.webmail"] = ("webmail pages load slowly", "Webメールの表示が遅くなっています"),
        ["slow.other"] = ("users of this function wait", "この機能の利用者の待ち時間が長くなっています"),

        // A store's resource that is not running out.
        ["store.not_filling"] = (", not filling", "。減少の傾向はありません"),

        // An optic's two directions.
        ["direction.receive"] = ("receive", "受光"),
        ["direction.transmit"] = ("transmit", "送光"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether the vocabulary has the word.</summary>
    public static bool Knows(string key) => Words.ContainsKey(key);

    /// <summary>The word in <paramref name="language"/>; the key's last part when the vocabulary does not know it.</summary>
    public static string Write(string key, MessageLanguage language) =>
        Words.TryGetValue(key, out var word)
            ? language == MessageLanguage.Japanese ? word.Japanese : word.English
            : key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>"function.pop3" when the vocabulary knows it, else "function.other" when that exists, else the key.</summary>
    public static string KeyOr(string prefix, string name) =>
        Words.ContainsKey($"{prefix}.{name}") ? $"{prefix}.{name}" : Words.ContainsKey($"{prefix}.other") ? $"{prefix}.other" : $"{prefix}.{name}";
}
