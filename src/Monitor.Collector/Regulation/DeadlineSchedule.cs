namespace Monitor.Collector.Regulation;

/// <summary>
/// The deadlines that follow from a classification: the first user notice always, the regulator's
/// first and detailed reports for a major accident (projected while it only may become one), and
/// the quarterly report. Day-based deadlines end at 23:59:59 local time of their last day.
/// </summary>
public static class DeadlineSchedule
{
    /// <summary>
    /// The deadlines of an incident detected at <paramref name="detectedAt"/>, with the done times
    /// on-call recorded in <paramref name="done"/>, in the order they fall due.
    /// </summary>
    public static IReadOnlyList<Deadline> For(
        Classification classification,
        DateTimeOffset onset,
        DateTimeOffset detectedAt,
        IReadOnlyDictionary<DeadlineKind, DateTimeOffset> done,
        RegulationOptions options,
        TimeZoneInfo timeZone)
    {
        var deadlines = new List<Deadline>
        {
            new(DeadlineKind.FirstUserNotice, detectedAt + options.FirstUserNoticeWithin, Done(done, DeadlineKind.FirstUserNotice), false),
        };

        if (classification.MajorAccident is MajorAccidentStatus.Yes or MajorAccidentStatus.BecomesOne
            && classification.MajorAccidentAt is { } majorAt)
        {
            var projected = classification.MajorAccident == MajorAccidentStatus.BecomesOne;
            deadlines.Add(new(DeadlineKind.RegulatorFirstReport, majorAt + options.FirstReportWithin, Done(done, DeadlineKind.RegulatorFirstReport), projected));
            var day = TimeZoneInfo.ConvertTime(onset, timeZone).Date.AddDays(options.DetailedReportDays);
            deadlines.Add(new(DeadlineKind.DetailedReport, EndOfDay(day, timeZone), Done(done, DeadlineKind.DetailedReport), projected));
        }

        if (classification.QuarterlyReport || classification.QuarterlyReportAt is not null)
        {
            var local = TimeZoneInfo.ConvertTime(onset, timeZone);
            var quarterStart = new DateTime(local.Year, ((local.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            var lastMonth = quarterStart.AddMonths(3 + options.QuarterlyReportMonths - 1);
            var lastDay = lastMonth.AddDays(DateTime.DaysInMonth(lastMonth.Year, lastMonth.Month) - 1);
            deadlines.Add(new(DeadlineKind.QuarterlyReport, EndOfDay(lastDay, timeZone), Done(done, DeadlineKind.QuarterlyReport), !classification.QuarterlyReport));
        }

        return deadlines.OrderBy(deadline => deadline.Due).ToList();
    }

    private static DateTimeOffset? Done(IReadOnlyDictionary<DeadlineKind, DateTimeOffset> done, DeadlineKind kind) =>
        done.TryGetValue(kind, out var at) ? at : null;

    private static DateTimeOffset EndOfDay(DateTime localDay, TimeZoneInfo timeZone)
    {
        var end = localDay.Date.AddDays(1).AddSeconds(-1);
        return new DateTimeOffset(end, timeZone.GetUtcOffset(end));
    }
}
