using Monitor.Collector.Merging;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Reports;

/// <summary>
/// The Japanese Markdown draft of one agent revision on its own, with the default regulatory
/// criteria: what <c>/api/incidents/{id}/report.md</c> served before merging, kept for scripts.
/// </summary>
public static class MicReportMarkdown
{
    /// <summary>
    /// Renders <paramref name="revision"/> alone, as of its own update time, local times in its
    /// site's zone, else in <paramref name="timeZone"/>.
    /// </summary>
    public static string Render(IncidentRevision revision, TimeZoneInfo timeZone) =>
        Render(revision, timeZone, ReportLanguage.Japanese);

    /// <summary>Renders <paramref name="revision"/> alone in <paramref name="language"/>.</summary>
    public static string Render(IncidentRevision revision, TimeZoneInfo timeZone, ReportLanguage language)
    {
        var record = new MergedIncidentRecord(
            revision.IncidentId,
            revision.Agent?.Site ?? "",
            revision.RootCause?.Entity ?? "",
            revision.RootCause?.Kind ?? "",
            [revision],
            []);
        var view = Standalone(record, revision.UpdatedAt.ToDateTimeOffset(), timeZone);
        return ReportMarkdown.Render(MicReport.Build(view, language, view.TimeZone));
    }

    private static IncidentView Standalone(MergedIncidentRecord record, DateTimeOffset asOf, TimeZoneInfo timeZone) =>
        new IncidentViewBuilder(new Configuration.CollectorOptions { TimeZone = timeZone.Id }).Build(record, asOf);
}
