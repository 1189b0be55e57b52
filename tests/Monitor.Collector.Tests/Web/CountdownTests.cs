using Monitor.Collector.Regulation;
using Monitor.Collector.Web.Pages;

namespace Monitor.Collector.Tests.Web;

/// <summary>How the incident pages show a deadline: an incident that is over is not "overdue by 3609 d".</summary>
public sealed class CountdownTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset Due = new(2017, 1, 13, 11, 53, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset Today = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_ResolvedAndPassedWithNothingRecorded_IsNotRecorded()
    {
        var (cls, text) = Countdown.Of(new Deadline(DeadlineKind.RegulatorFirstReport, Due, null, false), Today, Tokyo, resolved: true);

        Assert.Equal(("unrecorded", "not recorded"), (cls, text));
    }

    [Fact]
    public void Of_OpenAndPassed_IsOverdue()
    {
        var (cls, text) = Countdown.Of(new Deadline(DeadlineKind.RegulatorFirstReport, Due, null, false), Due.AddMinutes(10), Tokyo, resolved: false);

        Assert.Equal(("overdue", "overdue by 10 min"), (cls, text));
    }
}
