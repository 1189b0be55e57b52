using Microsoft.AspNetCore.Authorization;

namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// Meets a <see cref="WebRoleRequirement"/> when the request's role (see <see cref="WebAccess"/>)
/// is high enough. When it is not, ASP.NET Core answers 401 with the sign-in challenge to someone
/// not signed in, and 403 to someone signed in with too small a role.
/// </summary>
internal sealed class WebRoleAuthorization : AuthorizationHandler<WebRoleRequirement>
{
    private readonly WebAccess _access;

    /// <summary>Creates the handler.</summary>
    public WebRoleAuthorization(WebAccess access)
    {
        _access = access;
    }

    /// <inheritdoc/>
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WebRoleRequirement requirement)
    {
        if (context.Resource is HttpContext http && _access.RoleOf(http, requirement.Metrics) >= requirement.Role)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
