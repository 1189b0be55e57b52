namespace Monitor.Collector.Alerting;

/// <summary>
/// Wakes the alert loop when the store announces a change (a stored revision, an on-call action),
/// and says which incidents changed, so a new incident pages on-call at once, in a round over the
/// changed incidents only, instead of waiting for the next full round over all of them.
/// </summary>
internal sealed class AlertRoundSignal
{
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly object _gate = new();
    private HashSet<string> _incidents = new(StringComparer.Ordinal);
    private bool _everything;

    /// <summary>These incidents (agent or merged ids) changed; several calls before the loop looks count as one wake-up.</summary>
    public void Notify(IEnumerable<string> incidentIds)
    {
        lock (_gate)
        {
            _incidents.UnionWith(incidentIds);
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

    /// <summary>What changed since the last call: the incidents, or null when every incident is to be looked at.</summary>
    public IReadOnlyCollection<string>? Take()
    {
        lock (_gate)
        {
            var everything = _everything;
            var incidents = _incidents;
            _everything = false;
            _incidents = new HashSet<string>(StringComparer.Ordinal);
            return everything ? null : incidents;
        }
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
