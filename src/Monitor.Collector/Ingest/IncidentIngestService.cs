using System.Data.Common;
using Grpc.Core;
using Monitor.Collector.Configuration;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Ingest;

/// <summary>
/// Receives revisions from agents, validates them and stores them. A push is all or nothing: one
/// bad revision fails the whole call and nothing of it is stored, so the agent keeps the batch in
/// its outbox and the log names the field to fix. <see cref="PushAdmission"/> decides whether a
/// push may reach the store; the agent is acknowledged once the revisions are committed, and the
/// store's subscribers (draft reports, alerts) hear of the new revisions through
/// <see cref="IncidentStoreChanges"/>. Bound by <see cref="IngestMethods"/>.
/// </summary>
public sealed class IncidentIngestService
{
    private const string AuthorizationHeader = "authorization";

    private readonly IIncidentStore _store;
    private readonly IncidentStoreChanges _changes;
    private readonly PushAdmission _admission;
    private readonly PublicAddress _address;
    private readonly IngestMetrics _metrics;
    private readonly ILogger<IncidentIngestService> _logger;

    /// <summary>Creates the service; one instance per call, as gRPC does.</summary>
    public IncidentIngestService(
        IIncidentStore store,
        IncidentStoreChanges changes,
        PushAdmission admission,
        PublicAddress address,
        IngestMetrics metrics,
        ILogger<IncidentIngestService> logger)
    {
        _store = store;
        _changes = changes;
        _admission = admission;
        _address = address;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Stores a push of revisions, or refuses it whole with a status the agent acts on.</summary>
    /// <exception cref="RpcException">The push is refused; the status and message say why.</exception>
    public async Task<PushRevisionsReply> PushRevisions(PushRevisionsRequest request, ServerCallContext context)
    {
        var started = _metrics.Started();
        using var activity = CollectorTelemetry.ActivitySource.StartActivity("PushRevisions");
        activity?.SetTag("monitor.agent_id", request.Agent?.AgentId);
        activity?.SetTag("monitor.revisions", request.Revisions.Count);
        _metrics.Received(request.Revisions.Count);
        try
        {
            var agent = Admit(request, context);
            foreach (var dropped in SiteZoneFilter.DropUnknownZones(request))
            {
                _logger.LogWarning("Push from agent {AgentId}: {Problem}", agent.AgentId, dropped);
            }

            IReadOnlyList<RevisionOutcome> outcomes;
            try
            {
                outcomes = await _store.SaveRevisionsAsync(agent, request.Revisions, context.CancellationToken);
            }
            catch (RevisionConflictException ex)
            {
                throw Reject(IngestRefusal.Conflict(ex.Message), request);
            }
            catch (RevisionLimitException ex)
            {
                throw Reject(IngestRefusal.RevisionLimit(ex.Message), request);
            }
            catch (IncidentOwnerException ex)
            {
                throw Reject(IngestRefusal.PermissionDenied(ex.Message), request);
            }
            catch (DbException ex) when (!context.CancellationToken.IsCancellationRequested)
            {
                // The transaction did not commit: the agent keeps the batch and tries again, rather
                // than reading gRPC's "Exception was thrown by handler" as something to give up on.
                throw Reject(IngestRefusal.StoreUnavailable($"the incident store cannot take the push now ({ex.GetType().Name}: {ex.Message}); nothing of it was stored, retry later"), request);
            }

            var reply = Acknowledge(agent, request, outcomes);

            // The revisions are committed; reports and alerts follow them even if the agent hangs up now.
            var newest = request.Revisions
                .Where((_, index) => outcomes[index] == RevisionOutcome.Stored)
                .Select(revision => revision.IncidentId)
                .Distinct()
                .ToList();
            if (newest.Count > 0)
            {
                _changes.Announce(new StoredChange(StoredChangeKind.Revisions, newest));
            }

            return reply;
        }
        finally
        {
            _metrics.Duration(started);
        }
    }

    private AgentIdentity Admit(PushRevisionsRequest request, ServerCallContext context)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        return _admission.TryAdmit(request, certificate, context.RequestHeaders.GetValue(AuthorizationHeader), out var agent, out var refusal)
            ? agent
            : throw Reject(refusal, request);
    }

    private PushRevisionsReply Acknowledge(AgentIdentity agent, PushRevisionsRequest request, IReadOnlyList<RevisionOutcome> outcomes)
    {
        var reply = new PushRevisionsReply();
        for (var index = 0; index < outcomes.Count; index++)
        {
            reply.Acknowledgements.Add(new Acknowledgement
            {
                IdempotencyKey = request.Revisions[index].IdempotencyKey,
                IncidentId = request.Revisions[index].IncidentId,

                // The page of an agent incident shows the merged incident it belongs to.
                IncidentUrl = _address.IncidentPage(request.Revisions[index].IncidentId),
                Outcome = outcomes[index] switch
                {
                    RevisionOutcome.Stored => AckOutcome.Stored,
                    RevisionOutcome.Duplicate => AckOutcome.Duplicate,
                    RevisionOutcome.Stale => AckOutcome.Stale,
                    _ => AckOutcome.Unspecified,
                },
            });
        }

        for (var index = 0; index < outcomes.Count; index++)
        {
            if (outcomes[index] == RevisionOutcome.Stale)
            {
                _logger.LogInformation(
                    "Agent {AgentId} pushed incident {IncidentId} revision {Revision}, older than the one stored: kept in the history, the incident unchanged (STALE)",
                    agent.AgentId,
                    request.Revisions[index].IncidentId,
                    request.Revisions[index].Revision);
            }
        }

        var stored = outcomes.Count(o => o == RevisionOutcome.Stored);
        var duplicate = outcomes.Count(o => o == RevisionOutcome.Duplicate);
        var stale = outcomes.Count(o => o == RevisionOutcome.Stale);
        _metrics.Outcome("stored", stored);
        _metrics.Outcome("duplicate", duplicate);
        _metrics.Outcome("stale", stale);
        _logger.LogInformation(
            "Push from agent {AgentId} ({Host}): {Stored} stored, {Duplicate} duplicate, {Stale} stale",
            agent.AgentId,
            agent.Host,
            stored,
            duplicate,
            stale);
        return reply;
    }

    private RpcException Reject(IngestRefusal refusal, PushRevisionsRequest request)
    {
        _metrics.Outcome("rejected", request.Revisions.Count);
        _metrics.Refused(refusal.Reason);
        _logger.LogWarning(
            "Rejected a push of {Count} revisions from agent {AgentId} ({Status}): {Problem}",
            request.Revisions.Count,
            request.Agent?.AgentId ?? "(unknown)",
            refusal.Status,
            refusal.Problem);
        return new RpcException(new Status(refusal.Status, refusal.Problem));
    }
}
