using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Contracts.V1;
using Monitor.Core.Findings;
using Monitor.Core.Signals;
using Finding = Monitor.Contracts.V1.Finding;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// The draft against seed 003 (MIC's example of an e-mail accident report) section by section,
/// over the four seed fixtures: the order of the sections, the title, the notes, the impact in
/// users' words, the causes of scale, and the appendix of English originals.
/// </summary>
public sealed partial class MicReportSectionsTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>Seed 003's headings in its order (its sub-headings that name the example's own devices and measures left out).</summary>
    private static readonly string[] Seed003Headings =
    [
        "事故の全体概要", "<発生・復旧日時>", "<発生場所>", "<影響利用者数>", "<影響範囲>", "<影響を与えた電気通信役務>",
        "<具体的な影響サービス名>", "<具体的な支障内容>", "<原因>", "システム構成", "正常時の動作の流れ", "事故発生時の動作の流れ",
        "影響利用者数の推移", "措置模様（事故対応状況）", "措置模様（連絡体制）", "発生原因と再発防止策", "○大規模化した原因",
        "○長期化した原因", "<暫定対応>", "<恒久対応>", "再発防止策について", "障害発生前", "障害発生後", "利用者対応状況",
        "<自社HPへの情報掲載>", "<報道発表>", "<その他対応>",
    ];

    public static TheoryData<string> Scenarios => new() { "cty", "alpha-mail", "canon", "freebit" };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Build_SeedScenario_HasEverySectionOfSeed003InItsOrder(string scenario)
    {
        var headings = MicReport.Build(ViewOf(scenario), ReportLanguage.Japanese, Tokyo).Sections.Select(s => s.Heading).ToList();

        var positions = Seed003Headings.Select(heading => headings.IndexOf(heading)).ToList();

        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Build_SeedScenario_HasNoInternalWordsInEitherLanguage(string scenario)
    {
        foreach (var language in new[] { ReportLanguage.Japanese, ReportLanguage.English })
        {
            var markdown = ReportMarkdown.Render(MicReport.Build(ViewOf(scenario), language, Tokyo));

            Assert.DoesNotContain("seed", markdown, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("RESOLVED", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("参考となる過去の事例", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("past case", markdown, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Build_SeedScenario_TitleHasNoLatinWordsAndNoIncidentId(string scenario)
    {
        var view = ViewOf(scenario);

        var title = MicReport.Build(view, ReportLanguage.Japanese, Tokyo).Title;

        Assert.StartsWith("重大な事故報告（下書き）: ", title, StringComparison.Ordinal);
        Assert.DoesNotContain(view.Incident.IncidentId, title, StringComparison.Ordinal);
        // Service names are the operator's own (CTY); no English word of the report's.
        Assert.DoesNotMatch("[a-z]{3,}", title.Replace(view.Incident.Services.FirstOrDefault()?.DisplayName ?? "", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_CtyTitle_NamesTheCauseTheServiceAndTheUsers()
    {
        var view = ViewOf("cty");

        Assert.Equal("重大な事故報告（下書き）: ストレージコントローラの停止によるCTY 電子メールサービスの停止（影響利用者数50,511人）", MicReport.Build(view, ReportLanguage.Japanese, Tokyo).Title);
        Assert.Equal("Major accident report (draft): Storage controller stopped: CTY 電子メールサービス stopped (50,511 users affected)", MicReport.Build(view, ReportLanguage.English, Tokyo).Title);
    }

    [Fact]
    public void Build_OnlyDegradedFunctions_TitleSaysQualityDegraded()
    {
        var revision = CtyFixture.Latest;
        foreach (var service in revision.Services)
        {
            service.Impact = ImpactLevel.Degraded;
        }

        var title = MicReport.Build(SeedRevisions.View(revision), ReportLanguage.Japanese, Tokyo).Title;

        Assert.EndsWith("によるCTY 電子メールサービスの品質の低下（影響利用者数50,511人）", title, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Notes_JapaneseSaysSettingValueEnglishNamesTheKey()
    {
        var view = ViewOf("cty");

        var japanese = ReportMarkdown.Render(MicReport.Build(view, ReportLanguage.Japanese, Tokyo));
        var english = ReportMarkdown.Render(MicReport.Build(view, ReportLanguage.English, Tokyo));

        Assert.DoesNotContain("Regulation:", japanese, StringComparison.Ordinal);
        Assert.Contains("期日はこの事業者の目標値（監視の設定値）", japanese, StringComparison.Ordinal);
        Assert.Contains("（「基準の継続時間の半分」は監視の設定値）", japanese, StringComparison.Ordinal);
        Assert.Contains("Regulation:FirstReportWithin", english, StringComparison.Ordinal);
        Assert.Contains("Regulation:ForeseenShare", english, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smtp-in", ImpactLevel.Stopped, "電子メールの受信ができない（提供の停止）")]
    [InlineData("smtp-in", ImpactLevel.Degraded, "受信したメールが届かない（遅延）（品質の低下）")]
    [InlineData("smtp-out", ImpactLevel.Stopped, "電子メールの送信ができない（提供の停止）")]
    [InlineData("submission", ImpactLevel.Degraded, "電子メールの送信に時間がかかる又は一部送信できない（品質の低下）")]
    [InlineData("pop3", ImpactLevel.Stopped, "メールソフトで受信したメールを読むことができない（POP3）（提供の停止）")]
    [InlineData("imaps", ImpactLevel.Degraded, "メールソフトで受信したメールを読むのに時間がかかる又は一部読むことができない（IMAP）（品質の低下）")]
    [InlineData("webmail", ImpactLevel.Stopped, "Webメールが利用できない（提供の停止）")]
    [InlineData("account", ImpactLevel.Stopped, "ログイン（利用者の認証）ができない（提供の停止）")]
    [InlineData("dns", ImpactLevel.Stopped, "名前解決（DNS）ができず、サービスに接続できない（提供の停止）")]
    public void Build_AffectedFunction_ImpactIsInUsersWords(string function, ImpactLevel impact, string expected)
    {
        var revision = CtyFixture.Latest;
        revision.Services.Clear();
        revision.Services.Add(new ServiceImpact { Service = "west-mail", Function = function, Impact = impact, Category = 5, DisplayName = "西日本メール" });

        var section = Section(Japanese(revision), "## <具体的な支障内容>");

        Assert.Contains($"- ①西日本メール: {expected}", section, StringComparison.Ordinal);
        Assert.DoesNotContain(function, section, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PopAndImapStopped_ShareOneLineWithBothProtocols()
    {
        var section = Section(Japanese(CtyFixture.Latest), "## <具体的な支障内容>");

        Assert.Contains("CTY 電子メールサービス: メールソフトで受信したメールを読むことができない（POP3・IMAP）（提供の停止）", section, StringComparison.Ordinal);
        Assert.DoesNotMatch("smtp-in|smtp-out|pop3|imap|webmail", section);
    }

    [Theory]
    [InlineData(FindingKinds.MailLoss, "受信メールの一部が消失（品質の低下）")]
    [InlineData(FindingKinds.MailQueueBacklog, "受信したメールが届かない（遅延）（品質の低下）")]
    [InlineData(FindingKinds.MailboxBindingBroken, "受信したメールがメールボックスに配信されない（品質の低下）")]
    [InlineData(FindingKinds.MailboxStoreFull, "受信したメールがメールボックスに配信されない（遅延）（品質の低下）")]
    [InlineData(FindingKinds.LoginFailures, "一部の利用者がメールソフトでログイン（認証）できない（品質の低下）")]
    public void Build_FindingOfAKindUsersFeel_AddsItsImpact(string kind, string expected)
    {
        var revision = CtyFixture.Latest;
        revision.Symptoms.Add(new Finding { Entity = "mx01", EntityType = "host", Kind = kind, Rule = "test", Severity = Monitor.Contracts.V1.Severity.Critical, FirstSeen = revision.OpenedAt });

        var section = Section(Japanese(revision), "## <具体的な支障内容>");

        Assert.Contains($"CTY 電子メールサービス: {expected}", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AlphaMailFunctionsThatKeptWorking_AreNamedInUsersWords()
    {
        var section = Section(Japanese(SeedRevisions.AlphaMail), "## <具体的な支障内容>");

        Assert.Contains("- 影響なし: アルファメールの電子メールの送信、", section, StringComparison.Ordinal);
        Assert.Contains("の名前解決（DNS）", section, StringComparison.Ordinal);
        Assert.DoesNotContain("（DNS）（DNS）", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CanonLostMail_SaysSomeReceivedMailWasLost()
    {
        var section = Section(Japanese(SeedRevisions.Canon), "## <具体的な支障内容>");

        Assert.Contains("受信メールの一部が消失", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PrecursorBeforeTheFailure_IsCitedAsACauseOfScaleWithItsFirstSeenTime()
    {
        var revision = WithoutWarnings(CtyFixture.Latest);
        var rootSeen = revision.RootCause.FirstSeen.ToDateTimeOffset();
        revision.Symptoms.Add(new Finding
        {
            Entity = "ctl-b",
            EntityType = "controller",
            Kind = FindingKinds.N1HeadroomIops,
            Rule = "n1-headroom",
            Severity = Monitor.Contracts.V1.Severity.Warning,
            FirstSeen = Timestamp.FromDateTimeOffset(rootSeen.AddMinutes(-43)),
        });
        revision.Symptoms.Add(new Finding
        {
            Entity = "ctl-b",
            EntityType = "controller",
            Kind = FindingKinds.SmallIoShift,
            Rule = "small-io-shift",
            Severity = Monitor.Contracts.V1.Severity.Warning,
            FirstSeen = Timestamp.FromDateTimeOffset(rootSeen.AddMinutes(-60)),
        });

        var markdown = Japanese(revision);
        var section = Section(markdown, "## ○大規模化した原因");

        Assert.Contains("- ctl-b（ストレージコントローラ）: I/Oサイズの小型化による処理件数の増加（初検知: 平成29年1月13日(金) 7時53分、根本原因の検知の1時間00分前）", section, StringComparison.Ordinal);
        Assert.Contains("- ctl-b（ストレージコントローラ）: 冗長構成における処理能力の余裕不足（IOPS）（初検知: 平成29年1月13日(金) 8時10分、根本原因の検知の43分前）", section, StringComparison.Ordinal);
        Assert.True(section.IndexOf("I/Oサイズ", StringComparison.Ordinal) < section.IndexOf("冗長構成", StringComparison.Ordinal), section);
        Assert.Contains("| 3\\. （予兆）ctl-b（ストレージコントローラ）: 冗長構成における処理能力の余裕不足（IOPS） | 【要記入】 | 【要記入】 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FreebitFcPrecursors_AreCitedAsCausesOfScale()
    {
        var section = Section(Japanese(SeedRevisions.Freebit[^1]), "## ○大規模化した原因");

        Assert.Contains("FCポートの光信号レベルの低下（初検知: ", section, StringComparison.Ordinal);
        Assert.Contains("FCポートにおけるエラーの増加（初検知: ", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoPrecursor_SaysNoneWasDetected()
    {
        var section = Section(Japanese(WithoutWarnings(CtyFixture.Latest)), "## ○大規模化した原因");

        Assert.Contains("予兆（冗長構成における処理能力の余裕不足、I/Oサイズの小型化、FCポートのエラー等）の検知はありません", section, StringComparison.Ordinal);
        Assert.Contains("□工事時 / □維持・運用時", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CtyWarningsBeforeTheStop_AreCitedAsCausesOfScale()
    {
        var section = Section(Japanese(CtyFixture.Latest), "## ○大規模化した原因");

        // The real agent warned of the shift to small I/Os at 08:09, 44 minutes before the stop,
        // and of the N-1 shortfall (the last revision has it as raised again after the restart).
        Assert.Contains("ctl-a（ストレージコントローラ）: I/Oサイズの小型化による処理件数の増加（初検知: 平成29年1月13日(金) 8時09分、根本原因の検知の44分前）", section, StringComparison.Ordinal);
        Assert.Contains("冗長構成における処理能力の余裕不足（IOPS）", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CtyAccidentFlow_EndsWithWhatUsersSaw()
    {
        var section = Section(Japanese(CtyFixture.Latest), "# 事故発生時の動作の流れ");

        var closing = section.Split('\n').Single(line => line.StartsWith("⇒ ", StringComparison.Ordinal));
        Assert.Contains("電子メールの送信ができない", closing, StringComparison.Ordinal);
        Assert.Contains("電子メールの受信ができない", closing, StringComparison.Ordinal);
        Assert.True(section.IndexOf(closing, StringComparison.Ordinal) > section.IndexOf("cty-mail → cty-mail-contracts", StringComparison.Ordinal), section);
    }

    [Fact]
    public void Build_CtyTimeline_CallsTheWarningsBeforeTheStopPrecursors()
    {
        var section = Section(Japanese(CtyFixture.Latest), "# 措置模様（事故対応状況）");

        Assert.Contains("【1/13 07:29】予兆: ctl-a（ストレージコントローラ）: 冗長構成における処理能力の余裕不足（IOPS）", section, StringComparison.Ordinal);
        Assert.Contains("検知: ctl-a（ストレージコントローラ）: ストレージコントローラの停止", section, StringComparison.Ordinal);
    }

    /// <summary>The revision with its warnings (precursors) taken out.</summary>
    private static IncidentRevision WithoutWarnings(IncidentRevision revision)
    {
        var warnings = revision.Symptoms.Where(f => f.Severity == Monitor.Contracts.V1.Severity.Warning).ToList();
        foreach (var warning in warnings)
        {
            revision.Symptoms.Remove(warning);
        }

        return revision;
    }

    [Fact]
    public void Build_CausesTable_HasCauseCountermeasureAndWhen()
    {
        var section = MicReport.Build(ViewOf("cty"), ReportLanguage.Japanese, Tokyo).Sections.Single(s => s.Heading == "発生原因と再発防止策");

        var table = Assert.Single(section.Blocks.OfType<TableBlock>());

        Assert.Equal(["発生原因", "再発防止策", "実施時期"], table.Headers);
        Assert.Equal("○大規模化した原因", table.Rows[0][0]);
        Assert.Contains(table.Rows, row => row[0] == "○長期化した原因");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Build_SeedScenario_OriginalsAreNumberedInOrderAndEachIsQuotedOnce(string scenario)
    {
        var markdown = ReportMarkdown.Render(MicReport.Build(ViewOf(scenario), ReportLanguage.Japanese, Tokyo));
        var appendixAt = markdown.IndexOf($"# {MicReport.OriginalsHeading}\n", StringComparison.Ordinal);
        Assert.True(appendixAt > 0, "no originals appendix");
        var body = markdown[..appendixAt];
        var appendix = markdown[appendixAt..];

        var quoted = Reference().Matches(appendix).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var referred = Reference().Matches(body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();

        Assert.Equal(Enumerable.Range(1, quoted.Count), quoted.Where(n => n <= quoted.Count).Take(quoted.Count));
        Assert.Equal(quoted.Order(), referred.Order());
        Assert.Equal(Enumerable.Range(1, referred.Count), referred);
        Assert.DoesNotContain("controller A halted", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CtyLogLine_IsDescribedInJapaneseAndQuotedInTheAppendix()
    {
        var markdown = Japanese(CtyFixture.Latest);

        var match = Regex.Match(markdown, @"【08:53】ログ（ctl-a）(［原文\d+］)");
        Assert.True(match.Success, markdown);
        Assert.Contains($"- {match.Groups[1].Value} controller A halted: firmware fault", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_English_KeepsTheOriginalsInlineAndHasNoAppendix()
    {
        var english = MicReport.Build(ViewOf("cty"), ReportLanguage.English, Tokyo);
        var markdown = ReportMarkdown.Render(english);

        Assert.Contains("Log: controller A halted: firmware fault (ctl-a)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("［原文", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(english.Sections, s => s.Heading == MicReport.OriginalsHeading);
    }

    [Fact]
    public void Build_SameOriginalTwice_KeepsOneNumber()
    {
        var revision = CtyFixture.Latest;
        var log = revision.Timeline.First(e => e.Kind == TimelineEventKind.Log);
        revision.Timeline.Add(new TimelineEvent { Time = log.Time, Kind = TimelineEventKind.Log, Entity = log.Entity, Text = log.Text });

        var appendix = Japanese(revision).Split($"# {MicReport.OriginalsHeading}\n")[1];

        Assert.Single(Regex.Matches(appendix, Regex.Escape(log.Text)));
    }

    [Fact]
    public void MetricJapaneseNames_EveryCatalogMetric_HasOne()
    {
        var missing = MetricCatalog.All.Keys.Where(metric => string.IsNullOrWhiteSpace(MetricJapaneseNames.Of(metric))).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Build_EvidenceTable_NamesTheMetricInJapaneseBesideItsId()
    {
        var markdown = Japanese(CtyFixture.Latest);

        Assert.Contains("| ctl-a | コントローラの稼働状態（monitor_controller_up） | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 時刻 | 対象 | 監視項目 | 値 |", markdown, StringComparison.Ordinal);
    }

    private static IncidentView ViewOf(string scenario) => scenario switch
    {
        "cty" => SeedRevisions.View(CtyFixture.Latest),
        "alpha-mail" => SeedRevisions.View(SeedRevisions.AlphaMail),
        "canon" => SeedRevisions.View(SeedRevisions.Canon),
        "freebit" => SeedRevisions.View(SeedRevisions.Freebit[^1]),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "no such seed fixture"),
    };

    private static string Japanese(IncidentRevision revision) =>
        ReportMarkdown.Render(MicReport.Build(SeedRevisions.View(revision), ReportLanguage.Japanese, Tokyo));

    /// <summary>The lines under <paramref name="heading"/> up to the next heading of any level.</summary>
    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {heading}");
        var next = markdown.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? markdown[start..] : markdown[start..next];
    }

    [GeneratedRegex(@"［原文(\d+)］")]
    private static partial Regex Reference();
}
