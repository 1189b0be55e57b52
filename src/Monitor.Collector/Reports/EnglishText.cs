using System.Globalization;

namespace Monitor.Collector.Reports;

/// <summary>Dates, durations and numbers for the English rendering: "Fri 13 Jan 2017 08:53", "3 h 38 min", "50,511".</summary>
public static class EnglishText
{
    /// <summary>"Fri 13 Jan 2017 08:53".</summary>
    public static string DateTime(DateTimeOffset local) => local.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"08:53".</summary>
    public static string Time(DateTimeOffset local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"3 h 38 min", "38 min", "10 d 11 h 40 min"; seconds are dropped.</summary>
    public static string Duration(TimeSpan duration) => Duration(duration, " d ", " h ", " min");

    /// <summary>"3h38m", "38m", "10d11h40m": the terminal's short form; seconds are dropped.</summary>
    public static string CompactDuration(TimeSpan duration) => Duration(duration, "d", "h", "m");

    private static string Duration(TimeSpan duration, string day, string hour, string minute)
    {
        var totalMinutes = Math.Max(0, (long)duration.TotalMinutes);
        var days = totalMinutes / (24 * 60);
        var hours = totalMinutes / 60 % 24;
        var minutes = totalMinutes % 60;
        var text = string.Create(CultureInfo.InvariantCulture, $"{minutes}{minute}");
        if (days > 0 || hours > 0)
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{hours}{hour}{minutes}{minute}");
        }

        return days > 0 ? string.Create(CultureInfo.InvariantCulture, $"{days}{day}{text}") : text;
    }

    /// <summary>"50,511".</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
