using Monitor.Collector.Regulation;
using Monitor.Collector.Reports;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// Seed 002's accidents as the real agent reported them (Fixtures, see README there): Alpha Mail's
/// three episodes each classified with the decision left to a person, Canon's ① stop and ②
/// degradation, Freebit's occurrence at the first user impact with the earlier detection said.
/// </summary>
public sealed class MicReportRangesTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Fact]
    public void AlphaMail_ThreeEpisodesUnderTwoHours_NoneIsAMajorAccidentAlone()
    {
        var view = SeedRevisions.View(SeedRevisions.AlphaMail);

        Assert.Equal(
            [(At(2016, 10, 11, 8, 59), At(2016, 10, 11, 9, 54)), (At(2016, 10, 11, 10, 37), At(2016, 10, 11, 11, 24)), (At(2016, 10, 11, 12, 3), At(2016, 10, 11, 12, 54))],
            view.Episodes.Select(e => (e.Start, e.End!.Value)));
        Assert.All(view.Classification.Episodes, e => Assert.Equal(MajorAccidentStatus.No, e.MajorAccident));
        Assert.Equal(MajorAccidentStatus.No, view.Classification.MajorAccident);
    }

    [Fact]
    public void AlphaMail_TakenAsOneAccident_IsOneAndAPersonDecides()
    {
        var classification = SeedRevisions.View(SeedRevisions.AlphaMail).Classification;

        Assert.True(classification.PersonDecides);
        Assert.Equal(MajorAccidentStatus.Yes, classification.Together!.MajorAccident);
        Assert.Equal(TimeSpan.FromMinutes(55 + 47 + 51), classification.Together.Duration);
        Assert.Equal(At(2016, 10, 11, 12, 21), classification.Together.MajorAccidentAt);
    }

    [Fact]
    public void AlphaMail_Japanese_ListsTheThreeRangesAndBothReadings()
    {
        var markdown = Render(SeedRevisions.AlphaMail, ReportLanguage.Japanese);

        Assert.Contains("①平成28年10月11日火曜日8時59分～同年10月11日火曜日9時54分（継続時間:55分間）", markdown, StringComparison.Ordinal);
        Assert.Contains("②平成28年10月11日火曜日10時37分～同年10月11日火曜日11時24分（継続時間:47分間）", markdown, StringComparison.Ordinal);
        Assert.Contains("③平成28年10月11日火曜日12時03分～同年10月11日火曜日12時54分（継続時間:51分間）", markdown, StringComparison.Ordinal);
        Assert.Contains("品質の低下（遅延・一部失敗） 12時03分～12時54分（51分間）、提供の停止（利用不可） 12時20分～12時50分（30分間）、最大150,000人", markdown, StringComparison.Ordinal);
        Assert.Contains("3回を一つの事故とみなした場合（復旧していた時間を除いて継続時間を合算: 計2時間33分）: 該当", markdown, StringComparison.Ordinal);
        Assert.Contains("【要判断】", markdown, StringComparison.Ordinal);
        Assert.Contains("重大な事故: 非該当", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void AlphaMail_English_SaysTheSameFaithfully()
    {
        var markdown = Render(SeedRevisions.AlphaMail, ReportLanguage.English);

        Assert.Contains("(3) Tue 11 Oct 2016 12:03 to Tue 11 Oct 2016 12:54 (duration: 51 min)", markdown, StringComparison.Ordinal);
        Assert.Contains("The 3 episodes taken as one accident", markdown, StringComparison.Ordinal);
        Assert.Contains("\\[TO BE DECIDED\\]", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void AlphaMail_RegulatorDeadlines_AreProjectedUntilAPersonDecides()
    {
        var view = SeedRevisions.View(SeedRevisions.AlphaMail);

        var firstReport = view.Deadlines.Single(d => d.Kind == DeadlineKind.RegulatorFirstReport);

        Assert.True(firstReport.Projected);

        // One hour of impact added up (half of 2 h): 5 minutes into the second episode.
        Assert.Equal(At(2016, 10, 11, 11, 42), firstReport.Due);
    }

    [Fact]
    public void Canon_StopAndDegradation_AreRangesOneAndTwoAsSeed002WritesThem()
    {
        var view = SeedRevisions.View(SeedRevisions.Canon);

        var episode = Assert.Single(view.Episodes);
        Assert.Equal(
            [(ImpactRangeKind.Stop, At(2020, 4, 30, 14, 7), TimeSpan.FromHours(2)), (ImpactRangeKind.Degradation, At(2020, 4, 30, 14, 7), new TimeSpan(81, 32, 0))],
            episode.Ranges.Select(r => (r.Kind, r.Start, r.Duration(view.AsOf))));
        var markdown = Render(SeedRevisions.Canon, ReportLanguage.Japanese);
        Assert.Contains("①令和2年4月30日木曜日14時07分～同年4月30日木曜日16時07分（継続時間:2時間00分間） 提供の停止（利用不可）、最大166,803人", markdown, StringComparison.Ordinal);
        Assert.Contains("②令和2年4月30日木曜日14時07分～同年5月3日日曜日23時39分（継続時間:3日間9時間32分間） 品質の低下（遅延・一部失敗）、最大166,803人", markdown, StringComparison.Ordinal);
        Assert.Equal(MajorAccidentStatus.Yes, view.Classification.MajorAccident);
        Assert.False(view.Classification.PersonDecides);
    }

    [Fact]
    public void Freebit_Occurrence_IsTheFirstUserImpactWithTheEarlierDetectionSaid()
    {
        var markdown = Render(SeedRevisions.Freebit[^1], ReportLanguage.Japanese);

        Assert.Contains("令和2年7月31日金曜日2時58分～同年7月31日金曜日11時05分（継続時間:8時間07分間） 提供の停止（利用不可）", markdown, StringComparison.Ordinal);
        Assert.Contains("発生: 令和2年7月31日(金) 2時58分（利用者への影響の開始）。監視による異常の最初の検知はそれより前の令和2年7月31日(金) 2時51分（7分前）", markdown, StringComparison.Ordinal);
        Assert.Contains("monitoring first detected trouble earlier, at Fri 31 Jul 2020 02:51 (7 min before)", Render(SeedRevisions.Freebit[^1], ReportLanguage.English), StringComparison.Ordinal);
    }

    [Fact]
    public void Freebit_MajorAccident_CountsFromTheFirstUserImpactNotTheGrayPath()
    {
        var classification = SeedRevisions.View(SeedRevisions.Freebit[^1]).Classification;

        Assert.Equal(MajorAccidentStatus.Yes, classification.MajorAccident);
        Assert.Equal(At(2020, 7, 31, 4, 58), classification.MajorAccidentAt);
        Assert.Equal(new TimeSpan(8, 7, 0), classification.Duration);
    }

    [Fact]
    public void Freebit_34MinutesIn_FirstReportProjectedFromWhenItIsForeseen()
    {
        var revision = SeedRevisions.Freebit.First(r => r.UpdatedAt.ToDateTimeOffset() == At(2020, 7, 31, 3, 32));
        var view = SeedRevisions.View(revision);

        var firstReport = view.Deadlines.Single(d => d.Kind == DeadlineKind.RegulatorFirstReport);

        Assert.Equal(MajorAccidentStatus.BecomesOne, view.Classification.MajorAccident);
        Assert.Equal(At(2020, 7, 31, 3, 58), view.Classification.ForeseenAt);
        Assert.False(view.Classification.Foreseen);
        Assert.True(firstReport.Projected);
        Assert.Equal(At(2020, 7, 31, 4, 58), firstReport.Due);
    }

    [Fact]
    public void Freebit_AnHourAndAHalfIn_FirstReportIsDueNotProjected()
    {
        var revision = SeedRevisions.Freebit.Last(r => r.State == IncidentState.Open && r.UpdatedAt.ToDateTimeOffset() < At(2020, 7, 31, 4, 58));
        var view = SeedRevisions.View(revision, now: At(2020, 7, 31, 4, 28));

        var firstReport = view.Deadlines.Single(d => d.Kind == DeadlineKind.RegulatorFirstReport);

        Assert.Equal(MajorAccidentStatus.BecomesOne, view.Classification.MajorAccident);
        Assert.True(view.Classification.Foreseen);
        Assert.False(firstReport.Projected);
        Assert.Equal(At(2020, 7, 31, 4, 58), firstReport.Due);
        Assert.Contains("重大な事故の見込み: 令和2年7月31日(金) 3時58分から", ReportMarkdown.Render(MicReport.Build(view, ReportLanguage.Japanese, Tokyo)), StringComparison.Ordinal);
    }

    private static string Render(IncidentRevision revision, ReportLanguage language) =>
        ReportMarkdown.Render(MicReport.Build(SeedRevisions.View(revision), language, Tokyo));

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, Jst);
}
