using Monitor.Collector.Reports;

namespace Monitor.Collector.Tests.Reports;

public sealed class JapaneseTextTests
{
    [Theory]
    [InlineData(3 * 60 + 38, "3時間38分")]
    [InlineData(38, "38分")]
    [InlineData(2 * 60, "2時間00分")]
    [InlineData((8 * 60) + 7, "8時間07分")]
    [InlineData((10 * 24 * 60) + (11 * 60) + 40, "10日間11時間40分")]
    [InlineData(24 * 60, "1日間0時間00分")]
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
    public void DateTime_Friday_IsInTheJapaneseEraWithTheWeekdayInParentheses()
    {
        Assert.Equal("平成29年1月13日(金) 8時53分", JapaneseText.DateTime(new DateTimeOffset(2017, 1, 13, 8, 53, 0, TimeSpan.FromHours(9))));
    }

    [Theory]
    [InlineData(2019, 4, 30, "平成31年4月30日(火)")]
    [InlineData(2019, 5, 1, "令和元年5月1日(水)")]
    [InlineData(2020, 4, 30, "令和2年4月30日(木)")]
    [InlineData(1989, 1, 7, "昭和64年1月7日(土)")]
    [InlineData(1989, 1, 8, "平成元年1月8日(日)")]
    public void Date_AtTheEraBoundaries_NamesTheEraOfThatDay(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, JapaneseText.Date(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.FromHours(9))));
    }

    [Fact]
    public void Period_SameDay_IsWrittenAsSeed003WritesIt()
    {
        var start = new DateTimeOffset(2017, 1, 13, 8, 53, 0, TimeSpan.FromHours(9));

        Assert.Equal(
            "平成29年1月13日金曜日8時53分～同年1月13日金曜日12時31分（継続時間:3時間38分間）",
            JapaneseText.Period(start, new DateTimeOffset(2017, 1, 13, 12, 31, 0, TimeSpan.FromHours(9))));
    }

    [Fact]
    public void Period_AcrossTheEraBoundary_WritesBothErasInFull()
    {
        var start = new DateTimeOffset(2019, 4, 30, 23, 0, 0, TimeSpan.FromHours(9));

        Assert.Equal(
            "平成31年4月30日火曜日23時00分～令和元年5月1日水曜日1時00分（継続時間:2時間00分間）",
            JapaneseText.Period(start, start.AddHours(2)));
    }

    [Fact]
    public void Period_IntoTheNextYear_WritesTheYear()
    {
        var start = new DateTimeOffset(2020, 12, 31, 22, 0, 0, TimeSpan.FromHours(9));

        Assert.Equal(
            "令和2年12月31日木曜日22時00分～令和3年1月1日金曜日0時30分（継続時間:2時間30分間）",
            JapaneseText.Period(start, start.AddHours(2.5)));
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
