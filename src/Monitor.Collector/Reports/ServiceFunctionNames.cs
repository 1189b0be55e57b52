using Monitor.Core.Findings.Messages;

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
        var key = $"function.{function.ToLowerInvariant()}";
        if (language == ReportLanguage.Japanese)
        {
            // One vocabulary with the findings' sentences (MessageTerms), so a function reads the same everywhere.
            return MessageTerms.Knows(key) ? MessageTerms.Write(key, MessageLanguage.Japanese) : $"{function}（サービスの機能）";
        }

        return function.ToLowerInvariant() switch
        {
            "smtp-in" => "receiving mail (SMTP)",
            "smtp-out" => "sending mail (SMTP)",
            "submission" => "sending mail (submission)",
            "pop3" => "reading mail (POP3)",
            "imap" => "reading mail (IMAP)",
            "webmail" => "webmail",
            "lmtp" or "delivery" => "delivery to mailboxes",
            "dns" => "name resolution (DNS)",
            "auth" => "user authentication",
            "http" => "web site (HTTP)",
            "account" => "account management",
            _ => $"{function} (service function)",
        };
    }
}
