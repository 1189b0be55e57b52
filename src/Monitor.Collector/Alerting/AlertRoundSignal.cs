namespace Monitor.Collector.Alerting;

/// <summary>
/// Wakes the alert loop when the store announces a change (a stored revision, an on-call action),
/// so a new incident pages on-call at once instead of at the next resend.
/// </summary>
internal sealed class AlertRoundSignal
{
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>Something changed; several calls before the loop looks count as one.</summary>
    public void Notify()
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

    /// <summary>Completes when something changed since the last wait.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);
}
