namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// The year of traditional syslog timestamps ("Nov 23 09:00:01"), which carry none. A followed log
/// is read as it is written, so a line takes the year that puts it at most a day ahead of the
/// reading time. A saved file is read as a whole: its last line takes the year nearest its end,
/// and every earlier line the years counted back over each turn of the year (December to January)
/// in between, so the years only ever go forward through the file and a Feb 29 stays in a leap year.
/// </summary>
public sealed class SyslogYears
{
    private readonly DateTimeOffset? _now;
    private int _year;
    private int _previousMonth;

    private SyslogYears(DateTimeOffset? now, int firstYear)
    {
        _now = now;
        _year = firstYear;
    }

    /// <summary>Years for a log read as it is written: at most a day ahead of <paramref name="now"/>.</summary>
    public static SyslogYears Near(DateTimeOffset now) => new(now, 0);

    /// <summary>
    /// Years for a saved file, from a first pass over its lines: the last traditional timestamp
    /// takes the year that puts it at most a day ahead of <paramref name="end"/> (the reading time
    /// or the file's last write), earlier ones count back one year per turn of the year, and the
    /// whole is moved back (at most 8 years) until every Feb 29 in it falls in a leap year.
    /// The lines must then be read in the same order.
    /// </summary>
    public static SyslogYears ForSavedFile(IEnumerable<string> lines, DateTimeOffset end, TimeZoneInfo zone)
    {
        var turns = 0;
        var previousMonth = 0;
        (int Month, int Day, TimeSpan Clock)? last = null;
        var leapTurns = new HashSet<int>();
        foreach (var text in lines)
        {
            if (!MailLogLine.TryReadTraditionalDate(text, out var month, out var day, out var clock))
            {
                continue;
            }

            if (IsTurnOfYear(previousMonth, month))
            {
                turns++;
            }

            previousMonth = month;
            last = (month, day, clock);
            if (month == 2 && day == 29)
            {
                leapTurns.Add(turns);
            }
        }

        if (last is not { } final)
        {
            return new SyslogYears(null, end.Year);
        }

        var localEnd = TimeZoneInfo.ConvertTime(end, zone);
        var lastYear = localEnd.Year;
        if (Local(lastYear, final.Month, Math.Min(final.Day, DateTime.DaysInMonth(lastYear, final.Month)), final.Clock, zone) > end.AddDays(1))
        {
            lastYear--;
        }

        var firstYear = lastYear - turns;
        for (var back = 0; back < 8 && leapTurns.Any(t => !DateTime.IsLeapYear(firstYear + t)); back++)
        {
            firstYear--;
        }

        return new SyslogYears(null, firstYear);
    }

    /// <summary>The time of a traditional timestamp; false when the day does not exist in its year.</summary>
    internal bool TryResolve(int month, int day, TimeSpan clock, TimeZoneInfo zone, out DateTimeOffset time)
    {
        time = default;
        if (_now is not { } now)
        {
            if (IsTurnOfYear(_previousMonth, month))
            {
                _year++;
            }

            _previousMonth = month;
            if (day > DateTime.DaysInMonth(_year, month))
            {
                return false;
            }

            time = Local(_year, month, day, clock, zone);
            return true;
        }

        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        for (var year = localNow.Year; year >= localNow.Year - 4; year--)
        {
            // Feb 29 read in a year without one belongs to the last leap year.
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var candidate = Local(year, month, day, clock, zone);
            if (candidate <= now.AddDays(1))
            {
                time = candidate;
                return true;
            }
        }

        return false;
    }

    // December then January; a month back or two is lines slightly out of order, not a new year.
    private static bool IsTurnOfYear(int previousMonth, int month) => previousMonth > 0 && month < previousMonth - 6;

    private static DateTimeOffset Local(int year, int month, int day, TimeSpan clock, TimeZoneInfo zone)
    {
        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified) + clock;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
