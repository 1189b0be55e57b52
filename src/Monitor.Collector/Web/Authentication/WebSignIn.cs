using System.Security.Claims;

namespace Monitor.Collector.Web.Authentication;

/// <summary>The signed-in principal the web scheme makes from a user or a token, and how to recognise it.</summary>
internal static class WebSignIn
{
    /// <summary>The authentication scheme of the web pages and the API (HTTP Basic and bearer tokens).</summary>
    public const string Scheme = "MonitorWeb";

    /// <summary>The realm browsers show when they ask for a name and a password.</summary>
    public const string Realm = "Monitor";

    /// <summary>How a person signs in: a name and a password.</summary>
    public const string Basic = "Basic";

    /// <summary>How a program signs in: a token.</summary>
    public const string Bearer = "Bearer";

    /// <summary>The principal for <paramref name="credential"/>, signed in by <paramref name="how"/> (Basic or Bearer).</summary>
    public static ClaimsPrincipal Principal(WebCredential credential, string how) =>
        new(new ClaimsIdentity(
            [
                // A stable unique claim: antiforgery tokens are bound to it.
                new Claim(ClaimTypes.NameIdentifier, $"{how.ToLowerInvariant()}:{credential.Name}"),
                new Claim(ClaimTypes.Name, credential.Name),
                new Claim(ClaimTypes.Role, WebRoles.Word(credential.Role)),
            ],
            how));

    /// <summary>True when <paramref name="user"/> signed in through the web scheme.</summary>
    public static bool IsSignedIn(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Basic or Bearer };
}
