namespace Monitor.Collector.Alerting;

/// <summary>
/// Wakes the alert loop when the store announces a change (a stored revision, an on-call action),
/// and says which incidents changed, so a new incident pages on-call at once, in a round over the
/// changed incidents only, instead of waiting for the next full round over all of them. The
/// changes are taken in turn, one incident of each push at a time: a push of a thousand incidents
/// from one agent does not put another agent's incident at the end of the round.
/// </summary>
internal sealed class AlertRoundSignal
{
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly object _gate = new();
    private List<IReadOnlyList<string>> _changes = [];
    private bool _everything;

    /// <summary>These incidents (agent or merged ids) changed; several calls before the loop looks count as one wake-up.</summary>
    public void Notify(IEnumerable<string> incidentIds)
    {
        lock (_gate)
        {
            _changes.Add([.. incidentIds]);
        }

        Wake();
    }

    /// <summary>Every incident must be looked at again (this replica has just taken the alert lease).</summary>
    public void NotifyEverything()
    {
        lock (_gate)
        {
            _everything = true;
        }

        Wake();
    }

    /// <summary>Completes when something changed since the last wait.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    /// <summary>
    /// What changed since the last call, each incident once, taking the changes in turn (the first
    /// incident of each, then the second of each, ...); null when every incident is to be looked at.
    /// </summary>
    public IReadOnlyCollection<string>? Take()
    {
        List<IReadOnlyList<string>> changes;
        bool everything;
        lock (_gate)
        {
            (changes, everything) = (_changes, _everything);
            (_changes, _everything) = ([], false);
        }

        if (everything)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inTurn = new List<string>();
        var longest = changes.Count == 0 ? 0 : changes.Max(c => c.Count);
        for (var i = 0; i < longest; i++)
        {
            foreach (var change in changes.Where(c => i < c.Count).Where(c => seen.Add(c[i])))
            {
                inTurn.Add(change[i]);
            }
        }

        return inTurn;
    }

    private void Wake()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the loop will look once for all of them.
        }
    }
}
