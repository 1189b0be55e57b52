using System.Net;
using System.Text;

namespace Monitor.Collector.Reports;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as HTML: an <c>&lt;article&gt;</c> for the incident page,
/// or a whole printable page (A4, print CSS, the chart as inline SVG, no script).
/// </summary>
public static class ReportHtml
{
    /// <summary>A standalone, printable HTML page.</summary>
    public static string RenderPage(ReportDocument document, TimeZoneInfo timeZone)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(document.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(document.Title)).Append("</title>\n<style>").Append(PageStyle.Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<main>\n").Append(RenderArticle(document, timeZone)).Append("</main>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The report as one <c>&lt;article class="report"&gt;</c>.</summary>
    public static string RenderArticle(ReportDocument document, TimeZoneInfo timeZone)
    {
        var html = new StringBuilder();
        html.Append("<article class=\"report\" lang=\"").Append(document.Language).Append("\">\n");
        html.Append("<h1>").Append(E(document.Title)).Append("</h1>\n<ul class=\"facts\">");
        foreach (var fact in document.Facts)
        {
            html.Append("<li>").Append(E(fact)).Append("</li>");
        }

        html.Append("</ul>\n<div class=\"notices\">");
        foreach (var notice in document.Notices)
        {
            html.Append("<p>").Append(E(notice)).Append("</p>");
        }

        html.Append("</div>\n");
        var toFill = document.Language == "ja" ? MicReport.ToFillMark(ReportLanguage.Japanese) : MicReport.ToFillMark(ReportLanguage.English);
        foreach (var section in document.Sections)
        {
            var tag = section.Level == 1 ? "h2" : "h3";
            html.Append('<').Append(tag).Append('>').Append(E(section.Heading)).Append("</").Append(tag).Append(">\n");
            foreach (var block in section.Blocks)
            {
                Write(html, block, toFill, timeZone);
            }
        }

        html.Append("</article>\n");
        return html.ToString();
    }

    private static void Write(StringBuilder html, ReportBlock block, string toFill, TimeZoneInfo timeZone)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                html.Append("<p>").Append(string.Join("<br>", paragraph.Lines.Select(E))).Append("</p>\n");
                break;
            case ListBlock list:
                html.Append("<ul>");
                foreach (var item in list.Items)
                {
                    html.Append("<li>").Append(E(item.Text));
                    if (item.Detail is not null)
                    {
                        html.Append("<br><span class=\"detail\">").Append(E(item.Detail)).Append("</span>");
                    }

                    html.Append("</li>");
                }

                html.Append("</ul>\n");
                break;
            case TableBlock table:
                html.Append("<table><thead><tr>");
                for (var index = 0; index < table.Headers.Count; index++)
                {
                    html.Append(table.RightAligned[index] ? "<th class=\"num\">" : "<th>").Append(E(table.Headers[index])).Append("</th>");
                }

                html.Append("</tr></thead><tbody>");
                foreach (var row in table.Rows)
                {
                    html.Append("<tr>");
                    for (var index = 0; index < row.Count; index++)
                    {
                        html.Append(index < table.RightAligned.Count && table.RightAligned[index] ? "<td class=\"num\">" : "<td>").Append(E(row[index])).Append("</td>");
                    }

                    html.Append("</tr>");
                }

                html.Append("</tbody></table>\n");
                break;
            case ChartBlock chart:
                html.Append("<figure class=\"chart\">").Append(UsersChartSvg.Render(chart, timeZone))
                    .Append("<figcaption>").Append(E(chart.Caption)).Append("</figcaption></figure>\n");
                break;
            case ToFillBlock fill:
                html.Append("<p class=\"to-fill\"><strong>").Append(E(toFill)).Append("</strong> ").Append(E(fill.Text)).Append("</p>\n");
                break;
            case DividerBlock divider:
                html.Append("<p class=\"divider\">").Append(E(divider.Text)).Append("</p>\n");
                break;
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
