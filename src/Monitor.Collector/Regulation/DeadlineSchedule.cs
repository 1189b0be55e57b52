namespace Monitor.Collector.Regulation;

/// <summary>
/// The deadlines that follow from a classification: the first user notice always, the regulator's
/// first and detailed reports for a major accident (projected while it only may become one, or
/// while a person has to decide whether its episodes are one accident), and the quarterly report.
/// The first report is due <see cref="RegulationOptions.FirstReportWithin"/> after a major accident
/// is foreseen (<see cref="Classification.ForeseenAt"/>), not after the threshold is crossed. Day-based deadlines end at 23:59:59 local time of their last day.
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

        // Where a person decides whether several episodes are one accident, the deadlines of the
        // reading "one accident" are shown, as applying only if the person so decides.
        var reading = classification.PersonDecides && classification.Together is { } together ? together : classification;
        if (reading.MajorAccident is MajorAccidentStatus.Yes or MajorAccidentStatus.BecomesOne
            && reading.MajorAccidentAt is { } majorAt)
        {
            var projected = classification.PersonDecides || reading.MajorAccident == MajorAccidentStatus.BecomesOne;

            // The first report is due once a major accident is foreseen (Classification.ForeseenAt),
            // and from then on no longer only projected.
            var firstReportFrom = reading.ForeseenAt is { } foreseen && foreseen < majorAt ? foreseen : majorAt;
            var firstReportProjected = classification.PersonDecides || (projected && !reading.Foreseen);
            deadlines.Add(new(DeadlineKind.RegulatorFirstReport, firstReportFrom + options.FirstReportWithin, Done(done, DeadlineKind.RegulatorFirstReport), firstReportProjected));
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
