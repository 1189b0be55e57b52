namespace Monitor.Collector.Store;

/// <summary>
/// Announces what was committed to the store (which incidents changed) to whoever follows it: the
/// draft report writer and the alert loop subscribe, the way Alertmanager's dispatcher subscribes
/// to its alert provider. Whoever commits announces: ingest after a push, the web pages after an
/// on-call action. Listeners run on the announcing thread, before the announcer goes on (a push
/// is acknowledged after its reports are scheduled), so they only note the change and return.
/// </summary>
public sealed class IncidentStoreChanges
{
    private readonly Lock _gate = new();
    private Action<StoredChange>[] _listeners = [];

    /// <summary>Calls <paramref name="listener"/> for every change announced until the subscription is disposed.</summary>
    public IDisposable Subscribe(Action<StoredChange> listener)
    {
        lock (_gate)
        {
            Volatile.Write(ref _listeners, [.. _listeners, listener]);
        }

        return new Subscription(this, listener);
    }

    /// <summary>Tells every subscriber that <paramref name="change"/> is committed.</summary>
    public void Announce(StoredChange change)
    {
        // A copy: a listener may subscribe or leave while others are told.
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener(change);
        }
    }

    private void Unsubscribe(Action<StoredChange> listener)
    {
        lock (_gate)
        {
            // By reference: the same method subscribed twice leaves once per subscription.
            var index = Array.FindIndex(_listeners, l => ReferenceEquals(l, listener));
            if (index >= 0)
            {
                Volatile.Write(ref _listeners, [.. _listeners[..index], .. _listeners[(index + 1)..]]);
            }
        }
    }

    private sealed class Subscription(IncidentStoreChanges changes, Action<StoredChange> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                changes.Unsubscribe(listener);
            }
        }
    }
}
