using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Regulation;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// The regulator's conventions in the Japanese CTY report (seed 003): the service line, the
/// contracts "as of", the place to fill when no address is known, notices counted from the event
/// stream, and no internal words.
/// </summary>
public sealed class MicReportConventionsTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void ServiceLine_CategoryFive_IsAPaidInternetService()
    {
        var markdown = Japanese(new CollectorOptions());

        Assert.Contains("インターネット関連サービス(有料)(電子メール)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceLine_ConfiguredFreeAndKind_ComeFromTheServiceConfiguration()
    {
        var options = new CollectorOptions();
        options.Services["cty-mail"] = new ServiceOptions { Paid = false, Kind = "ＤＮＳ" };

        var markdown = Japanese(options);

        Assert.Contains("インターネット関連サービス(無料)(ＤＮＳ)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("(有料)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TotalContracts_AsOfConfigured_IsWrittenInTheEraAsSeed003Does()
    {
        var options = new CollectorOptions();
        options.Services["cty-mail"] = new ServiceOptions { ContractsAsOf = new DateOnly(2016, 12, 31) };

        Assert.Contains("(参考) 総契約数:50,511人(平成28年12月時点)", Japanese(options), StringComparison.Ordinal);
    }

    [Fact]
    public void TotalContracts_NoAsOf_AsksAPerson()
    {
        Assert.Contains("(参考) 総契約数:50,511人(【要記入】時点)", Japanese(new CollectorOptions()), StringComparison.Ordinal);
    }

    [Fact]
    public void Location_NoAddressInTheTopology_AsksForTheAddress()
    {
        var latest = CtyFixture.Latest;
        latest.Site.Location = "";

        var markdown = Japanese(new CollectorOptions(), latest);

        Assert.Contains("## <発生場所>\n\n【要記入】", markdown, StringComparison.Ordinal);
        Assert.Contains("住所", Section(markdown, "## <発生場所>"), StringComparison.Ordinal);
    }

    [Fact]
    public void FirstNotice_PostedAt0908InTheEventStream_MeetsItsDeadlineAndIsTheFirstNotice()
    {
        var markdown = Japanese(new CollectorOptions());

        Assert.Contains("| 利用者への第1報（検知から15分以内が目安） | 平成29年1月13日(金) 9時08分 | 済（平成29年1月13日(金) 9時08分、期限内） |", markdown, StringComparison.Ordinal);
        Assert.Contains("第1報 平成29年1月13日(金) 9時08分", Section(markdown, "## <自社HPへの情報掲載>"), StringComparison.Ordinal);
        Assert.Contains("【09:08】利用者への周知（第1報）（cty-mail）［原文", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("第1報 障害発生のご報告【続報1】", RecordedNoticeKind.UserNotice)]
    [InlineData("第2報: クラウドメールサービス 障害発生のご報告", RecordedNoticeKind.UserNotice)]
    [InlineData("初報: 一部エリアでspモードでのインターネット接続等が利用できない状況について", RecordedNoticeKind.UserNotice)]
    [InlineData("first notice posted on the operator's web site", RecordedNoticeKind.UserNotice)]
    [InlineData("総務省へ第一報（電話）", RecordedNoticeKind.RegulatorContact)]
    [InlineData("reported to MIC by phone", RecordedNoticeKind.RegulatorContact)]
    public void KindOf_NoteWordedAsANotice_IsThatNotice(string text, RecordedNoticeKind expected)
    {
        Assert.Equal(expected, NoticeRecords.KindOf(text));
    }

    [Theory]
    [InlineData("storage load back to normal; deferred queue on mx01 flushed (postqueue -f)")]
    [InlineData("redelivery from the archive: mail archived 4/30 15:42-16:07 stored into the mailboxes again")]
    [InlineData("all mail functions recovered")]
    public void KindOf_OperatorNote_IsNoNotice(string text)
    {
        Assert.Null(NoticeRecords.KindOf(text));
    }

    [Fact]
    public void Notices_SeveralInTheEventStream_AreNumberedInTimeOrder()
    {
        var latest = CtyFixture.Latest;
        var at = latest.OpenedAt.ToDateTimeOffset();
        latest.Timeline.Add(new TimelineEvent { Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at.AddHours(2)), Kind = TimelineEventKind.Note, Entity = "cty-mail", Text = "第2報 影響サービスを掲載" });

        var section = Section(Japanese(new CollectorOptions(), latest), "## <自社HPへの情報掲載>");

        Assert.Matches(@"- 第1報 平成29年1月13日\(金\) 9時08分（掲載内容［原文\d+］）\n- 第2報 平成29年1月13日\(金\) 10時53分（影響サービスを掲載）", section);
    }

    [Fact]
    public void RegulatorReport_ResolvedWithItsDeadlinePassedUnrecorded_IsNotRecordedNotOverdue()
    {
        var view = View(new CollectorOptions(), CtyFixture.Latest, DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var markdown = ReportMarkdown.Render(MicReport.Build(view, ReportLanguage.Japanese, Tokyo));

        Assert.Contains("| 総務省への第一報（速やかに） | 平成29年1月13日(金) 10時58分 | 未記録（記録なし。実施した時刻を記入） |", markdown, StringComparison.Ordinal);
        Assert.Contains(view.Deadlines, d => d.Kind == DeadlineKind.RegulatorFirstReport && d.Unrecorded(view.AsOf, view.IsResolved));
    }

    [Fact]
    public void Japanese_HasNoInternalWords()
    {
        var markdown = Japanese(new CollectorOptions());

        foreach (var word in new[] { "seed 001", "RESOLVED", "controller_failed", "service_down", "paths_degraded", "(Controller)", "(ServiceFunction)", "hands its load to", "observed:" })
        {
            Assert.DoesNotContain(word, markdown, StringComparison.Ordinal);
        }

        Assert.Contains("ストレージコントローラの停止", markdown, StringComparison.Ordinal);
    }

    private static string Japanese(CollectorOptions options, IncidentRevision? revision = null)
    {
        var latest = revision ?? CtyFixture.Latest;
        return ReportMarkdown.Render(MicReport.Build(View(options, latest, latest.UpdatedAt.ToDateTimeOffset()), ReportLanguage.Japanese, Tokyo));
    }

    private static IncidentView View(CollectorOptions options, IncidentRevision latest, DateTimeOffset now)
    {
        var record = new MergedIncidentRecord(latest.IncidentId, "cty", "ctl-a", "controller_failed", [latest], []);
        return new IncidentViewBuilder(options).Build(record, now);
    }

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {heading}");
        var next = markdown.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? markdown[start..] : markdown[start..next];
    }
}
