using Monitor.Collector.Reports;

namespace Monitor.Collector.Tests.Reports;

public sealed class MicReportMarkdownTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private readonly string _recovered = MicReportMarkdown.Render(CtyIncident.Revision(3), Tokyo);

    [Fact]
    public void Render_Always_WritesTheSectionsInTheOrderOfTheMicExample()
    {
        string[] expected =
        [
            "# 事故の全体概要",
            "## <発生・復旧日時>",
            "## <発生場所>",
            "## <影響利用者数>",
            "## <影響範囲>",
            "## <影響を与えた電気通信役務>",
            "## <具体的な影響サービス名>",
            "## <具体的な支障内容>",
            "## <原因>",
            "# システム構成",
            "# 正常時の動作の流れ",
            "# 事故発生時の動作の流れ",
            "# 影響利用者数の推移",
            "# 措置模様（事故対応状況）",
            "# 措置模様（連絡体制）",
            "# 発生原因と再発防止策",
            "## ○大規模化した原因",
            "## ○長期化した原因",
            "## <暫定対応>",
            "## <恒久対応>",
            "# 利用者対応状況",
            "# 根拠（エビデンス）",
        ];

        var headings = _recovered.Split('\n').Where(line => line.StartsWith('#')).ToList();
        var positions = expected.Select(heading => headings.IndexOf(heading)).ToList();

        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Render_Always_SaysItIsADraftFromMonitoringData()
    {
        Assert.StartsWith("# 重大な事故報告（下書き）: ストレージコントローラの停止によるCTYメールの停止", _recovered, StringComparison.Ordinal);
        Assert.Contains($"- インシデントID: {CtyIncident.Id}", _recovered, StringComparison.Ordinal);
        Assert.Contains("リビジョン: 3", _recovered, StringComparison.Ordinal);
        Assert.Contains("監視データから自動作成した下書き", _recovered, StringComparison.Ordinal);
        Assert.Contains("【要記入】 は監視データからは分からない項目です", _recovered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RecoveredIncident_ShowsLocalPeriodAndDuration()
    {
        Assert.Contains("平成29年1月13日金曜日8時53分～同年1月13日金曜日12時31分（継続時間:3時間38分間）", Section(_recovered, "## <発生・復旧日時>"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OpenIncident_SaysOngoingWithTheDurationSoFar()
    {
        var open = MicReportMarkdown.Render(CtyIncident.Revision(1), Tokyo);

        Assert.Contains("平成29年1月13日(金) 8時53分～ 継続中 (平成29年1月13日(金) 9時03分時点の継続時間: 10分)", open, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ContractBasedCount_ShowsMaximumBasisAndTotalContracts()
    {
        var section = Section(_recovered, "## <影響利用者数>");

        Assert.Contains("最大50,511人 (契約数ベース)", section, StringComparison.Ordinal);
        Assert.Contains("(参考) 総契約数:50,511人", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CategoryFive_UsesTheRegulatorsWording()
    {
        Assert.Contains(
            "(重大な事故の区分: 五：一の項から四の項までに掲げる電気通信役務以外の電気通信役務)",
            Section(_recovered, "## <影響を与えた電気通信役務>"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ServiceImpacts_ListsStoppedDegradedAndUnaffectedFunctions()
    {
        var section = Section(_recovered, "## <具体的な支障内容>");

        Assert.Contains("- ①CTYメール: メールソフトで受信したメールを読むことができない（POP3）（提供の停止）", section, StringComparison.Ordinal);
        Assert.Contains("- ②CTYメール: 受信したメールが届かない（遅延）（品質の低下）", section, StringComparison.Ordinal);
        Assert.Contains("- 影響なし: CTYメールのWebメール", section, StringComparison.Ordinal);
        Assert.DoesNotContain("smtp-in", section, StringComparison.Ordinal);
        Assert.Contains("・CTYメール", Section(_recovered, "## <具体的な影響サービス名>"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Cause_IsMarkedAsAnEstimate()
    {
        var section = Section(_recovered, "## <原因>");

        Assert.Contains("（推定）監視データによる根本原因の候補", section, StringComparison.Ordinal);
        Assert.Contains("ctl-a（ストレージコントローラ）: ストレージコントローラの停止", section, StringComparison.Ordinal);
        Assert.Contains("（推定）", Section(_recovered, "## ○大規模化した原因"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# 措置模様（連絡体制）")]
    [InlineData("## ○大規模化した原因")]
    [InlineData("## ○長期化した原因")]
    [InlineData("## <暫定対応>")]
    [InlineData("## <恒久対応>")]
    [InlineData("# 利用者対応状況")]
    [InlineData("# 正常時の動作の流れ")]
    [InlineData("# システム構成")]
    public void Render_SectionOnlyAPersonCanWrite_AsksForIt(string heading)
    {
        Assert.Contains("【要記入】", Section(_recovered, heading), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CausalChain_IsNumberedWithObservedKindExplanationAndFirstSeen()
    {
        var section = Section(_recovered, "# 事故発生時の動作の流れ");

        Assert.Contains("- ① ctl-a → ctl-b: 負荷の引継ぎ（相手の停止時）（検知: 縮退運転中のストレージコントローラの過負荷（IOPS））", section, StringComparison.Ordinal);
        Assert.Contains("Alone, ctl-b runs at 121% of its IOPS capacity.（英語原文） (初検知: 8時55分)", section, StringComparison.Ordinal);
        Assert.Contains("- ② ctl-b → cty-mail/pop3: stores mail for（検知: pop_login_failures）", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AffectedUsersSeries_IsATableInLocalTime()
    {
        var section = Section(_recovered, "# 影響利用者数の推移");

        Assert.Contains("| 平成29年1月13日(金) 8時53分 | 20,000人 |", section, StringComparison.Ordinal);
        Assert.Contains("| 平成29年1月13日(金) 9時13分 | 50,511人 |", section, StringComparison.Ordinal);
        Assert.Contains("契約数ベース", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Timeline_IsInTimeOrderWithStamps()
    {
        var section = Section(_recovered, "# 措置模様（事故対応状況）");
        var finding = section.IndexOf("- ①【1/13 08:53】事象（mail01:mpath-mail）［原文", StringComparison.Ordinal);
        var detected = section.IndexOf("- ②【08:54】検知: ctl-a（ストレージコントローラ）: ストレージコントローラの停止", StringComparison.Ordinal);
        var recovered = section.IndexOf("- ③【12:31】復旧: 全ての検知が解消し、様子見の期間に入った", StringComparison.Ordinal);

        Assert.True(finding >= 0 && detected > finding && recovered > detected, section);
        Assert.Contains("-----サービスの復旧-----", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UserNotice_GivesTheFifteenMinuteTarget()
    {
        Assert.Contains("平成29年1月13日(金) 9時09分まで", Section(_recovered, "# 利用者対応状況"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Evidence_ListsEachFindingsSamples()
    {
        var section = Section(_recovered, "# 根拠（エビデンス）");

        Assert.Contains("## ctl-a（ストレージコントローラ）: ストレージコントローラの停止 (ルール: ControllerFailover)", section, StringComparison.Ordinal);
        Assert.Contains("| 平成29年1月13日(金) 8時55分 | ctl-b | storage_controller_iops_utilisation_ratio | 1.21 |", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PipeInAgentText_DoesNotBreakTheTable()
    {
        var revision = CtyIncident.Revision(3);
        revision.RootCause.Evidence[0].Metric = "a|b";

        Assert.Contains("| a\\|b |", MicReportMarkdown.Render(revision, Tokyo), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HtmlAndLinksInEveryAgentString_StayInertText()
    {
        // Issue 13: 21 raw HTML tags and javascript: links per report came through from agent text.
        const string hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) ![i](javascript:x) <javascript:alert(1)> `code` *em*";
        var revision = CtyIncident.Revision(3);
        revision.Title = hostile;
        revision.RootCause.Explanation = hostile;
        revision.RootCause.Lesson = hostile;
        revision.RootCause.Evidence[0].Metric = hostile;
        revision.Symptoms[0].Explanation = hostile;
        revision.CausalChain[0].Relation = hostile;
        revision.Timeline[0].Text = hostile;
        revision.Timeline[1].Text = "# " + hostile;
        revision.Services[0].DisplayName = hostile;
        revision.Site.Location = hostile;
        revision.Site.Area = "> " + hostile;
        revision.Site.Devices[0].Role = "1. " + hostile;

        foreach (var language in new[] { ReportLanguage.Japanese, ReportLanguage.English })
        {
            var markdown = MicReportMarkdown.Render(revision, Tokyo, language);

            Assert.DoesNotContain("<img", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("<javascript:", markdown, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?<!\\)\]\(javascript:", markdown);
            Assert.DoesNotContain(" [click]", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain(" `code`", markdown, StringComparison.Ordinal);
            Assert.Contains("&lt;img src=x onerror=alert(1)> \\[click\\](javascript:alert(1)) !\\[i\\](javascript:x) &lt;javascript:alert(1)> \\`code\\` \\*em\\*", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("\n# <", markdown, StringComparison.Ordinal);
        }
    }

    /// <summary>The lines under <paramref name="heading"/> up to the next heading of the same or a higher level.</summary>
    private static string Section(string markdown, string heading)
    {
        var level = heading.TakeWhile(c => c == '#').Count();
        var lines = markdown.Split('\n');
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"heading '{heading}' is missing");
        var body = lines.Skip(start + 1).TakeWhile(line =>
        {
            var hashes = line.TakeWhile(c => c == '#').Count();
            return hashes == 0 || hashes > level || line.Length <= hashes || line[hashes] != ' ';
        });
        return string.Join('\n', body);
    }
}
