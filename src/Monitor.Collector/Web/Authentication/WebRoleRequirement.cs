using Microsoft.AspNetCore.Authorization;

namespace Monitor.Collector.Web.Authentication;

/// <summary>A request needs at least <see cref="Role"/>; <see cref="Metrics"/> marks <c>/metrics</c>.</summary>
internal sealed class WebRoleRequirement : IAuthorizationRequirement
{
    /// <summary>Creates the requirement.</summary>
    public WebRoleRequirement(WebRole role, bool metrics = false)
    {
        Role = role;
        Metrics = metrics;
    }

    /// <summary>The least role that may pass.</summary>
    public WebRole Role { get; }

    /// <summary>True for <c>/metrics</c>, which <c>Collector:Web:AnonymousMetrics</c> may open.</summary>
    public bool Metrics { get; }
}
