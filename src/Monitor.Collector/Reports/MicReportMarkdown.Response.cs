using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// 措置模様, 発生原因と再発防止策, 利用者対応状況 and the evidence appendix: mostly for a person
/// to write, with the monitoring timeline and the estimated cause as a starting point.
/// </summary>
public static partial class MicReportMarkdown
{
    /// <summary>The first notice to users within 15 minutes of detection is the practice the panel praised (seed 004).</summary>
    private static readonly TimeSpan FirstNoticeTarget = TimeSpan.FromMinutes(15);

    private static void WriteResponse(Report report)
    {
        var md = report.Markdown.Heading(1, "措置模様（事故対応状況）");
        var events = report.Revision.Timeline.OrderBy(e => e.Time.ToDateTimeOffset()).ToList();
        if (events.Count > 0)
        {
            md.Line("監視データの時系列:").Blank();
            DateTimeOffset? previous = null;
            var step = 0;
            foreach (var timelineEvent in events)
            {
                var local = report.Local(timelineEvent.Time);
                var entity = string.IsNullOrWhiteSpace(timelineEvent.Entity) ? "" : $" ({MarkdownBuilder.Inline(timelineEvent.Entity)})";
                md.Item($"{JapaneseText.Circled(++step)}{JapaneseText.TimelineStamp(local, previous)}{EventKindText(timelineEvent.Kind)}"
                    + $"{MarkdownBuilder.Inline(timelineEvent.Text)}{entity}");
                if (timelineEvent.Kind == TimelineEventKind.Recovered)
                {
                    // A divider between the events, as the MIC example draws one.
                    md.Blank().Line("-----サービスの復旧-----").Blank();
                }

                previous = local;
            }

            md.Blank();
        }

        md.Line($"{MarkdownBuilder.ToFill} 障害箇所の特定と復旧対処の経過（時刻、担当、実施した作業）");
    }

    private static string EventKindText(TimelineEventKind kind) => kind switch
    {
        TimelineEventKind.Detected => "検知: ",
        TimelineEventKind.Finding => "事象: ",
        TimelineEventKind.Change => "変更作業: ",
        TimelineEventKind.Log => "ログ: ",
        TimelineEventKind.Note => "記録: ",
        TimelineEventKind.Recovered => "復旧: ",
        TimelineEventKind.Resolved => "解決: ",
        TimelineEventKind.Reopened => "再発: ",
        _ => "",
    };

    private static void WriteContacts(Report report)
    {
        report.Markdown.Heading(1, "措置模様（連絡体制）")
            .Line($"{MarkdownBuilder.ToFill} 社内外への連絡の経過（時刻、連絡元、連絡先、内容）。総務省への連絡の時刻を含めてください。");
    }

    private static void WriteCausesAndCountermeasures(Report report)
    {
        var md = report.Markdown.Heading(1, "発生原因と再発防止策");
        var root = report.Root;

        md.Heading(2, "○大規模化した原因")
            .LineWithBreak($"（推定）監視データによる根本原因の候補: {FindingName(root)}");
        if (!string.IsNullOrWhiteSpace(root.Explanation))
        {
            md.LineWithBreak($"　{MarkdownBuilder.Inline(root.Explanation)}");
        }

        foreach (var lesson in report.Findings.Select(f => f.Lesson).Where(l => !string.IsNullOrWhiteSpace(l)).Distinct())
        {
            md.LineWithBreak($"参考となる過去の事例: {MarkdownBuilder.Inline(lesson)}");
        }

        md.Line($"{MarkdownBuilder.ToFill} 大規模化した原因（工事時・維持運用時の原因）と再発防止策");
        md.Heading(2, "○長期化した原因").Line($"{MarkdownBuilder.ToFill} 長期化した原因と再発防止策");
        md.Heading(2, "<暫定対応>").Line(MarkdownBuilder.ToFill);
        md.Heading(2, "<恒久対応>").Line(MarkdownBuilder.ToFill);
    }

    private static void WriteUserCommunication(Report report)
    {
        var md = report.Markdown.Heading(1, "利用者対応状況");
        md.Item($"問い合わせ件数: {MarkdownBuilder.ToFill}件（電話: {MarkdownBuilder.ToFill}件、メール: {MarkdownBuilder.ToFill}件）");

        var detected = DetectedAt(report.Revision);
        var target = report.Local(detected) + FirstNoticeTarget;
        md.Blank().Line("< 自社HPへの情報掲載 >").Blank()
            .Line($"第1報 {MarkdownBuilder.ToFill} (目安: 検知 {report.Moment(detected)} から15分以内、"
                + $"{JapaneseText.DateTime(target)}まで)")
            .Blank()
            .Line($"< 報道発表 > {MarkdownBuilder.ToFill}");
    }

    /// <summary>When the agent detected the incident: its DETECTED event, else the onset.</summary>
    private static Google.Protobuf.WellKnownTypes.Timestamp DetectedAt(IncidentRevision revision) =>
        revision.Timeline
            .Where(e => e.Kind == TimelineEventKind.Detected && e.Time is not null)
            .Select(e => e.Time)
            .MinBy(time => time.ToDateTimeOffset())
        ?? revision.OpenedAt;

    private static void WriteEvidence(Report report)
    {
        var md = report.Markdown.Heading(1, "根拠（エビデンス）");
        md.Line("各検知の根拠となった監視データのサンプル:");
        foreach (var finding in report.Findings)
        {
            var rule = string.IsNullOrWhiteSpace(finding.Rule) ? "" : $" (ルール: {MarkdownBuilder.Inline(finding.Rule)})";
            md.Heading(2, $"{FindingName(finding)}{rule}");
            if (finding.Evidence.Count == 0)
            {
                md.Line("(サンプルの記録なし)");
                continue;
            }

            md.Line("| 時刻 | 対象 | メトリクス | 値 |").Line("|---|---|---|---:|");
            foreach (var sample in finding.Evidence.OrderBy(s => s.Time?.ToDateTimeOffset() ?? DateTimeOffset.MinValue))
            {
                var time = sample.Time is null ? "" : JapaneseText.DateTime(report.Local(sample.Time));
                md.Line($"| {time} | {MarkdownBuilder.Cell(sample.Entity)} | {MarkdownBuilder.Cell(sample.Metric)} | "
                    + $"{sample.Value.ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture)} |");
            }
        }
    }
}
