using Monitor.Collector.Regulation;

namespace Monitor.Collector.Reports;

/// <summary>
/// 発生・復旧日時 as seed 002 and 003 write it: the occurrence is when users were first affected,
/// with the earlier detection of the cause said beside it (Freebit: gray path 2:51, mail stopped
/// 2:58); an accident of several ranges lists them ①②③, each with its own duration (Canon: ①2h
/// stop, ②81h32m degraded; Alpha Mail: three episodes).
/// </summary>
public static partial class MicReport
{
    private static string[] OccurrenceAndRanges(ReportComposer report)
    {
        var episodes = report.View.Episodes;
        if (episodes.Count == 0)
        {
            return [OccurrenceAndRecovery(report)];
        }

        var lines = new List<string>();
        if (episodes.Count == 1)
        {
            var episode = episodes[0];
            lines.Add(Period(report, episode.Start, episode.End));
            if (episode.Ranges.Count == 1)
            {
                lines[0] += report.L($" {KindText(report, episode.Ranges[0].Kind)}", $" {KindText(report, episode.Ranges[0].Kind)}");
            }
            else
            {
                lines.AddRange(episode.Ranges.Select((range, i) => RangeLine(report, i + 1, range)));
            }
        }
        else
        {
            lines.Add(report.L(
                $"利用者への影響が{episodes.Count}回ありました（間は復旧していました）。",
                $"Users were affected {episodes.Count} times (with the service restored in between)."));
            lines.AddRange(episodes.Select((episode, i) => EpisodeLine(report, i + 1, episode)));
        }

        lines.Add(Occurrence(report, episodes[0].Start));
        return [.. lines];
    }

    private static string Occurrence(ReportComposer report, DateTimeOffset firstImpact)
    {
        var detected = report.View.DetectedAt;
        var line = report.L(
            $"発生: {report.DateTime(firstImpact)}（利用者への影響の開始）",
            $"Occurred: {report.DateTime(firstImpact)} (users first affected)");
        return detected < firstImpact
            ? line + report.L(
                $"。監視による異常の最初の検知はそれより前の{report.DateTime(detected)}（{report.Duration(firstImpact - detected)}前）",
                $"; monitoring first detected trouble earlier, at {report.DateTime(detected)} ({report.Duration(firstImpact - detected)} before)")
            : line;
    }

    private static string EpisodeLine(ReportComposer report, int number, ImpactEpisode episode)
    {
        var line = $"{Step(report, number)}{Period(report, episode.Start, episode.End)}";
        var parts = episode.Ranges.Select(range => episode.Ranges.Count == 1
            ? KindText(report, range.Kind)
            : report.L(
                $"{KindText(report, range.Kind)} {ShortPeriod(report, range)}",
                $"{KindText(report, range.Kind)} {ShortPeriod(report, range)}"));
        return line + report.L(
            $" {string.Join("、", parts)}、最大{JapaneseText.Number(episode.PeakUsers)}人",
            $" {string.Join("; ", parts)}; at most {EnglishText.Number(episode.PeakUsers)} users");
    }

    private static string RangeLine(ReportComposer report, int number, ImpactRange range) =>
        $"{Step(report, number)}{Period(report, range.Start, range.End)}" + report.L(
            $" {KindText(report, range.Kind)}、最大{JapaneseText.Number(range.PeakUsers)}人",
            $" {KindText(report, range.Kind)}; at most {EnglishText.Number(range.PeakUsers)} users");

    private static string Period(ReportComposer report, DateTimeOffset start, DateTimeOffset? end)
    {
        var from = report.Local(start);
        if (end is { } stop)
        {
            var to = report.Local(stop);
            return report.L(JapaneseText.Period(from, to), $"{EnglishText.DateTime(from)} to {EnglishText.DateTime(to)} (duration: {EnglishText.Duration(to - from)})");
        }

        var asOf = report.Local(report.View.AsOf < start ? start : report.View.AsOf);
        return report.L(
            $"{JapaneseText.DateTime(from)}～ 継続中 ({JapaneseText.DateTime(asOf)}時点の継続時間: {JapaneseText.Duration(asOf - from)})",
            $"{EnglishText.DateTime(from)} to now, ongoing (duration at {EnglishText.DateTime(asOf)}: {EnglishText.Duration(asOf - from)})");
    }

    // "12時20分～12時50分（30分間）": a range inside an episode, on the episode's day.
    private static string ShortPeriod(ReportComposer report, ImpactRange range)
    {
        var from = report.Local(range.Start);
        var duration = range.Duration(report.View.AsOf);
        if (range.End is not { } end)
        {
            return report.L($"{JapaneseText.Time(from)}～継続中", $"{EnglishText.Time(from)} to now");
        }

        var to = report.Local(end);
        return report.L(
            $"{JapaneseText.Time(from)}～{JapaneseText.Time(to)}（{JapaneseText.Duration(duration)}間）",
            $"{EnglishText.Time(from)} to {EnglishText.Time(to)} ({EnglishText.Duration(duration)})");
    }

    private static string KindText(ReportComposer report, ImpactRangeKind kind) => kind switch
    {
        ImpactRangeKind.Stop => report.L("提供の停止（利用不可）", "service stopped (unavailable)"),
        ImpactRangeKind.Degradation => report.L("品質の低下（遅延・一部失敗）", "quality degraded (delays, partial failures)"),
        _ => report.L("提供の停止又は品質の低下（いずれかは監視データに記録なし）", "service stopped or degraded (which of the two, monitoring did not record)"),
    };

}
