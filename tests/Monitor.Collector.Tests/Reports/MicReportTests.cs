using System.Text.Json;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;

namespace Monitor.Collector.Tests.Reports;

/// <summary>The report of the real CTY revisions, in both languages and all three formats.</summary>
public sealed class MicReportTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private readonly IncidentView _view = View();

    [Fact]
    public void Build_Japanese_HasEverySectionOfTheMicExampleInOrder()
    {
        var headings = MicReport.Build(_view, ReportLanguage.Japanese, Tokyo).Sections.Select(s => s.Heading).ToList();

        string[] expected =
        [
            "事故の全体概要", "<発生・復旧日時>", "<発生場所>", "<影響利用者数>", "<影響範囲>", "<影響を与えた電気通信役務>",
            "<具体的な影響サービス名>", "<具体的な支障内容>", "<原因>", "システム構成", "正常時の動作の流れ", "事故発生時の動作の流れ",
            "影響利用者数の推移", "措置模様（事故対応状況）", "措置模様（連絡体制）", "発生原因と再発防止策", "○大規模化した原因",
            "○長期化した原因", "<暫定対応>", "<恒久対応>", "再発防止策について", "障害発生前", "障害発生後", "利用者対応状況",
            "<自社HPへの情報掲載>", "<報道発表>", "<その他対応>", "根拠（エビデンス）", MicReport.OriginalsHeading,
        ];
        var positions = expected.Select(heading => headings.IndexOf(heading)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Build_English_IsTheSameReportSectionBySection()
    {
        var japanese = MicReport.Build(_view, ReportLanguage.Japanese, Tokyo);
        var english = MicReport.Build(_view, ReportLanguage.English, Tokyo);
        // The appendix of English originals is the Japanese report's alone: the English keeps them inline.
        var body = japanese.Sections.Where(s => s.Heading != MicReport.OriginalsHeading).ToList();

        Assert.Equal(body.Count + 1, japanese.Sections.Count);
        Assert.Equal(body.Count, english.Sections.Count);
        Assert.Equal(body.Select(s => s.Blocks.Count), english.Sections.Select(s => s.Blocks.Count));
        Assert.Equal("en", english.Language);
        Assert.Contains(english.Sections, s => s.Heading == "Affected users over time");
    }

    [Fact]
    public void Build_Cty_ClassifiesItAsACategoryFiveMajorAccident()
    {
        var markdown = ReportMarkdown.Render(MicReport.Build(_view, ReportLanguage.Japanese, Tokyo));

        Assert.Contains("重大な事故: 該当（平成29年1月13日(金) 10時58分から。区分五: 継続時間2時間以上かつ影響利用者数30,000人以上）", markdown, StringComparison.Ordinal);
        // The period runs from the first user impact (every mail probe failing from 08:58); the
        // controller's stop at 08:53, the figure CTY reported (seed 001), is said beside it.
        Assert.Contains("平成29年1月13日金曜日8時58分～同年1月13日金曜日12時31分（継続時間:3時間33分間）", markdown, StringComparison.Ordinal);
        Assert.Contains("監視による異常の最初の検知はそれより前の平成29年1月13日(金) 8時53分（5分前）", markdown, StringComparison.Ordinal);
        Assert.Contains("最大50,511人 (契約数ベース)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Japanese_WritesTheFindingsInJapanese()
    {
        var markdown = ReportMarkdown.Render(MicReport.Build(_view, ReportLanguage.Japanese, Tokyo));

        Assert.Contains("ストレージコントローラ ctl-aが8時53分に停止しました。", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped at 08:53", markdown, StringComparison.Ordinal);
        Assert.Contains("メールサーバ（仮想マシン）: SMTP受信・送信、POP3/IMAP、Webメール", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Webメール（英語原文）", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PersonOnlySections_AreMarkedToBeWrittenInBothLanguages()
    {
        foreach (var (language, mark) in new[] { (ReportLanguage.Japanese, "【要記入】"), (ReportLanguage.English, "[TO BE WRITTEN]") })
        {
            var document = MicReport.Build(_view, language, Tokyo);
            var contacts = document.Sections.Single(s => s.Heading is "措置模様（連絡体制）" or "Response (contacts)");
            Assert.Contains(contacts.Blocks, b => b is ToFillBlock);
            Assert.Contains(mark, ReportMarkdown.Render(document), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_AffectedUsersOverTime_IsATableAndAChart()
    {
        var section = MicReport.Build(_view, ReportLanguage.Japanese, Tokyo).Sections.Single(s => s.Heading == "影響利用者数の推移");

        var table = Assert.Single(section.Blocks.OfType<TableBlock>());
        Assert.Equal(["平成29年1月13日(金) 8時59分", "50,511人"], table.Rows[0]);
        var chart = Assert.Single(section.Blocks.OfType<ChartBlock>());
        Assert.Equal(50_511, chart.Points.Max(p => p.Users));
        Assert.Equal(_view.Incident.OpenedAt.ToDateTimeOffset(), chart.Start);
    }

    [Fact]
    public void Build_ActionsOfOnCall_AppearOnTheResponseTimelineWithWho()
    {
        var record = _view.Record with { Actions = [new OperatorAction(OperatorActionKind.Acknowledged, "Sato", "", _view.Incident.OpenedAt.ToDateTimeOffset().AddMinutes(4))] };
        var view = new IncidentViewBuilder(new CollectorOptions()).Build(record, _view.AsOf);

        var markdown = ReportMarkdown.Render(MicReport.Build(view, ReportLanguage.Japanese, Tokyo));

        Assert.Contains("【08:57】対応開始（確認） (担当: Sato)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_Cty_IsPrintableWithTheChartInline()
    {
        var html = ReportHtml.RenderPage(MicReport.Build(_view, ReportLanguage.Japanese, Tokyo), Tokyo);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"to-fill\"><strong>【要記入】</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderSvg_Cty_DrawsTheStepFromZeroToTheMaximumAndBack()
    {
        var chart = MicReport.Build(_view, ReportLanguage.English, Tokyo).Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().Single();

        var svg = UsersChartSvg.Render(chart, Tokyo);

        Assert.Contains("max 50,511 / now 0", svg, StringComparison.Ordinal);
        Assert.Contains(">08:53<", svg, StringComparison.Ordinal);
        Assert.Contains(">12:31<", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_CtyReportNextToTheScenario_IsWhatTheCollectorWritesToday()
    {
        var directory = RepositoryPaths.Scenario("cty-2017");
        var japanese = MicReport.Build(_view, ReportLanguage.Japanese, Tokyo);
        var english = MicReport.Build(_view, ReportLanguage.English, Tokyo);
        var chart = japanese.Sections.SelectMany(s => s.Blocks).OfType<ChartBlock>().Single();
        var expected = new Dictionary<string, string>
        {
            ["report.md"] = ReportMarkdown.Render(japanese, "report.users.svg"),
            ["report.en.md"] = ReportMarkdown.Render(english, "report.users.svg"),
            ["report.users.svg"] = UsersChartSvg.Render(chart, Tokyo) + "\n",
        };

        var drifted = new List<string>();
        foreach (var (name, content) in expected)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path) || File.ReadAllText(path) != content)
            {
                // Regenerated in place, so the fix is to review the diff and commit it.
                File.WriteAllText(path, content);
                drifted.Add(name);
            }
        }

        Assert.True(drifted.Count == 0, $"The example report drifted and was regenerated; review and commit: {string.Join(", ", drifted)}");
    }

    [Fact]
    public void Serialize_ReportDocument_NamesEachBlockByType()
    {
        var json = JsonSerializer.Serialize(MicReport.Build(_view, ReportLanguage.English, Tokyo), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        using var document = JsonDocument.Parse(json);
        var types = document.RootElement.GetProperty("sections").EnumerateArray()
            .SelectMany(s => s.GetProperty("blocks").EnumerateArray())
            .Select(b => b.GetProperty("type").GetString())
            .ToHashSet();
        Assert.Superset(new HashSet<string?> { "paragraph", "list", "table", "chart", "toFill", "divider" }, types);
    }

    private static IncidentView View()
    {
        var latest = CtyFixture.Latest;
        var record = new MergedIncidentRecord(latest.IncidentId, "cty", "ctl-a", "controller_failed", [latest], []);
        return new IncidentViewBuilder(new CollectorOptions()).Build(record, latest.UpdatedAt.ToDateTimeOffset());
    }
}
