using System.Security.Cryptography;
using System.Text;

namespace Monitor.Collector.Web;

/// <summary>
/// Sends on every response of the web port a Content-Security-Policy that allows nothing but
/// the pages' one style sheet (by its hash), images and forms of this collector, and no framing;
/// and <c>X-Content-Type-Options: nosniff</c>, so a report or chart is never sniffed into HTML.
/// Text from agents is escaped in every page; this holds even where an escape were missed.
/// </summary>
internal sealed class PageSecurityHeaders(RequestDelegate next)
{
    /// <summary>The policy: no script, no plugin, no foreign source at all.</summary>
    public static readonly string Policy =
        $"default-src 'none'; style-src '{StyleHash()}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Adds the headers, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        return next(context);
    }

    private static string StyleHash() =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Reports.PageStyle.Css)));
}
