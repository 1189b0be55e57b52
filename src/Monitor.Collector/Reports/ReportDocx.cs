using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Monitor.Collector.Reports;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as a Word document (.docx), the form the operator files
/// with MIC: the title and sections in Word's own Heading 1–3 styles (so the navigation pane and
/// a table of contents work), tables as Word tables, A4, a Japanese font. The same document gives
/// the same bytes: nothing in the package depends on the clock.
/// </summary>
public static class ReportDocx
{
    /// <summary>Word's content type for a .docx.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // Installed with fonts-noto-cjk on Debian; Word on Windows falls back to the font table's altName.
    private const string Font = "Noto Sans CJK JP";
    private const string FallbackFont = "MS Mincho";
    private const int BulletList = 1;
    private const string MainContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

    // A fixed time for every zip entry: the archive otherwise records when it was written.
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// "mic-report-inc-20170113-0853-ctl-a-5f2c.ja.docx": only ASCII letters, digits, '-', '_' and
    /// '.' of the incident id stay (anything else becomes '_', at most 100 of them), so the
    /// download name cannot carry a path, quote or header break whatever the agent sent.
    /// </summary>
    public static string FileName(string incidentId, string language)
    {
        var safe = new string(incidentId.Take(100).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return $"mic-report-{safe}.{(language == "en" ? "en" : "ja")}.docx";
    }

    /// <summary>The .docx of <paramref name="document"/>.</summary>
    public static byte[] Render(ReportDocument document)
    {
        using var written = new MemoryStream();
        using (var package = WordprocessingDocument.Create(written, WordprocessingDocumentType.Document))
        {
            // Named ids and our own core part: the SDK otherwise draws both ids, and the
            // packaging library the core part's name, at random.
            var main = package.AddNewPart<MainDocumentPart>(MainContentType, "rIdDocument");
            using (var core = new MemoryStream(CoreProperties(document)))
            {
                package.AddNewPart<CoreFilePropertiesPart>("rIdCore").FeedData(core);
            }

            main.AddNewPart<StyleDefinitionsPart>("rIdStyles").Styles = DocxStyles.Build(Font);
            main.AddNewPart<NumberingDefinitionsPart>("rIdNumbering").Numbering = Numbering();
            main.AddNewPart<FontTablePart>("rIdFonts").Fonts = Fonts();
            main.Document = new Document(Body(document));
        }

        return Repacked(written.ToArray());
    }

    private static Body Body(ReportDocument document)
    {
        var body = new Body();
        body.Append(Heading(1, document.Title));
        foreach (var fact in document.Facts)
        {
            body.Append(Bulleted(Runs([fact])));
        }

        foreach (var notice in document.Notices)
        {
            body.Append(Styled(DocxStyles.Notice, Runs([notice])));
        }

        var toFill = MicReport.ToFillMark(document.Language == "ja" ? ReportLanguage.Japanese : ReportLanguage.English);
        foreach (var section in document.Sections)
        {
            body.Append(Heading(section.Level == 1 ? 2 : 3, section.Heading));
            foreach (var block in section.Blocks)
            {
                body.Append(Elements(block, toFill));
            }
        }

        body.Append(new SectionProperties(
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
        return body;
    }

    private static IEnumerable<OpenXmlElement> Elements(ReportBlock block, string toFill)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                return [new Paragraph(Runs(paragraph.Lines))];
            case ListBlock list:
                return list.Items.Select(item => Bulleted(Runs(item.Detail is null ? [item.Text] : [item.Text, item.Detail])));
            case TableBlock table:
                return [Table(table), new Paragraph()];
            case ToFillBlock fill:
                var mark = new Run(
                    new RunProperties(new Bold(), new Highlight { Val = HighlightColorValues.Yellow }),
                    new Text(toFill));
                return [new Paragraph(mark, new Run(new Text(" " + fill.Text) { Space = SpaceProcessingModeValues.Preserve }))];
            case DividerBlock divider:
                return [new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(new Text(divider.Text)))];
            default:
                // The chart: the table before it lists every count it draws, and Word shows an
                // SVG only beside a PNG the collector has no renderer for.
                return [];
        }
    }

    private static Table Table(TableBlock block)
    {
        var table = new Table(new TableProperties(
            new TableStyle { Val = DocxStyles.TableGrid },
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" },
            new TableLook { Val = "04A0", FirstRow = true, NoHorizontalBand = true, NoVerticalBand = true }));
        var columns = Math.Max(block.Headers.Count, block.Rows.Count == 0 ? 0 : block.Rows.Max(r => r.Count));
        var grid = new TableGrid();
        for (var index = 0; index < columns; index++)
        {
            grid.Append(new GridColumn());
        }

        table.Append(grid);
        table.Append(Row(block.Headers, block.RightAligned, header: true));
        foreach (var row in block.Rows)
        {
            table.Append(Row(row, block.RightAligned, header: false));
        }

        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<bool> rightAligned, bool header)
    {
        var row = new TableRow();
        if (header)
        {
            // Repeated at the top of each page the table runs onto.
            row.Append(new TableRowProperties(new TableHeader()));
        }

        for (var index = 0; index < cells.Count; index++)
        {
            var properties = new ParagraphProperties();
            if (index < rightAligned.Count && rightAligned[index])
            {
                properties.Append(new Justification { Val = JustificationValues.Right });
            }

            var run = new Run(new Text(cells[index]) { Space = SpaceProcessingModeValues.Preserve });
            if (header)
            {
                run.PrependChild(new RunProperties(new Bold()));
            }

            row.Append(new TableCell(new Paragraph(properties, run)));
        }

        return row;
    }

    private static Paragraph Heading(int level, string text) =>
        Styled(DocxStyles.Heading(level), [new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })]);

    private static Paragraph Styled(string style, IEnumerable<OpenXmlElement> runs)
    {
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        paragraph.Append(runs);
        return paragraph;
    }

    private static Paragraph Bulleted(IEnumerable<OpenXmlElement> runs)
    {
        var paragraph = new Paragraph(new ParagraphProperties(
            new ParagraphStyleId { Val = DocxStyles.ListParagraph },
            new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = BulletList })));
        paragraph.Append(runs);
        return paragraph;
    }

    /// <summary>One run per line, a line break between them, as the HTML's &lt;br&gt;.</summary>
    private static List<OpenXmlElement> Runs(IReadOnlyList<string> lines)
    {
        var runs = new List<OpenXmlElement>();
        for (var index = 0; index < lines.Count; index++)
        {
            var run = new Run();
            if (index > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[index]) { Space = SpaceProcessingModeValues.Preserve });
            runs.Add(run);
        }

        return runs;
    }

    private static Numbering Numbering() => new(
        new AbstractNum(
            new MultiLevelType { Val = MultiLevelValues.SingleLevel },
            new Level(
                new NumberingFormat { Val = NumberFormatValues.Bullet },
                new LevelText { Val = "•" },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = "420", Hanging = "420" }))
            { LevelIndex = 0 })
        { AbstractNumberId = 0 },
        new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = BulletList });

    private static Fonts Fonts() => new(
        new DocumentFormat.OpenXml.Wordprocessing.Font(
            new AltName { Val = FallbackFont },
            new FontCharSet { Val = "80" },
            new FontFamily { Val = FontFamilyValues.Swiss },
            new Pitch { Val = FontPitchValues.Variable })
        { Name = Font },
        new DocumentFormat.OpenXml.Wordprocessing.Font(
            new FontCharSet { Val = "80" },
            new FontFamily { Val = FontFamilyValues.Roman },
            new Pitch { Val = FontPitchValues.Fixed })
        { Name = FallbackFont });

    /// <summary>Title, author and language; no dates, so the bytes do not change with the clock.</summary>
    private static byte[] CoreProperties(ReportDocument document)
    {
        const string cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
        const string dc = "http://purl.org/dc/elements/1.1/";
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartElement("cp", "coreProperties", cp);
            xml.WriteAttributeString("xmlns", "dc", null, dc);
            xml.WriteElementString("dc", "title", dc, document.Title);
            xml.WriteElementString("dc", "creator", dc, "Monitor");
            xml.WriteElementString("dc", "language", dc, document.Language == "ja" ? "ja-JP" : "en-US");
            xml.WriteEndElement();
        }

        return stream.ToArray();
    }

    /// <summary>The same entries, in the same order, each dated <see cref="EntryTime"/>.</summary>
    private static byte[] Repacked(byte[] package)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = EntryTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}
