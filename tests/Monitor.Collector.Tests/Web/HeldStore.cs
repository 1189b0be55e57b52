using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Web;

/// <summary>
/// A real store whose list of agent incidents (what <c>GET /api/incidents</c> reads), once the
/// test says <see cref="Hold"/>, waits until the test lets it go: a request that takes as long as
/// the test wants, to fill the read limit. (The report writer reads the list at start, before.)
/// </summary>
internal sealed class HeldStore(IIncidentStore inner) : IIncidentStore
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _entries;
    private volatile bool _holding;

    /// <summary>Completes once a request is held inside the store.</summary>
    public Task Entered => _entered.Task;

    /// <summary>How many requests reached the store.</summary>
    public int Entries => Volatile.Read(ref _entries);

    /// <summary>From now on, holds every list of agent incidents until <see cref="Release"/>.</summary>
    public void Hold() => _holding = true;

    /// <summary>Lets every held request, and every later one, through.</summary>
    public void Release() => _released.TrySetResult();

    public async Task<IReadOnlyList<IncidentSummary>> ListIncidentsAsync(CancellationToken cancellationToken)
    {
        if (_holding)
        {
            Interlocked.Increment(ref _entries);
            _entered.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        return await inner.ListIncidentsAsync(cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyList<RevisionOutcome>> SaveRevisionsAsync(AgentIdentity agent, IReadOnlyList<IncidentRevision> revisions, CancellationToken cancellationToken) =>
        inner.SaveRevisionsAsync(agent, revisions, cancellationToken);

    public Task<IncidentRevision?> GetLatestRevisionAsync(string incidentId, CancellationToken cancellationToken) => inner.GetLatestRevisionAsync(incidentId, cancellationToken);

    public Task<IReadOnlyList<StoredRevision>> GetRevisionsAsync(string incidentId, CancellationToken cancellationToken) => inner.GetRevisionsAsync(incidentId, cancellationToken);

    public Task<int> CountUnresolvedIncidentsAsync(CancellationToken cancellationToken) => inner.CountUnresolvedIncidentsAsync(cancellationToken);

    public Task<IReadOnlyList<MergedIncidentRecord>> ListMergedIncidentsAsync(int limit, CancellationToken cancellationToken) => inner.ListMergedIncidentsAsync(limit, cancellationToken);

    public Task<IReadOnlyList<AlertCandidate>> ListAlertCandidatesAsync(CancellationToken cancellationToken) => inner.ListAlertCandidatesAsync(cancellationToken);

    public Task<MergedIncidentRecord?> GetMergedIncidentAsync(string id, CancellationToken cancellationToken) => inner.GetMergedIncidentAsync(id, cancellationToken);

    public Task<bool> AddActionAsync(string mergedId, OperatorAction action, CancellationToken cancellationToken) => inner.AddActionAsync(mergedId, action, cancellationToken);

    public Task<IReadOnlyDictionary<string, AlertState>> ReadAlertStatesAsync(CancellationToken cancellationToken) => inner.ReadAlertStatesAsync(cancellationToken);

    public Task RecordAlertAsync(AlertState state, IReadOnlyList<OperatorAction> actions, CancellationToken cancellationToken) => inner.RecordAlertAsync(state, actions, cancellationToken);

    public Task CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);
}
