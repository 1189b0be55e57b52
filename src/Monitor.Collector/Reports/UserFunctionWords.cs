namespace Monitor.Collector.Reports;

/// <summary>
/// What a mail service's function is to its users, in their words, for 具体的な支障内容: what
/// it is ("電子メールの受信"), what users see when it stops ("電子メールの受信ができない") and when
/// it degrades ("受信したメールが届かない（遅延）"), and the protocol users may know it by (POP3).
/// Functions are recognised by the usual names a topology gives them (smtp-in, submission, pop3s …).
/// </summary>
/// <param name="Japanese">The function as a noun, in Japanese.</param>
/// <param name="English">The function as a noun, in English.</param>
/// <param name="StoppedJapanese">What users see when it stops, in Japanese.</param>
/// <param name="StoppedEnglish">What users see when it stops, in English.</param>
/// <param name="DegradedJapanese">What users see when it is slow or partly failing, in Japanese.</param>
/// <param name="DegradedEnglish">What users see when it is slow or partly failing, in English.</param>
/// <param name="Protocol">The protocol in capitals ("POP3"), or empty when users do not know it by one.</param>
internal sealed record UserFunctionWords(
    string Japanese,
    string English,
    string StoppedJapanese,
    string StoppedEnglish,
    string DegradedJapanese,
    string DegradedEnglish,
    string Protocol)
{
    private static readonly UserFunctionWords Receiving = new(
        "電子メールの受信", "receiving e-mail",
        "電子メールの受信ができない", "users cannot receive e-mail",
        "受信したメールが届かない（遅延）", "received mail arrives late (delayed)", "");

    private static readonly UserFunctionWords Sending = new(
        "電子メールの送信", "sending e-mail",
        "電子メールの送信ができない", "users cannot send e-mail",
        "電子メールの送信に時間がかかる又は一部送信できない", "sending e-mail is slow or partly fails", "");

    private static readonly UserFunctionWords Webmail = new(
        "Webメール", "webmail",
        "Webメールが利用できない", "webmail is unavailable",
        "Webメールの表示に時間がかかる又は一部利用できない", "webmail is slow or partly unavailable", "");

    private static readonly UserFunctionWords Login = new(
        "ログイン（利用者の認証）", "logging in (user authentication)",
        "ログイン（利用者の認証）ができない", "users cannot log in",
        "ログイン（利用者の認証）に時間がかかる又は一部失敗する", "logging in is slow or partly fails", "");

    private static readonly UserFunctionWords NameLookup = new(
        "名前解決（DNS）", "name lookups (DNS)",
        "名前解決（DNS）ができず、サービスに接続できない", "names cannot be looked up (DNS), so users cannot connect",
        "名前解決（DNS）に時間がかかる又は一部失敗する", "name lookups (DNS) are slow or partly fail", "");

    private static readonly UserFunctionWords Website = new(
        "Webサイト", "the web site",
        "Webサイトが利用できない", "the web site is unavailable",
        "Webサイトの表示に時間がかかる又は一部利用できない", "the web site is slow or partly unavailable", "");

    /// <summary>The words for <paramref name="function"/> ("pop3", "smtp-in", "webmail" …); a function not recognised is named by its id.</summary>
    public static UserFunctionWords For(string function)
    {
        var name = function.Trim().ToLowerInvariant();
        return name switch
        {
            "smtp-in" or "smtp" or "mx" or "inbound" or "receive" or "lmtp" => Receiving,
            "smtp-out" or "submission" or "outbound" or "send" or "smtps" => Sending,
            "webmail" or "web-mail" => Webmail,
            "account" or "auth" or "login" or "authentication" => Login,
            "dns" => NameLookup,
            "http" or "https" or "web" or "portal" or "member-site" => Website,
            _ when name.StartsWith("pop", StringComparison.Ordinal) => Reading("POP3"),
            _ when name.StartsWith("imap", StringComparison.Ordinal) => Reading("IMAP"),
            _ => new(
                $"機能「{function}」", $"the function {function}",
                $"機能「{function}」が利用できない", $"{function} is unavailable",
                $"機能「{function}」に時間がかかる又は一部失敗する", $"{function} is slow or partly fails", ""),
        };
    }

    /// <summary>Reading one's mail in a mail program, the same words for POP3 and IMAP so that the two share a line.</summary>
    private static UserFunctionWords Reading(string protocol) => new(
        "メールソフトでの受信メールの閲覧", "reading mail in a mail program",
        "メールソフトで受信したメールを読むことができない", "users cannot read their mail in a mail program",
        "メールソフトで受信したメールを読むのに時間がかかる又は一部読むことができない", "reading mail in a mail program is slow or partly fails", protocol);
}
