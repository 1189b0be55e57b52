using System.Security.Claims;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// What a request may do: the role of the signed-in user or token, else what
/// <c>Collector:Web:Anonymous</c> allows. Credentials that were sent and refused never fall back
/// to anonymous access, so a wrong password is always answered 401.
/// </summary>
internal sealed class WebAccess
{
    /// <summary>Reads the anonymous access from the (validated) options.</summary>
    public WebAccess(IOptions<CollectorOptions> options)
    {
        var web = options.Value.Web;
        WebRoles.TryParse(web.Anonymous, allowNone: true, out var anonymous);
        Anonymous = anonymous;
        AnonymousMetrics = web.AnonymousMetrics;
    }

    /// <summary>What someone who does not sign in may do.</summary>
    public WebRole Anonymous { get; }

    /// <summary>True when anyone may read <c>/metrics</c>.</summary>
    public bool AnonymousMetrics { get; }

    /// <summary>The role of <paramref name="context"/>'s request; <paramref name="metrics"/> for <c>/metrics</c>.</summary>
    public WebRole RoleOf(HttpContext context, bool metrics = false)
    {
        if (WebSignIn.IsSignedIn(context.User))
        {
            return WebRoles.TryParse(context.User.FindFirstValue(ClaimTypes.Role), allowNone: false, out var role) ? role : WebRole.None;
        }

        if (context.Request.Headers.Authorization.Count > 0)
        {
            return WebRole.None;
        }

        return metrics && AnonymousMetrics && Anonymous < WebRole.ReadOnly ? WebRole.ReadOnly : Anonymous;
    }
}
