using System.Globalization;
using System.Text;
using Monitor.Collector.Merging;
using Monitor.Collector.Regulation;
using Monitor.Collector.Reports;
using static Monitor.Collector.Web.Pages.Html;

namespace Monitor.Collector.Web.Pages;

/// <summary>
/// The regulation panel of the incident page: category, quarterly report and the deadlines, each
/// in Japanese beside English (the report to MIC is written in Japanese; on-call may read either),
/// times in the incident's site zone.
/// </summary>
internal static class RegulationPanel
{
    public static void Render(StringBuilder body, IncidentView view, DateTimeOffset now)
    {
        var classification = view.Classification;
        var zone = view.TimeZone;
        body.Append("<div class=\"panel\" id=\"regulation\"><h2>").Append(Both("報告区分と期限", "Regulation and deadlines")).Append("</h2><p>")
            .Append(Both("役務区分", "Category")).Append(": ").Append(Category(classification.Category))
            .Append(" · ").Append(Both("四半期報告", "quarterly report")).Append(": ")
            .Append(classification.QuarterlyReport ? Both("要", "required") : Both("不要", "not required"))
            .Append("</p>");
        body.Append("<table><thead><tr><th>").Append(Both("期限", "Deadline")).Append("</th><th>")
            .Append(Both("期日", "Due")).Append(" <span class=\"muted\">(").Append(E(zone.Id)).Append(")</span></th><th>")
            .Append(Both("状況", "State")).Append("</th></tr></thead><tbody>");
        foreach (var deadline in view.Deadlines)
        {
            var (cls, text) = Countdown.Of(deadline, now, zone, view.IsResolved);
            body.Append("<tr><td>").Append(Both(JapaneseName(deadline.Kind), Countdown.Name(deadline.Kind))).Append("</td><td>")
                .Append(E(EnglishText.DateTime(TimeZoneInfo.ConvertTime(deadline.Due, zone)))).Append("</td><td class=\"")
                .Append(cls).Append("\">").Append(Both(JapaneseState(cls), text)).Append("</td></tr>");
        }

        body.Append("</tbody></table><p class=\"muted\">")
            .Append(Both(
                "総務省への第1報は「速やかに」（電気通信事業法施行規則第57条）。表の期日は事業者が定めた目標の時間による。",
                "The first report to MIC is due \"promptly\" (速やかに, Ordinance Art. 57); the due time is the site's target (Collector:Regulation:FirstReportWithin)."))
            .Append("</p></div>");
    }

    /// <summary>The Japanese name of a deadline, as the regulator's forms word it.</summary>
    public static string JapaneseName(DeadlineKind kind) => kind switch
    {
        DeadlineKind.FirstUserNotice => "利用者への第1報",
        DeadlineKind.RegulatorFirstReport => "総務省への第1報（速報）",
        DeadlineKind.DetailedReport => "総務省への詳細な報告（30日以内）",
        DeadlineKind.QuarterlyReport => "四半期報告",
        _ => "期限",
    };

    private static string JapaneseState(string cls) => cls switch
    {
        "done" => "済",
        "unrecorded" => "記録なし",
        "overdue" => "期限超過",
        _ => "期限前",
    };

    private static string Category(int category) =>
        category == 0
            ? Both("不明", "unknown")
            : Both(
                ServiceCategories.Name(category) ?? category.ToString(CultureInfo.InvariantCulture),
                $"{category.ToString(CultureInfo.InvariantCulture)} ({ServiceCategories.EnglishName(category)})");

    /// <summary>Japanese, then English beside it; each marked with its language for fonts and screen readers.</summary>
    private static string Both(string japanese, string english) =>
        $"<span lang=\"ja\">{E(japanese)}</span> <span lang=\"en\" class=\"en\">{E(english)}</span>";
}
