using DocumentFormat.OpenXml.Wordprocessing;

namespace Monitor.Collector.Reports;

/// <summary>
/// The styles of the .docx report. Headings carry Word's built-in names ("heading 1" to
/// "heading 3"), so Word treats them as its own: outline levels, navigation, table of contents.
/// </summary>
internal static class DocxStyles
{
    public const string Normal = "Normal";
    public const string Notice = "Notice";
    public const string ListParagraph = "ListParagraph";
    public const string TableGrid = "TableGrid";

    /// <summary>The style id of heading <paramref name="level"/> (1 to 3).</summary>
    public static string Heading(int level) => level switch
    {
        1 or 2 or 3 => "Heading" + level,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "The .docx report has headings of level 1 to 3 only."),
    };

    /// <summary>The style part: one font for Latin and Japanese, the languages for spelling and line breaking.</summary>
    public static Styles Build(string font)
    {
        // Latin text is marked English even in the Japanese report: marked Japanese, LibreOffice
        // breaks "controller failed" inside a word at the end of a line.
        var lang = new Languages { Val = "en-US", EastAsia = "ja-JP" };
        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font },
                    new FontSize { Val = "21" },
                    new FontSizeComplexScript { Val = "21" },
                    lang)),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { After = "80", Line = "276", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = Normal, Default = true },
            HeadingStyle(1, size: "32", before: "240"),
            HeadingStyle(2, size: "28", before: "360"),
            HeadingStyle(3, size: "24", before: "240"),
            new Style(
                new StyleName { Val = "Notice" },
                new BasedOn { Val = Normal },
                new StyleRunProperties(new Italic()))
            { Type = StyleValues.Paragraph, StyleId = Notice, CustomStyle = true },
            new Style(
                new StyleName { Val = "List Paragraph" },
                new BasedOn { Val = Normal },
                new StyleParagraphProperties(new Indentation { Left = "420" }))
            { Type = StyleValues.Paragraph, StyleId = ListParagraph },
            new Style(
                new StyleName { Val = "Table Grid" },
                new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }),
                new StyleTableProperties(
                    new TableBorders(
                        new TopBorder { Val = BorderValues.Single, Size = 4U },
                        new LeftBorder { Val = BorderValues.Single, Size = 4U },
                        new BottomBorder { Val = BorderValues.Single, Size = 4U },
                        new RightBorder { Val = BorderValues.Single, Size = 4U },
                        new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4U },
                        new InsideVerticalBorder { Val = BorderValues.Single, Size = 4U }),
                    new TableCellMarginDefault(
                        new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                        new TableCellLeftMargin { Width = 100, Type = TableWidthValues.Dxa },
                        new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                        new TableCellRightMargin { Width = 100, Type = TableWidthValues.Dxa })))
            { Type = StyleValues.Table, StyleId = TableGrid });
    }

    private static Style HeadingStyle(int level, string size, string before) => new(
        new StyleName { Val = "heading " + level },
        new BasedOn { Val = Normal },
        new NextParagraphStyle { Val = Normal },
        new PrimaryStyle(),
        new StyleParagraphProperties(
            new KeepNext(),
            new KeepLines(),
            new SpacingBetweenLines { Before = before, After = "120" },
            new OutlineLevel { Val = level - 1 }),
        new StyleRunProperties(new Bold(), new FontSize { Val = size }, new FontSizeComplexScript { Val = size }))
    {
        Type = StyleValues.Paragraph,
        StyleId = Heading(level),
    };
}
