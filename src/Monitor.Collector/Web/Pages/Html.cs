using System.Net;

namespace Monitor.Collector.Web.Pages;

/// <summary>Small helpers for pages written as HTML text: every value from outside goes through <see cref="E"/>.</summary>
internal static class Html
{
    /// <summary>The text, HTML-encoded.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>The page around <paramref name="body"/>: head, style, the top bar.</summary>
    public static string Page(string title, string body, string language = "en", bool refresh = false) =>
        $"""
        <!DOCTYPE html>
        <html lang="{language}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {(refresh ? "<meta http-equiv=\"refresh\" content=\"60\">" : "")}
        <title>{E(title)}</title>
        <style>{Reports.PageStyle.Css}</style>
        </head>
        <body>
        <header class="top"><a href="/">Monitor · incidents</a><span class="where">on-call and the regulator's report</span></header>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;
}
