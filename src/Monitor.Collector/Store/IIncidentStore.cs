using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>
/// Where the collector keeps incident revisions. Saving is idempotent by (incident id,
/// revision), so an agent that retries after a lost acknowledgement changes nothing.
/// </summary>
public interface IIncidentStore
{
    /// <summary>Creates or migrates the schema; called once at start, before anything else.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Saves the revisions pushed by <paramref name="agent"/> in one transaction and returns one
    /// outcome per revision, in order.
    /// </summary>
    /// <exception cref="RevisionConflictException">
    /// A revision number is already stored with a different idempotency key; nothing was saved.
    /// </exception>
    Task<IReadOnlyList<RevisionOutcome>> SaveRevisionsAsync(
        AgentIdentity agent,
        IReadOnlyList<IncidentRevision> revisions,
        CancellationToken cancellationToken);

    /// <summary>All incidents, the most recently opened first.</summary>
    Task<IReadOnlyList<IncidentSummary>> ListIncidentsAsync(CancellationToken cancellationToken);

    /// <summary>The newest revision of an incident, or null when the id is unknown.</summary>
    Task<IncidentRevision?> GetLatestRevisionAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>Every stored revision of an incident, oldest first; empty when the id is unknown.</summary>
    Task<IReadOnlyList<StoredRevision>> GetRevisionsAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>How many incidents are open or recovering (not yet resolved).</summary>
    Task<int> CountUnresolvedIncidentsAsync(CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot answer a query; used by the health check.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
