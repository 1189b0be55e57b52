using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Monitor.Collector.Configuration;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Ingest;

/// <summary>
/// Who is pushing, and whether they may push what they say. Two steps, so the pushes-per-second
/// limit can count the proven agent before the request is read:
/// <list type="number">
/// <item><see cref="TryAuthenticate"/>: the client certificate (CN = agent id, OU = site; its
/// chain was checked during the TLS handshake) or else the bearer token; neither while one is
/// configured is <c>UNAUTHENTICATED</c>. With neither configured the collector is open.</item>
/// <item><see cref="TryAuthorize"/>: the request's <c>agent.agent_id</c> must be the proven id
/// and its <c>agent.site</c> (when given) the proven site, and <c>Collector:Agents</c> (when it
/// lists agents) must name the agent with that site; otherwise <c>PERMISSION_DENIED</c>.</item>
/// </list>
/// </summary>
public sealed class AgentAuthenticator
{
    private const string BearerScheme = "Bearer ";

    private readonly Dictionary<string, KnownAgentOptions> _agents;
    private readonly AgentTokens _tokens;
    private readonly bool _certificates;

    /// <summary>Creates the authenticator for <paramref name="options"/> with the tokens read from its files.</summary>
    public AgentAuthenticator(CollectorOptions options, AgentTokens tokens)
    {
        _agents = options.Agents;
        _tokens = tokens;
        _certificates = !string.IsNullOrEmpty(options.Tls.ClientCaPath);
    }

    /// <summary>True when agents are not authenticated at all (no client CA, no token).</summary>
    public bool IsOpen => !_certificates && !_tokens.Any;

    /// <summary>
    /// Proves who is pushing from the connection's client certificate (already validated against
    /// the client CA by the TLS handshake) or the request's <c>authorization</c> header.
    /// </summary>
    public bool TryAuthenticate(
        X509Certificate2? certificate,
        string? authorization,
        [NotNullWhen(true)] out AgentCredential? credential,
        [NotNullWhen(false)] out IngestRefusal? refusal)
    {
        credential = null;
        refusal = null;
        if (IsOpen)
        {
            credential = AgentCredential.Open;
            return true;
        }

        if (_certificates && certificate is not null)
        {
            if (!AgentCertificateSubject.TryRead(certificate, out var agentId, out var site, out var problem))
            {
                refusal = IngestRefusal.PermissionDenied(problem);
                return false;
            }

            credential = new AgentCredential(AgentCredentialKind.Certificate, agentId, site, certificate.Subject);
            return true;
        }

        if (string.IsNullOrEmpty(authorization))
        {
            refusal = IngestRefusal.Unauthenticated($"no client certificate and no bearer token; this collector accepts {Accepted()}");
            return false;
        }

        if (!_tokens.Any)
        {
            refusal = IngestRefusal.Unauthenticated($"a bearer token came without a client certificate, but no agent has a token here; this collector accepts {Accepted()}");
            return false;
        }

        if (!authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            refusal = IngestRefusal.Unauthenticated("the authorization header is not 'Bearer <token>'");
            return false;
        }

        var tokenAgent = _tokens.FindAgent(authorization[BearerScheme.Length..]);
        if (tokenAgent is null)
        {
            refusal = IngestRefusal.Unauthenticated("the bearer token is not the token of any agent in Collector:Agents (TokenFile); check the agent's token file");
            return false;
        }

        credential = new AgentCredential(AgentCredentialKind.Token, tokenAgent, "", "");
        return true;
    }

    /// <summary>
    /// The pushing agent as the collector records it, with its proven site, or why it may not push
    /// as <paramref name="claimed"/>.
    /// </summary>
    public bool TryAuthorize(
        AgentCredential credential,
        AgentIdentity claimed,
        [NotNullWhen(true)] out AgentIdentity? admitted,
        [NotNullWhen(false)] out IngestRefusal? refusal)
    {
        admitted = null;
        var problem = credential.Kind switch
        {
            AgentCredentialKind.Certificate => AuthorizeCertificate(credential, claimed, out var site) ?? Admit(claimed, site, out admitted),
            AgentCredentialKind.Token => AuthorizeToken(credential, claimed, out var site) ?? Admit(claimed, site, out admitted),
            _ => AuthorizeOpen(claimed, out var site) ?? Admit(claimed, site, out admitted),
        };
        refusal = problem is null ? null : IngestRefusal.PermissionDenied(problem);
        return problem is null;
    }

    private static string? Admit(AgentIdentity claimed, string site, out AgentIdentity admitted)
    {
        admitted = claimed.Clone();
        admitted.Site = site;
        return null;
    }

    private static string? ClaimedSite(AgentIdentity claimed, string site, string source) =>
        claimed.Site.Length == 0 || claimed.Site == site
            ? null
            : $"agent '{claimed.AgentId}' says site '{claimed.Site}' but {source} says '{site}'; an agent pushes only under its own site";

    private static string SiteKey(string agentId) => $"Collector:Agents:{agentId}:Site";

    private string? AuthorizeCertificate(AgentCredential credential, AgentIdentity claimed, out string site)
    {
        var agentId = credential.AgentId!;
        site = credential.Site;
        if (claimed.AgentId != agentId)
        {
            return $"agent '{claimed.AgentId}' pushed with the client certificate of '{agentId}' ({credential.Subject}); an agent pushes only under its own identity";
        }

        var listed = Listed(agentId, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var configured = listed?.Site ?? "";
        if (configured.Length > 0 && site.Length > 0 && configured != site)
        {
            return $"agent '{agentId}': {SiteKey(agentId)} is '{configured}' but its client certificate says OU={site}; one of them is wrong";
        }

        if (site.Length == 0)
        {
            if (configured.Length == 0)
            {
                return $"agent '{agentId}': its client certificate names no site (OU) and {SiteKey(agentId)} is empty; expected one of them";
            }

            site = configured;
            return ClaimedSite(claimed, site, SiteKey(agentId));
        }

        return ClaimedSite(claimed, site, "its client certificate (OU)");
    }

    private string? AuthorizeToken(AgentCredential credential, AgentIdentity claimed, out string site)
    {
        var agentId = credential.AgentId!;
        site = claimed.Site;
        if (claimed.AgentId != agentId)
        {
            return $"agent '{claimed.AgentId}' pushed with the bearer token of '{agentId}'; an agent pushes only under its own identity";
        }

        var configured = _agents[agentId].Site;
        if (configured.Length == 0)
        {
            return null;
        }

        site = configured;
        return ClaimedSite(claimed, site, SiteKey(agentId));
    }

    private string? AuthorizeOpen(AgentIdentity claimed, out string site)
    {
        site = claimed.Site;
        var listed = Listed(claimed.AgentId, out var problem);
        if (problem is not null || listed is null || listed.Site.Length == 0)
        {
            return problem;
        }

        site = listed.Site;
        return ClaimedSite(claimed, site, SiteKey(claimed.AgentId));
    }

    /// <summary>The agent's entry in Collector:Agents; null when the list is empty (anyone the TLS settings admit).</summary>
    private KnownAgentOptions? Listed(string agentId, out string? problem)
    {
        problem = null;
        if (_agents.Count == 0)
        {
            return null;
        }

        if (_agents.TryGetValue(agentId, out var listed))
        {
            return listed;
        }

        problem = $"agent '{agentId}' is not in Collector:Agents; add it there (with its site) to accept its revisions";
        return null;
    }

    private string Accepted() => (_certificates, _tokens.Any) switch
    {
        (true, true) => "a client certificate from the CA of Collector:Tls:ClientCaPath or an agent's bearer token (Collector:Agents:<id>:TokenFile)",
        (true, false) => "a client certificate from the CA of Collector:Tls:ClientCaPath",
        _ => "an agent's bearer token (Collector:Agents:<id>:TokenFile)",
    };
}
