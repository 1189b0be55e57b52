using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>システム構成, the two flows and 影響利用者数の推移: what the topology and the samples show.</summary>
public static partial class MicReportMarkdown
{
    /// <summary>More rows than this in the affected-users table are cut in the middle.</summary>
    private const int MaxSeriesRows = 100;

    private static void WriteSystemConfiguration(Report report)
    {
        var md = report.Markdown.Heading(1, "システム構成");
        var devices = report.Revision.Site?.Devices;
        if (devices is { Count: > 0 })
        {
            md.Line("監視のトポロジによる各機器の機能・役割:").Blank();
            var step = 0;
            foreach (var device in devices)
            {
                md.Item($"{JapaneseText.Circled(++step)}{DeviceName(device)}: {MarkdownBuilder.OrToFill(device.Role)}");
            }

            md.Blank();
        }

        md.Line($"{MarkdownBuilder.ToFill} 構成図（視覚的にシステムの仕組みが分かる図）と各機器の説明");
    }

    private static void WriteNormalFlow(Report report)
    {
        var md = report.Markdown.Heading(1, "正常時の動作の流れ");
        md.Line($"{MarkdownBuilder.ToFill} 正常時の動作の流れを構成図に沿って記載してください。");
        var devices = report.Revision.Site?.Devices;
        if (devices is not { Count: > 0 })
        {
            return;
        }

        md.Blank().Line("参考: 監視のトポロジが知る機器（上流から順に）").Blank();
        var step = 0;
        foreach (var device in devices)
        {
            md.Item($"{JapaneseText.Circled(++step)}{DeviceName(device)}");
        }
    }

    private static void WriteAccidentFlow(Report report)
    {
        var md = report.Markdown.Heading(1, "事故発生時の動作の流れ");
        var root = report.Root;
        md.Line("監視データによる因果の連鎖（推定）:").Blank();
        md.Item($"起点: {FindingName(root)}{Seen(report, root)}");
        if (!string.IsNullOrWhiteSpace(root.Explanation))
        {
            md.Line($"  {MarkdownBuilder.Inline(root.Explanation)}");
        }

        var step = 0;
        foreach (var link in report.Revision.CausalChain)
        {
            var observed = string.IsNullOrWhiteSpace(link.ObservedKind) ? "" : $" (observed: {MarkdownBuilder.Inline(link.ObservedKind)})";
            var finding = FindingAt(report, link);
            var text = $"{JapaneseText.Circled(++step)} {MarkdownBuilder.Inline(link.FromEntity)} → {MarkdownBuilder.Inline(link.ToEntity)}: "
                + $"{MarkdownBuilder.Inline(link.Relation)}{observed}";
            var detail = finding is null ? "" : $"{MarkdownBuilder.Inline(finding.Explanation)}{Seen(report, finding)}".Trim();
            if (detail.Length == 0)
            {
                md.Item(text);
                continue;
            }

            md.Item(text + "  ");
            md.Line($"  {detail}");
        }

        md.Blank().Line($"{MarkdownBuilder.ToFill} 構成図に沿った説明（監視データに現れない機器の動作を含めて）");
    }

    private static void WriteAffectedUsersOverTime(Report report)
    {
        var md = report.Markdown.Heading(1, "影響利用者数の推移");
        var changes = ChangesOnly(report.Revision.AffectedUsersSeries);
        if (changes.Count == 0)
        {
            md.Line($"{MarkdownBuilder.ToFill} (監視データに推移の記録がありません)");
            return;
        }

        md.Line("| 時刻 | 影響利用者数 |").Line("|---|---:|");
        var omitted = changes.Count - MaxSeriesRows;
        for (var index = 0; index < changes.Count; index++)
        {
            if (omitted > 0 && index == MaxSeriesRows / 2)
            {
                md.Line($"| … ({omitted}件省略) | |");
                index += omitted - 1;
                continue;
            }

            var point = changes[index];
            md.Line($"| {JapaneseText.DateTime(report.Local(point.Time))} | {JapaneseText.Number(point.Count)}人 |");
        }

        md.Blank().Line($"※影響利用者数は{BasisText(report.Revision)}で算定（監視データによる。値が変わった時刻のみ記載）");
    }

    /// <summary>The series in time order, keeping only points where the count changed.</summary>
    private static List<AffectedUsersPoint> ChangesOnly(IEnumerable<AffectedUsersPoint> series)
    {
        var changes = new List<AffectedUsersPoint>();
        foreach (var point in series.OrderBy(p => p.Time.ToDateTimeOffset()))
        {
            if (changes.Count == 0 || changes[^1].Count != point.Count)
            {
                changes.Add(point);
            }
        }

        return changes;
    }

    /// <summary>The finding observed at the effect side of a link, if the agent sent one.</summary>
    private static Finding? FindingAt(Report report, CausalLink link) =>
        report.Findings.FirstOrDefault(f => f.Entity == link.ToEntity && (link.ObservedKind.Length == 0 || f.Kind == link.ObservedKind));

    private static string Seen(Report report, Finding finding) =>
        finding.FirstSeen is null ? "" : $" (初検知: {report.Moment(finding.FirstSeen)})";

    private static string DeviceName(Device device) =>
        string.IsNullOrWhiteSpace(device.EntityType)
            ? MarkdownBuilder.Inline(device.Entity)
            : $"{MarkdownBuilder.Inline(device.Entity)} ({MarkdownBuilder.Inline(device.EntityType)})";
}
