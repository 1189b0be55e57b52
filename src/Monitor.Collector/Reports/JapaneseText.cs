using System.Globalization;

namespace Monitor.Collector.Reports;

/// <summary>
/// Dates, durations and numbers written the way the MIC report examples write them:
/// "2017年1月13日(金) 8時53分", "3時間38分", "10日間11時間40分", "50,511人".
/// </summary>
public static class JapaneseText
{
    private static readonly string[] Weekdays = ["日", "月", "火", "水", "木", "金", "土"];

    /// <summary>"2017年1月13日(金) 8時53分".</summary>
    public static string DateTime(DateTimeOffset local) =>
        $"{Date(local)} {Time(local)}";

    /// <summary>"2017年1月13日(金)".</summary>
    public static string Date(DateTimeOffset local) =>
        string.Create(CultureInfo.InvariantCulture, $"{local.Year}年{local.Month}月{local.Day}日({Weekdays[(int)local.DayOfWeek]})");

    /// <summary>"8時53分": hours as counted, minutes always two digits as in "12時00分".</summary>
    public static string Time(DateTimeOffset local) =>
        string.Create(CultureInfo.InvariantCulture, $"{local.Hour}時{local.Minute:00}分");

    /// <summary>
    /// The end of a period relative to its start: "同日 12時31分" on the same day,
    /// "同年1月14日(土) 2時10分" in the same year, the full date otherwise.
    /// </summary>
    public static string EndRelativeTo(DateTimeOffset startLocal, DateTimeOffset endLocal)
    {
        if (startLocal.Date == endLocal.Date)
        {
            return $"同日 {Time(endLocal)}";
        }

        if (startLocal.Year == endLocal.Year)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"同年{endLocal.Month}月{endLocal.Day}日({Weekdays[(int)endLocal.DayOfWeek]}) {Time(endLocal)}");
        }

        return DateTime(endLocal);
    }

    /// <summary>"3時間38分", "38分", "10日間11時間40分"; seconds are dropped, never rounded up.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        var totalMinutes = (long)duration.TotalMinutes;
        var days = totalMinutes / (24 * 60);
        var hours = totalMinutes / 60 % 24;
        var minutes = totalMinutes % 60;
        if (days > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{days}日間{hours}時間{minutes}分");
        }

        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}時間{minutes}分")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}分");
    }

    /// <summary>"50,511": thousands separated by commas, whatever the machine's culture.</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// "【08:53】" on the same day as <paramref name="previousLocal"/>, "【1/14 02:10】" on the
    /// first event and whenever the day changes, as the report's timeline writes it.
    /// </summary>
    public static string TimelineStamp(DateTimeOffset local, DateTimeOffset? previousLocal) =>
        previousLocal is { } previous && previous.Date == local.Date
            ? string.Create(CultureInfo.InvariantCulture, $"【{local:HH:mm}】")
            : string.Create(CultureInfo.InvariantCulture, $"【{local.Month}/{local.Day} {local:HH:mm}】");

    /// <summary>"①" to "㊿" for steps 1 to 50, "(51)" beyond, as the report numbers its steps.</summary>
    public static string Circled(int number) => number switch
    {
        >= 1 and <= 20 => char.ConvertFromUtf32(0x2460 + number - 1),
        >= 21 and <= 35 => char.ConvertFromUtf32(0x3251 + number - 21),
        >= 36 and <= 50 => char.ConvertFromUtf32(0x32B1 + number - 36),
        _ => string.Create(CultureInfo.InvariantCulture, $"({number})"),
    };
}
