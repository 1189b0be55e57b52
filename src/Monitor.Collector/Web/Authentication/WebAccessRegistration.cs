using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// Wires sign-in and roles into the collector. The web scheme is deliberately not the default
/// one: it runs only for endpoints that require a web policy, so the gRPC endpoint (whose agents
/// authenticate in their own way) never sees it.
/// </summary>
internal static class WebAccessRegistration
{
    /// <summary>The credentials, the scheme and the three policies.</summary>
    public static IServiceCollection AddWebAccess(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var problems = new List<string>();
            var credentials = WebCredentials.Load(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Web, problems);

            // Validation at start read the same files; a file that vanished since then still stops the start.
            return problems.Count == 0 ? credentials : throw new CollectorConfigurationException(string.Join("; ", problems));
        });
        services.AddSingleton<WebAccess>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<IAuthorizationHandler, WebRoleAuthorization>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, WebAuthenticationHandler>(WebSignIn.Scheme, displayName: null, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(WebPolicies.ReadOnly, policy => Require(policy, new WebRoleRequirement(WebRole.ReadOnly)))
            .AddPolicy(WebPolicies.OnCall, policy => Require(policy, new WebRoleRequirement(WebRole.OnCall)))
            .AddPolicy(WebPolicies.Metrics, policy => Require(policy, new WebRoleRequirement(WebRole.ReadOnly, metrics: true)));
        return services;
    }

    /// <summary>Authentication and authorization in the pipeline; says at start what is open to whom.</summary>
    public static WebApplication UseWebAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        WebAccessWarnings.Log(
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<WebAccess>(),
            app.Services.GetRequiredService<IOptions<CollectorOptions>>().Value,
            app.Services.GetRequiredService<WebCredentials>(),
            app.Services.GetRequiredService<WebAccess>());
        return app;
    }

    private static void Require(AuthorizationPolicyBuilder policy, WebRoleRequirement requirement) =>
        policy.AddAuthenticationSchemes(WebSignIn.Scheme).AddRequirements(requirement);
}
