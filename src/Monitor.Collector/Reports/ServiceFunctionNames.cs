namespace Monitor.Collector.Reports;

/// <summary>
/// The names of a mail service's functions as users know them ("pop3" is "POP3（メールの受信）"),
/// in each language. A function the collector does not know keeps its id beside the words
/// "service function", so no id stands alone in a report.
/// </summary>
internal static class ServiceFunctionNames
{
    /// <summary>The name of <paramref name="function"/> (e.g. "smtp-in") in <paramref name="language"/>.</summary>
    public static string Name(string function, ReportLanguage language)
    {
        var japanese = language == ReportLanguage.Japanese;
        return function.ToLowerInvariant() switch
        {
            "smtp-in" => japanese ? "メールの受信（SMTP）" : "receiving mail (SMTP)",
            "smtp-out" => japanese ? "メールの送信（SMTP）" : "sending mail (SMTP)",
            "submission" => japanese ? "メールの送信（サブミッション）" : "sending mail (submission)",
            "pop3" => japanese ? "メールの受信（POP3）" : "reading mail (POP3)",
            "imap" => japanese ? "メールの閲覧（IMAP）" : "reading mail (IMAP)",
            "webmail" => japanese ? "Webメール" : "webmail",
            "lmtp" or "delivery" => japanese ? "メールボックスへの配送" : "delivery to mailboxes",
            "dns" => japanese ? "名前解決（DNS）" : "name resolution (DNS)",
            "auth" => japanese ? "利用者認証" : "user authentication",
            _ => japanese ? $"{function}（サービスの機能）" : $"{function} (service function)",
        };
    }
}
