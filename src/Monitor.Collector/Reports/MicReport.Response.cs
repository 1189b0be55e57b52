using System.Globalization;
using Monitor.Collector.Merging;
using Monitor.Collector.Regulation;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// 措置模様, 発生原因と再発防止策, 利用者対応状況 and the evidence appendix: the monitoring and
/// on-call timeline as a start, the rest for a person to write.
/// </summary>
public static partial class MicReport
{
    private static void WriteResponse(ReportComposer report)
    {
        report.Section(1, report.L("措置模様（事故対応状況）", "Response (handling of the accident)"));
        var entries = report.Incident.Timeline
            .Select(e => (Time: e.Time.ToDateTimeOffset(), Text: AgentEventText(report, e), Recovered: e.Kind == TimelineEventKind.Recovered))
            .Concat(report.View.Record.Actions.Select(a => (Time: a.At, Text: ActionText(report, a), Recovered: false)))
            .OrderBy(e => e.Time)
            .ToList();
        if (entries.Count > 0)
        {
            report.Paragraph(report.L("監視データと対応者の操作の時系列:", "Timeline of monitoring data and on-call actions:"));
            DateTimeOffset? previous = null;
            var step = 0;
            var items = new List<ListItem>();
            foreach (var entry in entries)
            {
                var local = report.Local(entry.Time);
                items.Add(new($"{Step(report, ++step)}{Stamp(report, local, previous)}{entry.Text}"));
                previous = local;
                if (entry.Recovered)
                {
                    // A divider between the events, as the MIC example draws one.
                    report.Items([.. items]);
                    items.Clear();
                    report.Divider(report.L("-----サービスの復旧-----", "----- service recovered -----"));
                }
            }

            report.Items([.. items]);
        }

        report.Fill(report.L("障害箇所の特定と復旧対処の経過（時刻、担当、実施した作業）", "Locating the fault and the recovery steps (time, who, what was done)"));
    }

    private static string AgentEventText(ReportComposer report, TimelineEvent timelineEvent)
    {
        var kind = timelineEvent.Kind switch
        {
            TimelineEventKind.Detected => report.L("検知: ", "Detected: "),
            TimelineEventKind.Finding => report.L("事象: ", "Finding: "),
            TimelineEventKind.Change => report.L("変更作業: ", "Change: "),
            TimelineEventKind.Log => report.L("ログ: ", "Log: "),
            TimelineEventKind.Note => NoticeRecords.KindOf(timelineEvent.Text) switch
            {
                RecordedNoticeKind.UserNotice => report.L($"利用者への周知{NoticeNumber(report, timelineEvent)}: ", "Notice to users: "),
                RecordedNoticeKind.RegulatorContact => report.L("総務省への連絡: ", "Contact with MIC: "),
                _ => report.L("記録: ", "Note: "),
            },
            TimelineEventKind.Recovered => report.L("復旧: ", "Recovered: "),
            TimelineEventKind.Resolved => report.L("解決: ", "Resolved: "),
            TimelineEventKind.Reopened => report.L("再発: ", "Reopened: "),
            _ => "",
        };
        var entity = string.IsNullOrWhiteSpace(timelineEvent.Entity) ? "" : $" ({ReportComposer.Inline(timelineEvent.Entity)})";
        if (report.IsJapanese)
        {
            // The agent's own fixed sentences and its findings' explanations (quoted in full in
            // 事故発生時の動作の流れ) are named here in Japanese; logs and notes go to the originals.
            switch (timelineEvent.Kind)
            {
                case TimelineEventKind.Recovered:
                    return $"{kind}全ての検知が解消し、様子見の期間に入った";
                case TimelineEventKind.Resolved:
                    return $"{kind}様子見の期間に再発がなく、解決とした";
                case TimelineEventKind.Reopened:
                    return $"{kind}解消した事象が再び検知された{entity}";
                case TimelineEventKind.Detected or TimelineEventKind.Finding when FindingOf(report, timelineEvent) is { } finding:
                    // A warning before anything failed is a precursor (予兆), as 大規模化した原因 calls it.
                    var label = timelineEvent.Kind == TimelineEventKind.Finding && finding.Severity == Severity.Warning ? "予兆: " : kind;
                    return $"{label}{FindingName(report, finding)}";
            }
        }

        if (report.GoesToOriginals(timelineEvent.Text))
        {
            // "ログ（ctl-a）［原文1］": what it is, in Japanese; the English in the appendix.
            var where = string.IsNullOrWhiteSpace(timelineEvent.Entity) ? "" : $"（{ReportComposer.Inline(timelineEvent.Entity)}）";
            return $"{kind.TrimEnd(':', ' ')}{where}{report.Original(timelineEvent.Text)}";
        }

        return $"{kind}{report.Original(timelineEvent.Text)}{entity}";
    }

    /// <summary>"（第2報）": which of the notices to users the note is, as 利用者対応状況 numbers them; empty when it is not one of them.</summary>
    private static string NoticeNumber(ReportComposer report, TimelineEvent timelineEvent)
    {
        var at = timelineEvent.Time.ToDateTimeOffset();
        var index = report.View.Notices
            .Where(n => n.Kind == RecordedNoticeKind.UserNotice)
            .Select((notice, i) => (Notice: notice, Number: i + 1))
            .FirstOrDefault(n => n.Notice.At == at && n.Notice.Text == timelineEvent.Text).Number;
        return index > 0 ? string.Create(CultureInfo.InvariantCulture, $"（第{index}報）") : "";
    }

    /// <summary>
    /// The finding an event of the timeline reports: the root cause for the detection, else at its entity, the one whose explanation
    /// begins most like the event's text, or like the text after its lead-in ("Warning before the
    /// incident: ..."); the figures in it change from revision to revision. None when no
    /// explanation shares a clear start with it: another finding at the same entity is not it.
    /// </summary>
    private static Finding? FindingOf(ReportComposer report, TimelineEvent timelineEvent)
    {
        // The agent opens the incident on its estimated cause: detection is the root cause's.
        if (timelineEvent.Kind == TimelineEventKind.Detected && report.Incident.RootCause?.Entity == timelineEvent.Entity)
        {
            return report.Incident.RootCause;
        }

        var text = timelineEvent.Text;
        var lead = text.IndexOf(": ", StringComparison.Ordinal);
        var afterLead = lead >= 0 ? text[(lead + 2)..] : text;
        static int Shared(string a, string b) => a.Zip(b).TakeWhile(pair => pair.First == pair.Second).Count();
        return report.Findings
            .Where(f => f.Entity == timelineEvent.Entity && !string.IsNullOrEmpty(f.Explanation))
            .Select(f => (Finding: f, Shared: Math.Max(Shared(f.Explanation, text), Shared(f.Explanation, afterLead)), Needed: Math.Min(20, f.Explanation.Length)))
            .Where(c => c.Shared >= c.Needed)
            .OrderByDescending(c => c.Shared)
            .Select(c => c.Finding)
            .FirstOrDefault();
    }

    private static string ActionText(ReportComposer report, OperatorAction action)
    {
        var what = action.Kind switch
        {
            OperatorActionKind.Acknowledged => report.L("対応開始（確認）", "Acknowledged"),
            OperatorActionKind.Resolved => report.L("解決（手動）", "Resolved by hand"),
            OperatorActionKind.Note => report.L("メモ", "Note"),
            OperatorActionKind.UserNoticePosted => report.L("利用者への周知を掲載", "Notice to users posted"),
            OperatorActionKind.RegulatorReported => report.L("総務省へ第一報", "First report to MIC made"),
            OperatorActionKind.DetailedReportFiled => report.L("詳細な報告書を提出", "Detailed report filed"),
            OperatorActionKind.AlertSent => report.L("当番者へアラート送信", "On-call alerted"),
            OperatorActionKind.AlertResolved => report.L("アラート解除を送信", "Alert resolved"),
            _ => action.Kind.ToString(),
        };
        var text = string.IsNullOrWhiteSpace(action.Text)
            ? ""
            : report.GoesToOriginals(action.Text) ? report.Original(action.Text) : $": {ReportComposer.Inline(action.Text)}";
        return $"{what}{text} ({report.L("担当", "by")}: {ReportComposer.Inline(action.Actor)})";
    }

    /// <summary>"【08:53】" on the same day as the previous entry, "【1/13 08:53】" on the first and whenever the day changes.</summary>
    private static string Stamp(ReportComposer report, DateTimeOffset local, DateTimeOffset? previous)
    {
        if (report.IsJapanese)
        {
            return JapaneseText.TimelineStamp(local, previous);
        }

        return previous is { } p && p.Date == local.Date
            ? string.Create(CultureInfo.InvariantCulture, $"[{local:HH:mm}] ")
            : string.Create(CultureInfo.InvariantCulture, $"[{local:d MMM yyyy HH:mm}] ");
    }

    private static void WriteContacts(ReportComposer report)
    {
        report.Section(1, report.L("措置模様（連絡体制）", "Response (contacts)"));
        var contacts = report.View.Record.Actions
            .Where(a => a.Kind is OperatorActionKind.AlertSent or OperatorActionKind.Acknowledged or OperatorActionKind.RegulatorReported)
            .Select(a => new ListItem($"{Stamp(report, report.Local(a.At), null)}{ActionText(report, a)}"))
            .ToArray();
        if (contacts.Length > 0)
        {
            report.Paragraph(report.L("コレクタが記録した連絡:", "Contacts the collector recorded:"));
            report.Items(contacts);
        }

        report.Fill(report.L(
            "社内外への連絡の経過（時刻、連絡元、連絡先、内容）。総務省への連絡の時刻を含めてください。",
            "Who told whom, inside and outside the company, and when; include when MIC was told."));
    }

    private static void WriteUserCommunication(ReportComposer report)
    {
        report.Section(1, report.L("利用者対応状況", "Users: inquiries and notices"));
        report.Fill(report.L("問い合わせ件数（電話、メール）と時点、利用者対応の内容", "Number of inquiries (phone, mail) and as of when, and how users were answered"));
        report.Section(2, report.L("<自社HPへの情報掲載>", "<Notices on the operator's web site>"));
        var notice = report.View.Deadlines.FirstOrDefault(d => d.Kind == DeadlineKind.FirstUserNotice);
        if (notice is not null)
        {
            report.Paragraph(report.L(
                $"第1報の目安: 検知 {report.Moment(Stamp(report.View.DetectedAt))} から15分以内、{report.DateTime(notice.Due)}まで",
                $"First notice target: within 15 min of detection at {report.Moment(Stamp(report.View.DetectedAt))}, by {report.DateTime(notice.Due)}"));
        }

        var step = 0;
        report.Items(report.View.Notices
            .Where(n => n.Kind == RecordedNoticeKind.UserNotice)
            .Select(n => new ListItem(report.L(
                $"第{++step}報 {report.DateTime(n.At)}{NoticeText(report, n)}",
                $"Notice {step} {report.DateTime(n.At)}{NoticeText(report, n)}")))
            .ToArray());
        report.Fill(report.L("各報の掲載時刻と内容（HP内の「障害情報」の画面キャプチャーを添付）", "Each notice's time and content (attach screen captures of the web site's notice)"));
        report.Section(2, report.L("<報道発表>", "<Press release>"));
        report.Fill(report.L("報道発表の日時と内容（報道発表の画面キャプチャーを添付）。実施しなかった場合はその旨", "When and what was released to the press (attach a capture), or that none was made"));
        report.Section(2, report.L("<その他対応>", "<Other channels>"));
        report.Fill(report.L("SNS等を用いた周知の日時と内容（画面キャプチャーを添付）", "Notices by social media and other channels, with times (attach captures)"));
    }

    /// <summary>
    /// "（障害発生のご報告）": what the notice said, without its own "第1報"; in the Japanese report
    /// English is referred to the originals appendix ("（利用者への周知［原文5］）").
    /// </summary>
    private static string NoticeText(ReportComposer report, RecordedNotice notice)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(ReportComposer.Inline(notice.Text), @"^(第[0-9０-９]+報|初報|最終報)\s*[:：]?\s*", "");
        if (text.Length == 0)
        {
            return "";
        }

        return report.GoesToOriginals(notice.Text)
            ? $"（掲載内容{report.Original(notice.Text)}）"
            : report.L($"（{text}）", $" ({text})");
    }

    /// <summary>"コントローラの稼働状態（monitor_controller_up）": what was measured, beside the id; the id alone when the catalog does not know it.</summary>
    private static string MetricText(ReportComposer report, string metric)
    {
        var id = ReportComposer.Inline(metric);
        var english = Monitor.Core.Signals.MetricCatalog.TryGet(metric, out var definition) ? definition.Help.TrimEnd('.') : null;
        var name = report.L(Monitor.Core.Signals.MetricJapaneseNames.Of(metric) ?? "", english ?? "");
        return name.Length == 0 ? id : report.L($"{name}（{id}）", $"{name} ({id})");
    }

    private static void WriteEvidence(ReportComposer report)
    {
        report.Section(1, report.L("根拠（エビデンス）", "Evidence"));
        report.Paragraph(report.L("各検知の根拠となった監視データのサンプル:", "The monitoring samples behind each finding:"));
        foreach (var finding in report.Findings)
        {
            var rule = string.IsNullOrWhiteSpace(finding.Rule) ? "" : report.L($" (ルール: {ReportComposer.Inline(finding.Rule)})", $" (rule: {ReportComposer.Inline(finding.Rule)})");
            report.Section(2, $"{FindingName(report, finding)}{rule}");
            if (finding.Evidence.Count == 0)
            {
                report.Paragraph(report.L("(サンプルの記録なし)", "(no samples recorded)"));
                continue;
            }

            var rows = finding.Evidence
                .OrderBy(s => s.Time?.ToDateTimeOffset() ?? DateTimeOffset.MinValue)
                .Select(sample => (IReadOnlyList<string>)
                [
                    sample.Time is null ? "" : report.DateTime(sample.Time),
                    ReportComposer.Inline(sample.Entity),
                    MetricText(report, sample.Metric),
                    sample.Value.ToString("#,0.###", CultureInfo.InvariantCulture),
                ])
                .ToList();
            report.Table([report.L("時刻", "Time"), report.L("対象", "Entity"), report.L("監視項目", "Metric"), report.L("値", "Value")], rows, [false, false, false, true]);
        }
    }
}
