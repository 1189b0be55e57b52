using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Merging;
using Monitor.Collector.Regulation;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// The draft of the regulator's major-accident report (重大な事故報告) for an e-mail service, in
/// the section order of MIC's example (seed 003), preceded by the collector's classification and
/// deadlines. It fills what monitoring data can fill, marks the cause as an estimate, and marks
/// what only a person can know as still to be written. The agents' own explanations are English;
/// the Japanese rendering keeps them as they are, labelled （英語原文）, never machine-translated;
/// other English (logs, notes, roles) is described in Japanese and quoted in an appendix.
/// </summary>
public static partial class MicReport
{
    /// <summary>The marker of a place only a person can fill, in each language.</summary>
    public static string ToFillMark(ReportLanguage language) => language == ReportLanguage.Japanese ? "【要記入】" : "[TO BE WRITTEN]";

    /// <summary>Builds the report of <paramref name="view"/> in <paramref name="language"/>, local times in <paramref name="timeZone"/>.</summary>
    public static ReportDocument Build(IncidentView view, ReportLanguage language, TimeZoneInfo timeZone)
    {
        var report = new ReportComposer(view, language, timeZone);
        WriteClassification(report);
        WriteOverview(report);
        WriteSystemConfiguration(report);
        WriteNormalFlow(report);
        WriteAccidentFlow(report);
        WriteAffectedUsersOverTime(report);
        WriteResponse(report);
        WriteContacts(report);
        WriteCausesAndCountermeasures(report);
        WritePreventionBeforeAndAfter(report);
        WriteUserCommunication(report);
        WriteEvidence(report);
        WriteOriginals(report);
        return report.Finish(Title(report), Facts(report), Notices(report));
    }


    private static List<string> Facts(ReportComposer report)
    {
        var incident = report.Incident;
        var hosts = report.View.Record.Members.Select(m => m.Agent?.Host).Where(h => !string.IsNullOrEmpty(h)).Distinct().ToList();
        return
        [
            report.L($"インシデントID: {incident.IncidentId}", $"Incident id: {incident.IncidentId}"),
            report.L($"リビジョン: {incident.Revision}", $"Revision: {incident.Revision}"),
            report.L($"状態: {StateText(report, incident.State)}", $"State: {StateText(report, incident.State)}"),
            report.L(
                $"統合したエージェントのインシデント: {report.View.Record.Members.Count}件 (ホスト: {string.Join("、", hosts)})",
                $"Agent incidents merged: {report.View.Record.Members.Count} (hosts: {string.Join(", ", hosts)})"),
            report.L(
                $"このリビジョンの作成: {report.DateTime(incident.UpdatedAt)} ({report.TimeZone.Id})",
                $"This revision made: {report.DateTime(incident.UpdatedAt)} ({report.TimeZone.Id})"),
        ];
    }

    private static List<string> Notices(ReportComposer report)
    {
        // Written last, so the appendix is mentioned only when there is one.
        var originals = report.Originals.Count > 0
            ? $"ログ、記録、担当者の記載等の英語の原文は、本文では何の記載かを日本語で示して{ReportComposer.OriginalReference(1)}等の番号を付し、末尾の「{OriginalsHeading}」に掲載しています。"
            : "";
        return
        [
            report.L("この文書は監視データから自動作成した下書きです。事業者が確認した報告ではありません。", "This is a draft made from monitoring data; the operator has not yet confirmed it."),
            report.L($"{report.ToFill} は監視データからは分からない項目です。担当者が記入してください。", $"{report.ToFill} marks what monitoring cannot know; a person must write it."),
            report.L("原因は監視データによる推定（根本原因の候補）であり、確定したものではありません。", "The cause is estimated from monitoring data (a root-cause candidate), not confirmed."),
            report.L(
                $"監視エージェントの検知の説明文のうち英語のものは原文のまま記載し、{ReportComposer.EnglishMark} と表示しています。{originals}",
                "The monitoring agents' explanations, logs and notes are quoted as they were written."),
        ];
    }

    private static string StateText(ReportComposer report, IncidentState state) => state switch
    {
        IncidentState.Open => report.L("継続中", "ongoing"),
        IncidentState.Recovering => report.L("復旧済み（様子見の期間）", "recovered, watching"),
        IncidentState.Resolved => report.L("解決", "resolved"),
        _ => report.L("不明", "unknown"),
    };

    private static void WriteClassification(ReportComposer report)
    {
        var classification = report.View.Classification;
        report.Section(1, report.L("報告区分と期限（監視データによる判定）", "Reporting obligations and deadlines (from monitoring data)"));
        report.Items([
            new ListItem(report.L($"重大な事故: {MajorAccidentText(report, classification)}", $"Major accident: {MajorAccidentText(report, classification)}")),
            new ListItem(report.L($"四半期報告: {QuarterlyText(report, classification)}", $"Quarterly report: {QuarterlyText(report, classification)}")),
            new ListItem(report.L(
                $"判定に用いた値: 影響利用者数 最大{JapaneseText.Number(classification.AffectedUsers)}人、継続時間 {JapaneseText.Duration(classification.Duration)}{(classification.Ongoing ? "（継続中）" : "")}",
                $"Figures used: at most {EnglishText.Number(classification.AffectedUsers)} users affected, for {EnglishText.Duration(classification.Duration)}{(classification.Ongoing ? " (ongoing)" : "")}")),
            .. ReadingItems(report)]);
        var rows = report.View.Deadlines.Select(d => (IReadOnlyList<string>)[DeadlineName(report, d.Kind), report.DateTime(d.Due), DeadlineState(report, d)]).ToList();
        report.Table([report.L("期限", "Deadline"), report.L("期日", "Due"), report.L("状態", "State")], rows, [false, false, false]);
        report.Paragraph(report.L(
            "※総務省への第一報は電気通信事業法施行規則第57条により「速やかに」（時間の定めなし）。期日はこの事業者の目標値（監視の設定値）。詳細な報告書は発生日から30日以内、四半期報告は四半期経過後2ヶ月以内。",
            "Note: the first report to MIC is due \"promptly\" (速やかに, Ordinance Art. 57; no number of hours is set); the due time shown is this operator's target (setting Regulation:FirstReportWithin). The detailed report is due within 30 days of the day of the accident; the quarterly report within 2 months after the quarter."),
            ForeseenRule(report));
    }

    /// <summary>"該当（9時53分から、区分五: 2時間以上かつ3万人以上）" and the like.</summary>
    internal static string MajorAccidentText(ReportComposer report, Classification classification)
    {
        var threshold = classification.Threshold is { } t
            ? report.L(
                $"区分{CategoryNumeral(classification.Category)}: 継続時間{Hours(t.Duration)}以上かつ影響利用者数{JapaneseText.Number(t.Users)}人以上",
                $"category {classification.Category}: >= {EnglishHours(t.Duration)} and >= {EnglishText.Number(t.Users)} users")
            : "";
        return classification.MajorAccident switch
        {
            MajorAccidentStatus.Yes => report.L(
                $"該当（{report.DateTime(classification.MajorAccidentAt!.Value)}から。{threshold}）",
                $"yes (since {report.DateTime(classification.MajorAccidentAt!.Value)}; {threshold})"),
            MajorAccidentStatus.BecomesOne => report.L(
                $"未該当。{report.DateTime(classification.MajorAccidentAt!.Value)}までに復旧しなければ該当（{threshold}）",
                $"not yet; becomes one at {report.DateTime(classification.MajorAccidentAt!.Value)} if not recovered ({threshold})"),
            MajorAccidentStatus.No => report.L("非該当", "no"),
            _ => report.L($"判定不能（サービスの区分が不明）{report.ToFill}", $"cannot tell (service category unknown) {report.ToFill}"),
        };
    }

    private static string QuarterlyText(ReportComposer report, Classification classification)
    {
        if (classification.QuarterlyReport)
        {
            return report.L("要（影響利用者数3万以上又は継続時間2時間以上）", "required (>= 30,000 users or >= 2 h)");
        }

        return classification.QuarterlyReportAt is { } at
            ? report.L($"現時点で不要。{report.DateTime(at)}までに復旧しなければ要", $"not yet; required from {report.DateTime(at)} if not recovered")
            : report.L("不要", "not required");
    }

    /// <summary>The name of a deadline in the report's language.</summary>
    internal static string DeadlineName(ReportComposer report, DeadlineKind kind) => kind switch
    {
        DeadlineKind.FirstUserNotice => report.L("利用者への第1報（検知から15分以内が目安）", "First notice to users (target: 15 min after detection)"),
        DeadlineKind.RegulatorFirstReport => report.L("総務省への第一報（速やかに）", "First report to MIC (promptly)"),
        DeadlineKind.DetailedReport => report.L("総務省への詳細な報告書（30日以内）", "Detailed report to MIC (30 days)"),
        DeadlineKind.QuarterlyReport => report.L("四半期報告（四半期経過後2ヶ月以内）", "Quarterly report (2 months after the quarter)"),
        _ => kind.ToString(),
    };

    private static string DeadlineState(ReportComposer report, Deadline deadline)
    {
        if (deadline.DoneAt is { } done)
        {
            return deadline.MetInTime
                ? report.L($"済（{report.DateTime(done)}、期限内）", $"done ({report.DateTime(done)}, in time)")
                : report.L($"済（{report.DateTime(done)}、期限後）", $"done ({report.DateTime(done)}, late)");
        }

        if (deadline.Unrecorded(report.View.AsOf, report.View.IsResolved))
        {
            return report.L("未記録（記録なし。実施した時刻を記入）", "not recorded (write when it was done)");
        }

        return deadline.Projected ? report.L("見込み（該当した場合）", "if it becomes one") : report.L("未了", "open");
    }

    /// <summary>"2時間", "1時間30分": the wording of the criteria.</summary>
    private static string Hours(TimeSpan duration) =>
        duration.Minutes == 0 && duration.Seconds == 0 ? $"{(long)duration.TotalHours}時間" : JapaneseText.Duration(duration);

    /// <summary>"2 h", "1 h 30 min".</summary>
    private static string EnglishHours(TimeSpan duration) =>
        duration.Minutes == 0 && duration.Seconds == 0 ? $"{(long)duration.TotalHours} h" : EnglishText.Duration(duration);

    private static string CategoryNumeral(int category) => category switch
    {
        1 => "一",
        2 => "二",
        3 => "三",
        4 => "四",
        5 => "五",
        _ => "?",
    };

    private static Timestamp Stamp(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);
}
