using Monitor.Collector.Reports;

namespace Monitor.Collector.Tests.Reports;

public sealed class JapaneseTextTests
{
    [Theory]
    [InlineData(3 * 60 + 38, "3時間38分")]
    [InlineData(38, "38分")]
    [InlineData(2 * 60, "2時間0分")]
    [InlineData((10 * 24 * 60) + (11 * 60) + 40, "10日間11時間40分")]
    [InlineData(24 * 60, "1日間0時間0分")]
    public void Duration_Minutes_AreWrittenAsTheReportsDo(int minutes, string expected)
    {
        Assert.Equal(expected, JapaneseText.Duration(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void Duration_Seconds_AreDroppedNotRoundedUp()
    {
        Assert.Equal("3時間38分", JapaneseText.Duration(new TimeSpan(3, 38, 59)));
    }

    [Fact]
    public void DateTime_Friday_ShowsTheWeekdayInParentheses()
    {
        Assert.Equal("2017年1月13日(金) 8時53分", JapaneseText.DateTime(new DateTimeOffset(2017, 1, 13, 8, 53, 0, TimeSpan.FromHours(9))));
    }

    [Fact]
    public void EndRelativeTo_NextDay_WritesSameYearAndTheDate()
    {
        var start = new DateTimeOffset(2017, 1, 13, 23, 0, 0, TimeSpan.FromHours(9));

        Assert.Equal("同年1月14日(土) 2時10分", JapaneseText.EndRelativeTo(start, start.AddHours(3).AddMinutes(10)));
    }

    [Fact]
    public void Number_ThousandsAreSeparatedWithCommas()
    {
        Assert.Equal("2,200,000", JapaneseText.Number(2_200_000));
    }

    [Theory]
    [InlineData(1, "①")]
    [InlineData(20, "⑳")]
    [InlineData(21, "㉑")]
    [InlineData(36, "㊱")]
    [InlineData(50, "㊿")]
    [InlineData(51, "(51)")]
    public void Circled_StepNumbers_UseTheCircledDigits(int number, string expected)
    {
        Assert.Equal(expected, JapaneseText.Circled(number));
    }
}
