using System.Globalization;

namespace Monitor.Collector.Reports;

/// <summary>
/// Dates, durations and numbers written the way the MIC report examples write them, dates in the
/// Japanese era (和暦) as seed 003 does: "平成29年1月13日(金) 8時53分", "3時間38分",
/// "10日間11時間40分", "50,511人".
/// </summary>
public static class JapaneseText
{
    private static readonly string[] Weekdays = ["日", "月", "火", "水", "木", "金", "土"];

    /// <summary>The eras since 1926, newest first: the first day of each and its name.</summary>
    private static readonly (DateOnly Start, string Name)[] Eras =
    [
        (new DateOnly(2019, 5, 1), "令和"),
        (new DateOnly(1989, 1, 8), "平成"),
        (new DateOnly(1926, 12, 25), "昭和"),
    ];

    /// <summary>"平成29年1月13日(金) 8時53分".</summary>
    public static string DateTime(DateTimeOffset local) =>
        $"{Date(local)} {Time(local)}";

    /// <summary>"平成29年1月13日(金)".</summary>
    public static string Date(DateTimeOffset local) =>
        string.Create(CultureInfo.InvariantCulture, $"{Year(DateOnly.FromDateTime(local.DateTime))}{local.Month}月{local.Day}日({Weekdays[(int)local.DayOfWeek]})");

    /// <summary>"平成28年12月": a month, as seed 003 dates the total contracts (総契約数).</summary>
    public static string Month(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{Year(day)}{day.Month}月");

    /// <summary>"平成29年", "令和元年": the year in the era of <paramref name="day"/>; the Gregorian year before 1926.</summary>
    public static string Year(DateOnly day)
    {
        foreach (var (start, name) in Eras)
        {
            if (day >= start)
            {
                var year = day.Year - start.Year + 1;
                return year == 1 ? $"{name}元年" : string.Create(CultureInfo.InvariantCulture, $"{name}{year}年");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{day.Year}年");
    }

    /// <summary>"8時53分": hours as counted, minutes always two digits as in "12時00分".</summary>
    public static string Time(DateTimeOffset local) =>
        string.Create(CultureInfo.InvariantCulture, $"{local.Hour}時{local.Minute:00}分");

    /// <summary>
    /// A period as seed 003 writes it: "平成29年1月13日金曜日8時53分～同年1月13日金曜日12時31分（継続時間:3時間38分間）".
    /// The end says "同年" in the same era year and names its year otherwise (across an era boundary too).
    /// </summary>
    public static string Period(DateTimeOffset startLocal, DateTimeOffset endLocal)
    {
        var startYear = Year(DateOnly.FromDateTime(startLocal.DateTime));
        var endYear = Year(DateOnly.FromDateTime(endLocal.DateTime));
        var end = startYear == endYear ? $"同年{LongDayAndTime(endLocal)}" : $"{endYear}{LongDayAndTime(endLocal)}";
        return $"{startYear}{LongDayAndTime(startLocal)}～{end}（継続時間:{Duration(endLocal - startLocal)}間）";
    }

    /// <summary>
    /// "3時間38分", "8時間07分", "38分", "10日間11時間40分": after hours the minutes take two digits,
    /// as the regulator's list writes 8h07m (seed 002); seconds are dropped, never rounded up.
    /// </summary>
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
            return string.Create(CultureInfo.InvariantCulture, $"{days}日間{hours}時間{minutes:00}分");
        }

        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}時間{minutes:00}分")
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

    /// <summary>"1月13日金曜日8時53分": month, day, the weekday written out and the time, as in seed 003's periods.</summary>
    private static string LongDayAndTime(DateTimeOffset local) =>
        string.Create(CultureInfo.InvariantCulture, $"{local.Month}月{local.Day}日{Weekdays[(int)local.DayOfWeek]}曜日{Time(local)}");
}
