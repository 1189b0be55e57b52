using Monitor.Collector.Regulation;

namespace Monitor.Collector.Reports;

/// <summary>
/// The classification of an accident of several episodes, each judged on its own continuous
/// duration (seed 002's criteria), and the reading that takes them as one; when the readings
/// differ a person decides (【要判断】). Then the rule for when a major accident is foreseen.
/// </summary>
public static partial class MicReport
{
    /// <summary>The marker of a decision only a person can take, in each language.</summary>
    public static string ToDecideMark(ReportLanguage language) => language == ReportLanguage.Japanese ? "【要判断】" : "[TO BE DECIDED]";

    private static List<ListItem> ReadingItems(ReportComposer report)
    {
        var classification = report.View.Classification;
        var items = new List<ListItem>();
        if (classification.Episodes.Count > 1)
        {
            items.AddRange(classification.Episodes.Select((episode, i) => new ListItem(report.L(
                $"{Step(report, i + 1)}単独で判定（影響利用者数 最大{JapaneseText.Number(episode.AffectedUsers)}人、継続時間 {JapaneseText.Duration(episode.Duration)}{(episode.Ongoing ? "（継続中）" : "")}）: {MajorAccidentText(report, episode)}",
                $"{Step(report, i + 1)}judged alone (at most {EnglishText.Number(episode.AffectedUsers)} users, for {EnglishText.Duration(episode.Duration)}{(episode.Ongoing ? ", ongoing" : "")}): {MajorAccidentText(report, episode)}"))));
        }

        if (classification.Together is { } together)
        {
            items.Add(new ListItem(report.L(
                $"{classification.Episodes.Count}回を一つの事故とみなした場合（復旧していた時間を除いて継続時間を合算: 計{JapaneseText.Duration(together.Duration)}）: {MajorAccidentText(report, together)}",
                $"The {classification.Episodes.Count} episodes taken as one accident (their durations added, the restored time between them not counted: {EnglishText.Duration(together.Duration)} in all): {MajorAccidentText(report, together)}")));
        }

        if (classification.PersonDecides)
        {
            items.Add(new ListItem(report.L(
                $"{ToDecideMark(report.Language)} 各回は単独では重大な事故に該当しませんが、一つの事故とみなすと該当します。同じ原因による一連の事故として扱うかどうかを担当者が判断してください（監視エージェントは同じ原因の再発として同じインシデントを再開しています）。総務省への報告の期限は、一つの事故とみなす場合のものを予定として示しています。",
                $"{ToDecideMark(report.Language)} No episode alone is a major accident, but taken as one accident they are. Whether they are one accident with one cause is for a person to decide (the monitoring agent re-opened the same incident for each, as the same cause coming back). The deadlines to MIC shown are those of the reading \"one accident\", as projected.")));
        }

        var reading = classification.PersonDecides && classification.Together is { } one ? one : classification;
        if (reading.ForeseenAt is { } foreseen && reading.MajorAccident is MajorAccidentStatus.Yes or MajorAccidentStatus.BecomesOne)
        {
            items.Add(new ListItem(reading.Foreseen
                ? report.L($"重大な事故の見込み: {report.DateTime(foreseen)}から（総務省への第一報の期限の起点）", $"Major accident foreseen: from {report.DateTime(foreseen)} (the first report to MIC is due from then)")
                : report.L($"重大な事故の見込み: {report.DateTime(foreseen)}までに復旧しなければ見込まれる", $"Major accident foreseen at {report.DateTime(foreseen)} if not recovered by then")));
        }

        return items;
    }

    private static string ForeseenRule(ReportComposer report)
    {
        var classification = report.View.Classification;
        var share = (classification.Threshold ?? classification.Together?.Threshold) is { } threshold
            ? report.L(
                $"（この事故では{Hours(threshold.Duration * ForeseenShare(report))}）",
                $" (here {EnglishHours(threshold.Duration * ForeseenShare(report))})")
            : "";
        return report.L(
            $"※重大な事故の判定は、利用者への影響が途切れずに続いた期間（停止と品質の低下を含む）ごとに、その継続時間と影響利用者数で行います。重大な事故が「見込まれる」時点は、影響利用者数が基準の人数に達し、かつ影響が基準の継続時間の{Percent(report)}続いた時点とします{share}。総務省への第一報の期限はこの時点から数えます（「基準の継続時間の{Percent(report)}」は監視の設定値）。",
            $"Note: a major accident is judged on each period in which users were affected without a break (stops and degradations alike), by its duration and its affected users. A major accident is taken as foreseen once the affected users meet a criterion's count and the impact has lasted {Percent(report)} of that criterion's duration{share}; the first report to MIC is due counting from then (setting Regulation:ForeseenShare).");
    }

    private static double ForeseenShare(ReportComposer report) => report.View.Classification.ForeseenShare;

    private static string Percent(ReportComposer report) =>
        ForeseenShare(report) == 0.5
            ? report.L("半分", "half")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ForeseenShare(report) * 100:0.#}%");
}
