namespace Monitor.Collector.Reports;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as Markdown with "\n" endings on every platform. The
/// chart becomes an image link to <c>&lt;chartFile&gt;</c>, an SVG written beside the report.
/// </summary>
public static class ReportMarkdown
{
    /// <summary>The Markdown of <paramref name="document"/>; <paramref name="chartFile"/> is the SVG's file name, if one is written.</summary>
    public static string Render(ReportDocument document, string? chartFile = null)
    {
        var md = new MarkdownBuilder().Heading(1, MarkdownBuilder.Inline(document.Title));
        foreach (var fact in document.Facts)
        {
            md.Item(MarkdownBuilder.Inline(fact));
        }

        md.Blank();
        foreach (var notice in document.Notices)
        {
            md.Line("> " + MarkdownBuilder.Inline(notice));
        }

        var toFill = document.Language == "ja" ? MicReport.ToFillMark(ReportLanguage.Japanese) : MicReport.ToFillMark(ReportLanguage.English);
        foreach (var section in document.Sections)
        {
            md.Heading(section.Level, MarkdownBuilder.Inline(section.Heading));
            foreach (var block in section.Blocks)
            {
                Write(md, block, toFill, chartFile);
                md.Blank();
            }
        }

        return md.ToString();
    }

    private static void Write(MarkdownBuilder md, ReportBlock block, string toFill, string? chartFile)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                for (var index = 0; index < paragraph.Lines.Count; index++)
                {
                    var line = MarkdownBuilder.Inline(paragraph.Lines[index]);
                    if (index < paragraph.Lines.Count - 1)
                    {
                        md.LineWithBreak(line);
                    }
                    else
                    {
                        md.Line(line);
                    }
                }

                break;
            case ListBlock list:
                foreach (var item in list.Items)
                {
                    if (item.Detail is null)
                    {
                        md.Item(MarkdownBuilder.Inline(item.Text));
                    }
                    else
                    {
                        md.Item(MarkdownBuilder.Inline(item.Text) + "  ");
                        md.Line("  " + MarkdownBuilder.Inline(item.Detail));
                    }
                }

                break;
            case TableBlock table:
                md.Line("| " + string.Join(" | ", table.Headers.Select(MarkdownBuilder.Cell)) + " |");
                md.Line("|" + string.Join("|", table.RightAligned.Select(right => right ? "---:" : "---")) + "|");
                foreach (var row in table.Rows)
                {
                    md.Line("| " + string.Join(" | ", row.Select(MarkdownBuilder.Cell)) + " |");
                }

                break;
            case ChartBlock chart:
                md.Line(chartFile is null
                    ? $"({MarkdownBuilder.Inline(chart.Caption)}: {chart.Points.Count} points)"
                    : $"![{MarkdownBuilder.Inline(chart.Caption)}]({chartFile})");
                break;
            case ToFillBlock fill:
                md.Line($"{toFill} {MarkdownBuilder.Inline(fill.Text)}");
                break;
            case DividerBlock divider:
                md.Line(MarkdownBuilder.Inline(divider.Text));
                break;
        }
    }
}
