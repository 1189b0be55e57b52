using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>
/// Where the collector keeps incident revisions. Saving is idempotent by (incident id,
/// revision), so an agent that retries after a lost acknowledgement changes nothing. The first
/// revision of an agent incident also decides which merged incident it belongs to
/// (<see cref="MergeKey"/>); that membership never changes afterwards.
/// </summary>
public interface IIncidentStore
{
    /// <summary>Creates or migrates the schema; called once at start, before anything else.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Saves the revisions pushed by <paramref name="agent"/> in one transaction and returns one
    /// outcome per revision, in order. <see cref="AgentIdentity.Site"/> is the site used for merging.
    /// </summary>
    /// <exception cref="RevisionLimitException">A new revision of an incident that already has as many as the store keeps; nothing was saved.</exception>
    /// <exception cref="IncidentOwnerException">A revision of an incident another agent opened; nothing was saved.</exception>
    /// <exception cref="RevisionConflictException">
    /// A revision number is already stored with a different idempotency key; nothing was saved.
    /// </exception>
    Task<IReadOnlyList<RevisionOutcome>> SaveRevisionsAsync(
        AgentIdentity agent,
        IReadOnlyList<IncidentRevision> revisions,
        CancellationToken cancellationToken);

    /// <summary>All agent incidents, the most recently opened first.</summary>
    Task<IReadOnlyList<IncidentSummary>> ListIncidentsAsync(CancellationToken cancellationToken);

    /// <summary>The newest revision of an agent incident, or null when the id is unknown.</summary>
    Task<IncidentRevision?> GetLatestRevisionAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>Every stored revision of an agent incident, oldest first; empty when the id is unknown.</summary>
    Task<IReadOnlyList<StoredRevision>> GetRevisionsAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>How many agent incidents are open or recovering (not yet resolved).</summary>
    Task<int> CountUnresolvedIncidentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The merged incidents, at most <paramref name="limit"/>: those with an agent incident not yet
    /// resolved first (so a flood of newer, resolved ones never hides an open one), each group the
    /// most recently opened first.
    /// </summary>
    Task<IReadOnlyList<MergedIncidentRecord>> ListMergedIncidentsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The merged incidents on-call must still hear about, with the agent that opened each, oldest first: those with an agent incident
    /// not yet resolved, and those whose alert is still firing or was never sent. None is left out,
    /// however many newer incidents there are: the alert loop reads this, never the list page's limit.
    /// </summary>
    Task<IReadOnlyList<AlertCandidate>> ListAlertCandidatesAsync(CancellationToken cancellationToken);

    /// <summary>One merged incident by its id, or by the id of any of its agent incidents; null when unknown.</summary>
    Task<MergedIncidentRecord?> GetMergedIncidentAsync(string id, CancellationToken cancellationToken);

    /// <summary>Records an on-call action on merged incident <paramref name="mergedId"/>; false when it is unknown.</summary>
    Task<bool> AddActionAsync(string mergedId, OperatorAction action, CancellationToken cancellationToken);

    /// <summary>What on-call was last told of each merged incident, by merged id (<see cref="AlertState"/>).</summary>
    Task<IReadOnlyDictionary<string, AlertState>> ReadAlertStatesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that on-call was told <paramref name="state"/>, with <paramref name="actions"/> on the
    /// incident's timeline, in one transaction.
    /// </summary>
    Task RecordAlertAsync(AlertState state, IReadOnlyList<OperatorAction> actions, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot answer a query; used by the health check.</summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>The last write that failed while none has gone through since; null when writes go through.</summary>
    StoreWriteFailure? WriteFailure => null;
}
