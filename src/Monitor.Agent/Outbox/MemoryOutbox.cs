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
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _empty = Completed();
    private long _sequence;

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
            AgentMetrics.OutboxPending.Set(_pending.Count);
            _signal.TrySetResult();
            if (_empty.Task.IsCompleted)
            {
                _empty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
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

            AgentMetrics.OutboxPending.Set(_pending.Count);
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
            AgentMetrics.OutboxPending.Set(_pending.Count);
            AgentMetrics.OutboxParked.Set(_parked.Count);
            SignalIfEmpty();
        }
    }

    /// <inheritdoc/>
    public Task WaitUntilEmptyAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _empty.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public Task WaitForRevisionsAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (_lock)
        {
            if (_pending.Count > 0)
            {
                return Task.CompletedTask;
            }

            if (_signal.Task.IsCompleted)
            {
                _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            wait = _signal.Task;
        }

        return wait.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private void SignalIfEmpty()
    {
        if (_pending.Count == 0)
        {
            _empty.TrySetResult();
        }
    }
}
