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
    public static string Duration(TimeSpan duration)
    {
        var totalMinutes = Math.Max(0, (long)duration.TotalMinutes);
        var days = totalMinutes / (24 * 60);
        var hours = totalMinutes / 60 % 24;
        var minutes = totalMinutes % 60;
        if (days > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{days} d {hours} h {minutes} min");
        }

        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours} h {minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes} min");
    }

    /// <summary>"50,511".</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
