using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Ingest;

/// <summary>
/// Whether a push may reach the store, in order: who is pushing (certificate or token), the
/// agent's pushes-per-second allowance, the request's content, then whether that agent may push
/// it. The first that fails is the refusal.
/// </summary>
public sealed class PushAdmission
{
    private readonly AgentAuthenticator _authenticator;
    private readonly PushRateLimit _rateLimit;
    private readonly int _maxStringLength;

    /// <summary>Creates the admission for the collector's agents and limits.</summary>
    public PushAdmission(AgentAuthenticator authenticator, PushRateLimit rateLimit, IOptions<CollectorOptions> options)
    {
        _authenticator = authenticator;
        _rateLimit = rateLimit;
        _maxStringLength = options.Value.Limits.MaxStringLength;
    }

    /// <summary>
    /// The pushing agent as the collector records it (with its proven site), or the refusal.
    /// <paramref name="certificate"/> is the connection's client certificate and
    /// <paramref name="authorization"/> the request's <c>authorization</c> header.
    /// </summary>
    public bool TryAdmit(
        PushRevisionsRequest request,
        X509Certificate2? certificate,
        string? authorization,
        [NotNullWhen(true)] out AgentIdentity? agent,
        [NotNullWhen(false)] out IngestRefusal? refusal)
    {
        agent = null;
        if (!_authenticator.TryAuthenticate(certificate, authorization, out var credential, out refusal))
        {
            return false;
        }

        if (!_rateLimit.TryAcquire(credential.AgentId ?? request.Agent?.AgentId ?? "", out refusal))
        {
            return false;
        }

        var problem = RevisionValidator.FindProblem(request, _maxStringLength);
        if (problem is not null)
        {
            refusal = IngestRefusal.Invalid(problem);
            return false;
        }

        // Validated above: the agent is present.
        var pushing = request.Agent!;
        for (var index = 0; index < request.Revisions.Count; index++)
        {
            var claimed = request.Revisions[index].Agent;
            if (claimed is not null && claimed.AgentId != pushing.AgentId)
            {
                refusal = IngestRefusal.Invalid($"revisions[{index}].agent.agent_id '{claimed.AgentId}' is not the pushing agent '{pushing.AgentId}'; an agent pushes only its own revisions");
                return false;
            }
        }

        return _authenticator.TryAuthorize(credential, pushing, out agent, out refusal);
    }
}
