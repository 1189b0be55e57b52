using Monitor.Collector.Regulation;
using Monitor.Collector.Reports;

namespace Monitor.Collector.Web.Pages;

/// <summary>A deadline as on-call reads it at a glance: "in 12 min", "overdue by 2 h 3 min", "done 09:10".</summary>
internal static class Countdown
{
    /// <summary>
    /// The CSS class ("done", "overdue", "due", "unrecorded") and the text of <paramref name="deadline"/> at
    /// <paramref name="now"/>; of an incident that is over (<paramref name="resolved"/>) a deadline that
    /// passed with nothing recorded is "not recorded": whether it was met is unknown.
    /// </summary>
    public static (string Class, string Text) Of(Deadline deadline, DateTimeOffset now, TimeZoneInfo timeZone, bool resolved)
    {
        if (deadline.Unrecorded(now, resolved))
        {
            return ("unrecorded", "not recorded");
        }

        if (deadline.DoneAt is { } done)
        {
            return ("done", $"done {EnglishText.DateTime(TimeZoneInfo.ConvertTime(done, timeZone))}");
        }

        var remaining = deadline.Remaining(now);
        var prefix = deadline.Projected ? "if it goes on: " : "";
        return remaining < TimeSpan.Zero
            ? ("overdue", $"{prefix}overdue by {EnglishText.Duration(-remaining)}")
            : ("due", $"{prefix}in {EnglishText.Duration(remaining)}");
    }

    /// <summary>The short English name of a deadline.</summary>
    public static string Name(DeadlineKind kind) => kind switch
    {
        DeadlineKind.FirstUserNotice => "First notice to users",
        DeadlineKind.RegulatorFirstReport => "First report to MIC",
        DeadlineKind.DetailedReport => "Detailed report to MIC",
        DeadlineKind.QuarterlyReport => "Quarterly report",
        _ => kind.ToString(),
    };
}
