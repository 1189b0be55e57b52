using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Reports;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Reports;

/// <summary>
/// The Word rendering (issue 10): opened again with the Open XML SDK, converted by LibreOffice,
/// and served beside the other exports.
/// </summary>
public sealed partial class ReportDocxTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private readonly ReportDocument _japanese = Report(ReportLanguage.Japanese);
    private readonly ReportDocument _english = Report(ReportLanguage.English);

    [Fact]
    public void Render_Japanese_HeadingsAreWordHeadingStylesWithTheSectionTitles()
    {
        using var word = Open(ReportDocx.Render(_japanese));
        var body = word.MainDocumentPart!.Document!.Body!;

        var headings = body.Elements<Paragraph>()
            .Select(p => (Style: p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "", Text: p.InnerText))
            .Where(h => h.Style.StartsWith("Heading", StringComparison.Ordinal))
            .ToList();
        var expected = _japanese.Sections.Select(s => (Style: s.Level == 1 ? "Heading2" : "Heading3", Text: s.Heading)).Prepend(("Heading1", _japanese.Title)).ToList();

        Assert.Equal(expected, headings);
        Assert.Contains(("Heading2", "事故の全体概要"), headings);
        Assert.Contains(("Heading3", "<発生・復旧日時>"), headings);
        var styles = word.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!, s => s.StyleName!.Val!.Value);
        Assert.Equal(("heading 1", "heading 2", "heading 3"), (styles["Heading1"], styles["Heading2"], styles["Heading3"]));
    }

    [Fact]
    public void Render_Japanese_TablesAreWordTablesWithTheCellText()
    {
        using var word = Open(ReportDocx.Render(_japanese));
        var tables = word.MainDocumentPart!.Document!.Body!.Elements<Table>().ToList();
        var blocks = _japanese.Sections.SelectMany(s => s.Blocks).OfType<TableBlock>().ToList();

        Assert.NotEmpty(blocks);
        Assert.Equal(blocks.Count, tables.Count);
        for (var index = 0; index < blocks.Count; index++)
        {
            var cells = tables[index].Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
            var expected = blocks[index].Rows.Select(r => r.ToList()).Prepend(blocks[index].Headers.ToList()).ToList();
            Assert.Equal(expected, cells);
        }

        var users = tables[blocks.FindIndex(b => b.Headers.Contains("影響利用者数"))];
        var right = users.Elements<TableRow>().Skip(1).First().Elements<TableCell>().Last().Descendants<Justification>().Single();
        Assert.Equal(JustificationValues.Right, right.Val!.Value);
    }

    [Fact]
    public void Render_Japanese_CarriesTheJapaneseTextInAJapaneseFont()
    {
        using var word = Open(ReportDocx.Render(_japanese));
        var text = word.MainDocumentPart!.Document!.Body!.InnerText;

        Assert.Contains("重大な事故報告（下書き）", text, StringComparison.Ordinal);
        Assert.Contains("最大50,511人 (契約数ベース)", text, StringComparison.Ordinal);
        Assert.Contains("【要記入】", text, StringComparison.Ordinal);
        var defaults = word.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal("Noto Sans CJK JP", defaults.RunFonts!.EastAsia!.Value);
        Assert.Equal(("en-US", "ja-JP"), (defaults.Languages!.Val!.Value, defaults.Languages.EastAsia!.Value));
        var font = word.MainDocumentPart.FontTablePart!.Fonts!.Elements<DocumentFormat.OpenXml.Wordprocessing.Font>().First(f => f.Name == "Noto Sans CJK JP");
        Assert.Equal("MS Mincho", font.AltName!.Val!.Value);
    }

    [Fact]
    public void Render_English_IsTheEnglishReport()
    {
        using var word = Open(ReportDocx.Render(_english));
        var body = word.MainDocumentPart!.Document!.Body!;

        Assert.Equal(_english.Title, body.Elements<Paragraph>().First().InnerText);
        Assert.Contains("At most 50,511 users (contract basis)", body.InnerText, StringComparison.Ordinal);
        Assert.Equal("en-US", word.PackageProperties.Language);
    }

    [Fact]
    public void Render_Always_ShowsNoIdentifierTheMarkdownDoesNotShow()
    {
        foreach (var document in new[] { _japanese, _english })
        {
            using var word = Open(ReportDocx.Render(document));
            var text = Text(word);
            var markdown = ReportMarkdown.Render(document).Replace("\\", "", StringComparison.Ordinal);

            var identifiers = Identifier().Matches(text).Select(m => m.Value).Distinct().ToList();
            Assert.Contains(CtyFixture.IncidentId, identifiers);
            Assert.All(identifiers, id => Assert.Contains(id, markdown, StringComparison.Ordinal));
        }

        using var japanese = Open(ReportDocx.Render(_japanese));
        foreach (var word in new[] { "controller_failed", "service_down", "paths_degraded", "(Controller)", "hands its load to" })
        {
            Assert.DoesNotContain(word, japanese.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_SameDocumentTwice_GivesTheSameBytesWithNoClockInThePackage()
    {
        var first = ReportDocx.Render(_japanese);
        var second = ReportDocx.Render(Report(ReportLanguage.Japanese));

        Assert.Equal(first, second);
        using var zip = new ZipArchive(new MemoryStream(first), ZipArchiveMode.Read);
        Assert.All(zip.Entries, entry => Assert.Equal(new DateTime(1980, 1, 1), entry.LastWriteTime.DateTime));
        using var word = Open(first);
        Assert.Null(word.PackageProperties.Created);
        Assert.Null(word.PackageProperties.Modified);
        Assert.Equal(_japanese.Title, word.PackageProperties.Title);
    }

    [Fact]
    public void Render_BothLanguages_IsAValidWordDocument()
    {
        foreach (var document in new[] { _japanese, _english })
        {
            using var word = Open(ReportDocx.Render(document));

            var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}");

            Assert.Empty(errors);
        }
    }

    [Theory]
    [InlineData("inc-20170113-0853-ctl-a-5f2c", "ja", "mic-report-inc-20170113-0853-ctl-a-5f2c.ja.docx")]
    [InlineData("../etc/\"x\"\r\nSet-Cookie: a", "en", "mic-report-.._etc__x___Set-Cookie__a.en.docx")]
    [InlineData("障害", "fr", "mic-report-__.ja.docx")]
    public void FileName_AnyIncidentId_IsOneSafeFileName(string id, string language, string expected)
    {
        Assert.Equal(expected, ReportDocx.FileName(id, language));
    }

    [Fact]
    public async Task Render_ConvertedByLibreOffice_ThePdfHasTheJapaneseTitleAndASectionHeading()
    {
        var soffice = RunningProgram.Require("/usr/bin/soffice", "libreoffice-writer-nogui");
        var pdftotext = RunningProgram.Require("/usr/bin/pdftotext", "poppler-utils");
        var directory = Directory.CreateTempSubdirectory("monitor-docx-");
        try
        {
            var docx = Path.Combine(directory.FullName, "report.docx");
            await File.WriteAllBytesAsync(docx, ReportDocx.Render(_japanese));

            // A profile of its own: LibreOffice refuses a second instance on a shared one.
            using (var convert = RunningProgram.Start(soffice, ["-env:UserInstallation=file://" + directory.FullName + "/profile", "--headless", "--convert-to", "pdf", "--outdir", directory.FullName, docx]))
            {
                Assert.Equal(0, await convert.WaitForExitAsync(TimeSpan.FromMinutes(3)));
            }

            var pdf = Path.Combine(directory.FullName, "report.pdf");
            using (var text = RunningProgram.Start(pdftotext, ["-enc", "UTF-8", pdf, "-"]))
            {
                Assert.Equal(0, await text.WaitForExitAsync(TimeSpan.FromMinutes(1)));
                var output = string.Join("\n", text.Out);
                Assert.Contains("重大な事故報告（下書き）", output, StringComparison.Ordinal);
                Assert.Contains("事故の全体概要", output, StringComparison.Ordinal);
                Assert.Contains("影響利用者数の推移", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task GetReportDocx_Cty_IsAWordAttachmentInTheAskedLanguage()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        var id = CtyFixture.IncidentId;

        using var english = await collector.Http.GetAsync($"/incidents/{id}/report.docx?lang=en");
        using var japanese = await collector.Http.GetAsync($"/incidents/{id}/report.docx");
        var page = await collector.Http.GetStringAsync($"/incidents/{id}?lang=en");

        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        Assert.Equal(ReportDocx.ContentType, english.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", english.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"mic-report-{id}.en.docx", english.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        using (var word = Open(await english.Content.ReadAsByteArrayAsync()))
        {
            Assert.Contains("At most 50,511 users (contract basis)", word.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, japanese.StatusCode);
        using (var word = Open(await japanese.Content.ReadAsByteArrayAsync()))
        {
            Assert.Contains("最大50,511人 (契約数ベース)", word.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }

        Assert.Contains($"href=\"/incidents/{id}/report.docx?lang=en\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReportDocx_UnknownIncident_IsNotFound()
    {
        await using var collector = await RunningCollector.StartAsync();

        using var response = await collector.Http.GetAsync("/incidents/inc-unknown/report.docx");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("inc-unknown", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetReportDocx_IncidentThatCannotBeBuilt_AnswersTheSentenceWhyAsTheOtherExportsDo()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Store.SaveRevisionsAsync(CtyIncident.Agent, [PoisonedIncident.Revision()], default);

        using var response = await collector.Http.GetAsync($"/incidents/{PoisonedIncident.Id}/report.docx");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"Incident {PoisonedIncident.Id} could not be shown: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static ReportDocument Report(ReportLanguage language)
    {
        IncidentRevision latest = CtyFixture.Latest;
        var record = new MergedIncidentRecord(latest.IncidentId, "cty", "ctl-a", "controller_failed", [latest], []);
        var view = new IncidentViewBuilder(new CollectorOptions()).Build(record, latest.UpdatedAt.ToDateTimeOffset());
        return MicReport.Build(view, language, Tokyo);
    }

    /// <summary>The text as a reader sees it: a line break where the paragraph or a w:br ends a line.</summary>
    private static string Text(WordprocessingDocument word) => string.Join(
        "\n",
        word.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants().Select(e => e switch
        {
            Text text => text.Text,
            Break => "\n",
            _ => "",
        }))));

    private static WordprocessingDocument Open(byte[] docx) => WordprocessingDocument.Open(new MemoryStream(docx), isEditable: false);

    // Words an agent or the collector uses as names: letters and digits joined by - _ . : or /.
    [GeneratedRegex("[A-Za-z0-9]+(?:[-_.:/][A-Za-z0-9]+)+")]
    private static partial Regex Identifier();
}
