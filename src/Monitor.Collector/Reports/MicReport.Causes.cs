using Monitor.Core.Findings;
using Finding = Monitor.Contracts.V1.Finding;

namespace Monitor.Collector.Reports;

/// <summary>
/// 発生原因と再発防止策 and 再発防止策について, in seed 003's structure: the table of causes and
/// countermeasures, why the accident grew large (the estimated root cause and the warnings the
/// agent raised before it, such as too little N-1 headroom or a shift to small I/Os) and why it
/// lasted long, each with the boxes 工事時 / 維持・運用時 for a person to tick, the interim and
/// permanent measures, and what changed before and after. What to do about it only people know.
/// </summary>
public static partial class MicReport
{
    private static void WriteCausesAndCountermeasures(ReportComposer report)
    {
        report.Section(1, report.L("発生原因と再発防止策", "Causes and countermeasures"));
        var root = report.Root;
        // A root cause that is itself a warning (Freebit's falling optical power) is cited among
        // the warnings, but not twice in the table.
        var precursors = Precursors(report);
        var otherPrecursors = precursors.Where(f => !ReferenceEquals(f, report.Incident.RootCause)).ToList();
        report.Paragraph(report.L(
            "「大規模化」及び「長期化」した原因をそれぞれ分析し、各原因の再発防止策を記載します。原因は監視データによる推定を示しています。",
            "The causes of the accident's scale and of its duration, each with its countermeasures; the causes shown are estimates from monitoring data."));
        var rows = new List<IReadOnlyList<string>>();
        rows.Add([report.L("○大規模化した原因", "Why it grew large"), "", ""]);
        rows.Add([report.L($"1. （推定）{FindingName(report, root)}", $"1. (estimated) {FindingName(report, root)}"), report.ToFill, report.ToFill]);
        rows.AddRange(otherPrecursors.Select((finding, i) => (IReadOnlyList<string>)
        [
            report.L($"{i + 2}. （予兆）{FindingName(report, finding)}", $"{i + 2}. (warning) {FindingName(report, finding)}"),
            report.ToFill,
            report.ToFill,
        ]));
        rows.Add([report.L("○長期化した原因", "Why it lasted long"), "", ""]);
        rows.Add([$"1. {report.ToFill}", report.ToFill, report.ToFill]);
        report.Table(
            [report.L("発生原因", "Cause"), report.L("再発防止策", "Countermeasure"), report.L("実施時期", "Done or planned")],
            rows,
            [false, false, false]);

        report.Section(2, report.L("○大規模化した原因", "Why it grew large"));
        var lines = new List<string> { report.L($"1. （推定）監視データによる根本原因の候補: {FindingName(report, root)}", $"1. (Estimated) root-cause candidate: {FindingName(report, root)}") };
        if (!string.IsNullOrWhiteSpace(root.Explanation))
        {
            // Quoted once, under <原因>: the same sentence twice is noise, not evidence.
            lines.Add(report.L("　（監視データによる説明は <原因> に記載）", "  (the monitoring data's explanation is under <Cause>)"));
        }

        report.Paragraph([.. lines]);
        if (precursors.Count > 0)
        {
            report.Paragraph(report.L(
                "監視エージェントが事前に検知していた予兆（事故の規模を大きくした可能性のある要因）:",
                "Warnings the monitoring agent raised beforehand (what may have made the accident larger):"));
            report.Items(precursors.Select(finding => new ListItem(PrecursorText(report, finding))).ToArray());
        }
        else
        {
            report.Paragraph(report.L(
                "監視データには、事故の前に予兆（冗長構成における処理能力の余裕不足、I/Oサイズの小型化、FCポートのエラー等）の検知はありません。",
                "Monitoring raised no warning before the accident (too little headroom for one controller alone, a shift to small I/Os, FC port errors and the like)."));
        }

        WorkOrOperation(report);
        report.Fill(report.L(
            "大規模化した原因の詳細（工事時の原因、維持・運用時の原因）と再発防止策",
            "Why it grew large in detail (during work, in operation) and the countermeasures"));

        report.Section(2, report.L("○長期化した原因", "Why it lasted long"));
        WorkOrOperation(report);
        report.Fill(report.L("長期化した原因の詳細（工事時の原因、維持・運用時の原因）と再発防止策", "Why it lasted long in detail (during work, in operation) and the countermeasures"));
        report.Section(2, report.L("<暫定対応>", "<Interim measures>"));
        report.Fill(report.L("暫定対応（実施日）", "Interim measures (with dates)"));
        report.Section(2, report.L("<恒久対応>", "<Permanent measures>"));
        report.Fill(report.L("恒久対応（実施日・予定日）", "Permanent measures (with dates done or planned)"));
    }

    private static void WritePreventionBeforeAndAfter(ReportComposer report)
    {
        report.Section(1, report.L("再発防止策について", "About the countermeasures"));
        report.Fill(report.L(
            "各再発防止策の番号と内容、実施日又は実施予定日（再発防止策ごとに、障害発生前と障害発生後の体制・実施内容を記載）",
            "Each countermeasure's number, what it is and when it was or will be done (for each, the arrangements before and after the accident)"));
        report.Section(2, report.L("障害発生前", "Before the accident"));
        report.Fill(report.L("障害発生前の体制・実施内容", "The arrangements and practice before the accident"));
        report.Section(2, report.L("障害発生後", "After the accident"));
        report.Fill(report.L("障害発生後の体制・実施内容", "The arrangements and practice after the accident"));
    }

    /// <summary>The boxes of seed 003 for where a cause lies, for a person to tick.</summary>
    private static void WorkOrOperation(ReportComposer report) =>
        report.Paragraph(report.L(
            "□工事時 / □維持・運用時（該当するものに印を付けてください）",
            "[ ] during work / [ ] in operation and maintenance (tick what applies)"));

    /// <summary>The warnings of the incident (precursor kinds, or findings sent as warnings), the root cause among them when it is one, earliest first.</summary>
    private static List<Finding> Precursors(ReportComposer report) =>
        report.Findings
            .Where(f => f.Severity == Monitor.Contracts.V1.Severity.Warning || (FindingKinds.IsRegistered(f.Kind) && FindingKinds.Describe(f.Kind).Class == FindingClass.Precursor))
            .OrderBy(f => f.FirstSeen?.ToDateTimeOffset() ?? DateTimeOffset.MaxValue)
            .ToList();

    /// <summary>"ctl-b（ストレージコントローラ）: 冗長構成における処理能力の余裕不足（IOPS）（初検知: 平成29年1月13日(金) 8時10分、根本原因の検知の43分前）".</summary>
    private static string PrecursorText(ReportComposer report, Finding finding)
    {
        if (finding.FirstSeen is null)
        {
            return FindingName(report, finding);
        }

        var seen = finding.FirstSeen.ToDateTimeOffset();
        var rootSeen = report.Root.FirstSeen?.ToDateTimeOffset();
        var before = rootSeen is { } r && seen < r
            ? report.L($"、根本原因の検知の{report.Duration(r - seen)}前", $", {report.Duration(r - seen)} before the root cause was detected")
            : "";
        return report.L(
            $"{FindingName(report, finding)}（初検知: {report.DateTime(seen)}{before}）",
            $"{FindingName(report, finding)} (first seen {report.DateTime(seen)}{before})");
    }
}
