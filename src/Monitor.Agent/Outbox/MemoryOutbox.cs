using Monitor.Agent.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Outbox;

/// <summary>
/// An outbox in memory: ordered, acknowledged by key, thread-safe. It survives a collector outage
/// but not an agent restart; the durable, fsync'd outbox replaces it behind <see cref="IOutbox"/>.
/// </summary>
public sealed class MemoryOutbox : IOutbox
{
    private readonly Lock _lock = new();
    private readonly LinkedList<PendingRevision> _pending = new();
    private readonly List<PendingRevision> _parked = [];
    private readonly OutboxSignals _signals = new();
    private readonly AgentMetrics _metrics;
    private long _sequence;

    /// <summary>Creates an empty outbox that shows its counts in <paramref name="metrics"/>.</summary>
    public MemoryOutbox(AgentMetrics metrics)
    {
        _metrics = metrics;
        _signals.Counted(0);
    }

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<PendingRevision> Parked
    {
        get
        {
            lock (_lock)
            {
                return [.. _parked];
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask AppendAsync(IncidentRevision revision, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _pending.AddLast(new PendingRevision(++_sequence, revision));
            _metrics.OutboxPending.Set(_pending.Count);
            _signals.Appended();
            _signals.Counted(_pending.Count);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public IReadOnlyList<PendingRevision> Peek(int max)
    {
        lock (_lock)
        {
            return [.. _pending.Take(max)];
        }
    }

    /// <inheritdoc/>
    public void Acknowledge(IReadOnlyCollection<string> idempotencyKeys)
    {
        lock (_lock)
        {
            for (var node = _pending.First; node is not null;)
            {
                var next = node.Next;
                if (idempotencyKeys.Contains(node.Value.Revision.IdempotencyKey))
                {
                    _pending.Remove(node);
                }

                node = next;
            }

            _metrics.OutboxPending.Set(_pending.Count);
            SignalIfEmpty();
        }
    }

    /// <inheritdoc/>
    public void Park(PendingRevision revision, string reason)
    {
        lock (_lock)
        {
            _pending.Remove(revision);
            _parked.Add(revision);
            _metrics.OutboxPending.Set(_pending.Count);
            _metrics.OutboxParked.Set(_parked.Count);
            SignalIfEmpty();
        }
    }

    /// <inheritdoc/>
    public Task WaitUntilEmptyAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _signals.Empty.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public Task WaitForRevisionsAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (_lock)
        {
            wait = _signals.NextRevision(_pending.Count);
        }

        return wait.WaitAsync(cancellationToken);
    }

    private void SignalIfEmpty() => _signals.Counted(_pending.Count);
}
