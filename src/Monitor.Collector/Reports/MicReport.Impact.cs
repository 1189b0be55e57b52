using Monitor.Contracts.V1;
using Monitor.Core.Findings;
using Finding = Monitor.Contracts.V1.Finding;

namespace Monitor.Collector.Reports;

/// <summary>
/// &lt;具体的な支障内容&gt; in users' words, as seed 003 writes it ("電子メールの送受信ができない"):
/// one line for each thing users could not do, from the functions that stopped or degraded and
/// from the findings that say more than a function's state (mail delayed in a queue, mail lost).
/// Each line names the service and whether it was a stop or a degradation.
/// </summary>
public static partial class MicReport
{
    /// <summary>What users see of a finding beyond its function's state, in Japanese and English; kinds not listed add nothing.</summary>
    private static readonly Dictionary<string, (string Japanese, string English)> FindingImpacts = new(StringComparer.Ordinal)
    {
        [FindingKinds.MailQueueBacklog] = ("受信したメールが届かない（遅延）", "received mail arrives late (delayed)"),
        [FindingKinds.MailDeferredDns] = ("受信したメールが届かない（遅延）", "received mail arrives late (delayed)"),
        [FindingKinds.MailboxStoreUnavailable] = ("受信したメールがメールボックスに配信されない（遅延）", "received mail is not delivered into mailboxes (delayed)"),
        [FindingKinds.MailboxStoreFull] = ("受信したメールがメールボックスに配信されない（遅延）", "received mail is not delivered into mailboxes (delayed)"),
        // Failures the log does not class, and a broken binding (refused for good), are not only delays.
        [FindingKinds.MailboxDeliveryFailing] = ("受信したメールがメールボックスに配信されない", "received mail is not delivered into mailboxes"),
        [FindingKinds.MailboxBindingBroken] = ("受信したメールがメールボックスに配信されない", "received mail is not delivered into mailboxes"),
        [FindingKinds.MailLoss] = ("受信メールの一部が消失", "some received mail was lost"),
        [FindingKinds.LoginFailures] = ("一部の利用者がメールソフトでログイン（認証）できない", "some users cannot log in from their mail program"),
    };

    private static void WriteImpact(ReportComposer report)
    {
        report.Section(2, report.L("<具体的な支障内容>", "<Concrete impact>"));
        var services = report.Incident.Services;
        var lines = ImpactLines(report);
        if (services.Count == 0 && lines.Count == 0)
        {
            report.Fill(report.L("支障の内容（利用者ができなかったこと、継続して利用できたこと）", "What users could not do, and what kept working"));
            return;
        }

        var items = lines
            .Select((line, i) => new ListItem(report.L(
                $"{JapaneseText.Circled(i + 1)}{line.Service}: {line.Japanese}{Protocols(report, line.Protocols)}（{(line.Stopped ? "提供の停止" : "品質の低下")}）",
                $"({i + 1}) {line.Service}: {line.English}{Protocols(report, line.Protocols)} ({(line.Stopped ? "stopped" : "degraded")})")))
            .ToList();

        var unaffected = services.Where(s => s.Impact == ImpactLevel.NotAffected).Select(s => FunctionNoun(report, s)).Distinct().ToList();
        if (unaffected.Count > 0)
        {
            items.Add(new(report.L($"影響なし: {string.Join("、", unaffected)}", $"Kept working: {string.Join(", ", unaffected)}")));
        }

        var unknown = services.Where(s => s.Impact == ImpactLevel.Unspecified).Select(s => FunctionNoun(report, s)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            items.Add(new(report.L($"影響の有無が不明: {string.Join("、", unknown)} {report.ToFill}", $"Impact not known: {string.Join(", ", unknown)} {report.ToFill}")));
        }

        report.Items([.. items]);
    }

    /// <summary>The lines of impact, stops first, one for each service and wording, the protocols of a wording gathered ("POP3・IMAP").</summary>
    private static List<ImpactLine> ImpactLines(ReportComposer report)
    {
        var raw = new List<(string Service, string Japanese, string English, bool Stopped, string Protocol)>();
        foreach (var service in report.Incident.Services.Where(IsAffected).OrderByDescending(s => s.Impact == ImpactLevel.Stopped))
        {
            var words = UserFunctionWords.For(string.IsNullOrWhiteSpace(service.Function) ? service.Service : service.Function);
            var stopped = service.Impact == ImpactLevel.Stopped;
            raw.Add((ServiceName(service), stopped ? words.StoppedJapanese : words.DegradedJapanese, stopped ? words.StoppedEnglish : words.DegradedEnglish, stopped, words.Protocol));
        }

        foreach (var finding in report.Findings)
        {
            if (FindingImpacts.TryGetValue(finding.Kind, out var words))
            {
                raw.AddRange(ServicesOf(report, finding).Select(service => (service, words.Japanese, words.English, false, "")));
            }
        }

        return raw
            .GroupBy(line => (line.Service, line.Japanese, line.Stopped))
            .Select(group => new ImpactLine(
                group.Key.Service,
                group.Key.Japanese,
                group.First().English,
                group.Key.Stopped,
                group.Select(line => line.Protocol).Where(p => p.Length > 0).Distinct().ToList()))
            .ToList();
    }

    /// <summary>The services a finding hits: the one its entity belongs to ("cty-mail/pop3"), else every affected one (a queue on a shared host).</summary>
    private static List<string> ServicesOf(ReportComposer report, Finding finding)
    {
        var services = report.Incident.Services;
        var own = services
            .Where(s => finding.Entity == s.Service || finding.Entity.StartsWith(s.Service + "/", StringComparison.Ordinal))
            .Select(ServiceName)
            .Distinct()
            .ToList();
        if (own.Count > 0)
        {
            return own;
        }

        var affected = services.Where(IsAffected).Select(ServiceName).Distinct().ToList();
        if (affected.Count > 0)
        {
            return affected;
        }

        var all = services.Select(ServiceName).Distinct().ToList();
        return all.Count > 0 ? all : [report.L("電子メールサービス", "the e-mail service")];
    }

    /// <summary>"CTY 電子メールサービスの電子メールの送信": a function that kept working (or whose state is not known), in users' words.</summary>
    private static string FunctionNoun(ReportComposer report, ServiceImpact service)
    {
        var words = UserFunctionWords.For(string.IsNullOrWhiteSpace(service.Function) ? service.Service : service.Function);
        var protocol = words.Protocol.Length > 0 ? $"（{words.Protocol}）" : "";
        var englishProtocol = words.Protocol.Length > 0 ? $" ({words.Protocol})" : "";
        return report.L($"{ServiceName(service)}の{words.Japanese}{protocol}", $"{words.English}{englishProtocol} of {ServiceName(service)}");
    }

    private static string Protocols(ReportComposer report, IReadOnlyList<string> protocols) =>
        protocols.Count == 0 ? "" : report.L($"（{string.Join("・", protocols)}）", $" ({string.Join(", ", protocols)})");

    /// <summary>One line of 具体的な支障内容.</summary>
    private sealed record ImpactLine(string Service, string Japanese, string English, bool Stopped, IReadOnlyList<string> Protocols);
}
