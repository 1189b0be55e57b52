using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>システム構成, the accident's flow and 影響利用者数の推移: what the topology and the samples show.</summary>
public static partial class MicReport
{
    /// <summary>More rows than this in the affected-users table are cut in the middle.</summary>
    private const int MaxSeriesRows = 100;

    private static void WriteSystemConfiguration(ReportComposer report)
    {
        report.Section(1, report.L("システム構成", "System configuration"));
        var devices = report.Incident.Site?.Devices;
        if (devices is { Count: > 0 })
        {
            report.Paragraph(report.L("監視のトポロジによる各機器の機能・役割:", "Each device's role, from the monitoring topology:"));
            var step = 0;
            report.Items(devices
                .Select(device => new ListItem($"{Step(report, ++step)}{EntityName(report, device.Entity, device.EntityType)}: {(string.IsNullOrWhiteSpace(device.Role) ? report.ToFill : RoleText(report, device.Role))}"))
                .ToArray());
        }

        report.Fill(report.L("構成図（視覚的にシステムの仕組みが分かる図）と各機器の説明", "A configuration diagram and a description of each device"));
    }

    private static void WriteAccidentFlow(ReportComposer report)
    {
        report.Section(1, report.L("事故発生時の動作の流れ", "Flow during the accident"));
        var root = report.Root;
        report.Paragraph(report.L("監視データによる因果の連鎖（推定）:", "Causal chain from monitoring data (estimated):"));
        var items = new List<ListItem>
        {
            new(
                report.L($"起点: {FindingName(report, root)}{Seen(report, root)}", $"Start: {FindingName(report, root)}{Seen(report, root)}"),
                string.IsNullOrWhiteSpace(root.Explanation) ? null : FindingSentences.Of(report, root)),
        };
        var step = 0;
        foreach (var link in report.Incident.CausalChain)
        {
            var kinds = link.ReadObservedKinds();
            var names = kinds.Select(kind => ReportComposer.Inline(ReportNames.Kind(kind, report.Language))).ToList();
            var observed = names.Count == 0 ? "" : report.L($"（検知: {string.Join("、", names)}）", $" (observed: {string.Join(", ", names)})");
            var finding = FindingAt(report, link);
            var text = $"{Step(report, ++step)} {ReportComposer.Inline(link.FromEntity)} → {ReportComposer.Inline(link.ToEntity)}: {ReportComposer.Inline(ReportNames.Relation(link.Relation, report.Language))}{observed}";
            var detail = finding is null || string.IsNullOrWhiteSpace(finding.Explanation) ? null : $"{FindingSentences.Of(report, finding)}{Seen(report, finding)}";
            items.Add(new(text, detail));
        }

        report.Items([.. items]);

        // The chain ends where seed 003's does: with what users saw ("⇒ メールの送受信不可").
        var seen = ImpactLines(report);
        if (seen.Count > 0)
        {
            report.Paragraph(report.L(
                $"⇒ {string.Join("、", seen.Select(line => line.Japanese).Distinct())}",
                $"=> {string.Join("; ", seen.Select(line => line.English).Distinct())}"));
        }

        report.Fill(report.L("構成図に沿った説明（監視データに現れない機器の動作を含めて）", "An explanation along the diagram, including what monitoring did not see"));
    }

    private static void WriteAffectedUsersOverTime(ReportComposer report)
    {
        report.Section(1, report.L("影響利用者数の推移", "Affected users over time"));
        var changes = ChangesOnly(report.Incident.AffectedUsersSeries);
        if (changes.Count == 0)
        {
            report.Fill(report.L("(監視データに推移の記録がありません)", "(monitoring recorded no series)"));
            return;
        }

        var rows = new List<IReadOnlyList<string>>();
        var omitted = changes.Count - MaxSeriesRows;
        for (var index = 0; index < changes.Count; index++)
        {
            if (omitted > 0 && index == MaxSeriesRows / 2)
            {
                rows.Add([report.L($"… ({omitted}件省略)", $"… ({omitted} rows left out)"), ""]);
                index += omitted - 1;
                continue;
            }

            var point = changes[index];
            rows.Add([report.DateTime(point.Time), report.L($"{JapaneseText.Number(point.Count)}人", EnglishText.Number(point.Count))]);
        }

        report.Table([report.L("時刻", "Time"), report.L("影響利用者数", "Affected users")], rows, [false, true]);
        var start = report.Incident.OpenedAt.ToDateTimeOffset();
        var end = report.Incident.RecoveredAt?.ToDateTimeOffset() ?? report.View.AsOf;
        var last = changes[^1].Time.ToDateTimeOffset();
        report.Chart(new ChartBlock(
            report.L("影響利用者数の推移（監視データ）", "Affected users over time (monitoring data)"),
            changes.Select(p => new ChartPoint(p.Time.ToDateTimeOffset(), p.Count)).ToList(),
            start,
            end > last ? end : last));
        report.Paragraph(report.L(
            $"※影響利用者数は{BasisText(report)}で算定（監視データによる。値が変わった時刻のみ記載。複数ホストで同じ利用者群は1回だけ数える）",
            $"Counted on {BasisText(report)} (monitoring data; only the times the count changed; a population seen from several hosts counts once)"));
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
    private static Finding? FindingAt(ReportComposer report, CausalLink link)
    {
        var kinds = link.ReadObservedKinds();
        return report.Findings.FirstOrDefault(f => f.Entity == link.ToEntity && (kinds.Count == 0 || kinds.Contains(f.Kind)));
    }

    private static string Seen(ReportComposer report, Finding finding) =>
        finding.FirstSeen is null ? "" : report.L($" (初検知: {report.Moment(finding.FirstSeen)})", $" (first seen {report.Moment(finding.FirstSeen)})");

    private static string Step(ReportComposer report, int number) =>
        report.IsJapanese ? JapaneseText.Circled(number) : $"({number}) ";
}
