using Monitor.Collector.Merging;
using Monitor.Collector.Regulation;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;
using static Monitor.Collector.Web.Pages.Html;

namespace Monitor.Collector.Web.Pages;

/// <summary>The small labels of state, severity and the major-accident flag.</summary>
internal static class Badges
{
    public static string State(IncidentState state)
    {
        var word = state == IncidentState.Unspecified ? "unknown" : IncidentWords.Of(state);
        return $"<span class=\"badge {word}\">{word}</span>";
    }

    public static string Severity(Severity severity)
    {
        var word = severity == Contracts.V1.Severity.Unspecified ? "unknown" : IncidentWords.Of(severity);
        return $"<span class=\"badge {word}\">{word}</span>";
    }

    /// <summary>"重大な事故 major accident", "becomes one at 10:53", "no" or "category unknown".</summary>
    public static string MajorAccident(IncidentView view, TimeZoneInfo timeZone)
    {
        var classification = view.Classification;
        return classification.MajorAccident switch
        {
            MajorAccidentStatus.Yes => "<span class=\"badge major\" data-major-accident=\"yes\">重大な事故 major accident</span>",
            MajorAccidentStatus.BecomesOne =>
                $"<span class=\"badge becomes\" data-major-accident=\"becomes\">becomes one at {E(TimeZoneInfo.ConvertTime(classification.MajorAccidentAt!.Value, timeZone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))} if not recovered</span>",
            MajorAccidentStatus.No => "<span class=\"badge no\" data-major-accident=\"no\">no</span>",
            _ => "<span class=\"badge no\" data-major-accident=\"unknown\">category unknown</span>",
        };
    }
}
