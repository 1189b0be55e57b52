using Monitor.Collector.Regulation;

namespace Monitor.Collector.Tests.Regulation;

public sealed class DeadlineScheduleTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset Onset = new(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);

    [Fact]
    public void For_MajorAccident_FirstNoticeFirstReportDetailedAndQuarterly()
    {
        var classification = new Classification(5, 50_511, new TimeSpan(3, 38, 0), false, true, Onset, MajorAccidentStatus.Yes, Onset.AddHours(2), null);

        var deadlines = DeadlineSchedule.For(classification, Onset, Onset.AddMinutes(1), new Dictionary<DeadlineKind, DateTimeOffset>(), new RegulationOptions(), Tokyo);

        Assert.Equal(
            [DeadlineKind.FirstUserNotice, DeadlineKind.RegulatorFirstReport, DeadlineKind.DetailedReport, DeadlineKind.QuarterlyReport],
            deadlines.Select(d => d.Kind));
        Assert.Equal(Onset.AddMinutes(16), deadlines[0].Due);
        Assert.Equal(Onset.AddHours(3), deadlines[1].Due);

        // 13 January (JST) + 30 days, the day itself not counted: end of 12 February.
        Assert.Equal(new DateTimeOffset(2017, 2, 12, 23, 59, 59, TimeSpan.FromHours(9)), deadlines[2].Due);

        // Quarter January-March, 2 months after: end of May.
        Assert.Equal(new DateTimeOffset(2017, 5, 31, 23, 59, 59, TimeSpan.FromHours(9)), deadlines[3].Due);
        Assert.All(deadlines, d => Assert.False(d.Projected));
    }

    [Fact]
    public void For_BecomesOne_RegulatorDeadlinesAreProjected()
    {
        var classification = new Classification(5, 50_511, TimeSpan.FromMinutes(30), true, true, Onset, MajorAccidentStatus.BecomesOne, Onset.AddHours(2), null);

        var deadlines = DeadlineSchedule.For(classification, Onset, Onset, new Dictionary<DeadlineKind, DateTimeOffset>(), new RegulationOptions(), Tokyo);

        Assert.True(deadlines.Single(d => d.Kind == DeadlineKind.RegulatorFirstReport).Projected);
        Assert.False(deadlines.Single(d => d.Kind == DeadlineKind.FirstUserNotice).Projected);
    }

    [Fact]
    public void For_NoticePosted_MarksTheFirstNoticeDone()
    {
        var classification = new Classification(5, 100, TimeSpan.FromMinutes(10), false, false, null, MajorAccidentStatus.No, null, null);
        var posted = Onset.AddMinutes(12);

        var deadlines = DeadlineSchedule.For(classification, Onset, Onset, new Dictionary<DeadlineKind, DateTimeOffset> { [DeadlineKind.FirstUserNotice] = posted }, new RegulationOptions(), Tokyo);

        var notice = Assert.Single(deadlines);
        Assert.Equal(posted, notice.DoneAt);
        Assert.Equal(TimeSpan.FromMinutes(-5), notice.Remaining(Onset.AddMinutes(20)));
    }
}
