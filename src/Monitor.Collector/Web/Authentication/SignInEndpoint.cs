namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// <c>GET /sign-in?then=/incidents/…</c>: where someone reading without signing in (anonymous
/// read-only) goes to act. It needs the on-call role, so the browser asks for a name and a
/// password, then comes back to the page; the browser keeps sending them from then on.
/// </summary>
internal static class SignInEndpoint
{
    /// <summary>Maps <c>/sign-in</c>.</summary>
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sign-in", (string? then) => Results.Redirect(LocalPath(then)))
            .RequireAuthorization(WebPolicies.OnCall);
        return endpoints;
    }

    /// <summary><paramref name="then"/> when it is a path on this site, else the list: never a redirect elsewhere.</summary>
    public static string LocalPath(string? then) =>
        then is ['/', ..] && then is not ['/', '/' or '\\', ..] && !then.Any(char.IsControl) ? then : "/";
}
