namespace Monitor.Collector.Reports;

/// <summary>
/// 原文（英語の記載）: the appendix of the Japanese report that quotes, by number, the English an
/// agent, a device or a person wrote (log lines, notes, on-call actions' text, device roles),
/// which the body describes in Japanese and refers to as ［原文N］. The English report keeps that
/// text inline and has no appendix.
/// </summary>
public static partial class MicReport
{
    /// <summary>The heading of the originals appendix.</summary>
    public const string OriginalsHeading = "原文（英語の記載）";

    private static void WriteOriginals(ReportComposer report)
    {
        if (!report.IsJapanese || report.Originals.Count == 0)
        {
            return;
        }

        report.Section(1, OriginalsHeading);
        report.Paragraph("本文中の［原文N］で参照した記載の原文（監視エージェント、機器のログ及び担当者が英語で記載したもの。翻訳していません）:");
        report.Items(report.Originals.Select((text, i) => new ListItem($"{ReportComposer.OriginalReference(i + 1)} {text}")).ToArray());
    }

    /// <summary>A device's role as the topology says it; English goes to the originals ("機器の役割の説明［原文2］").</summary>
    private static string RoleText(ReportComposer report, string role) =>
        report.GoesToOriginals(role) ? $"機器の役割の説明{report.Original(role)}" : report.Original(role);
}
