namespace Monitor.Agent.Outbox;

/// <summary>
/// What an outbox's waiters wait for: the next revision (the delivery worker, when the outbox is
/// empty) and an empty outbox (the end of a replay). Not thread-safe: the outbox calls it under
/// its own lock, after each change, with its count of pending revisions.
/// </summary>
internal sealed class OutboxSignals
{
    private TaskCompletionSource _revision = New();
    private TaskCompletionSource _empty = New();

    /// <summary>Completes when the outbox holds nothing pending (again after each append).</summary>
    public Task Empty => _empty.Task;

    /// <summary>A revision was appended: wakes whoever waits for one.</summary>
    public void Appended() => _revision.TrySetResult();

    /// <summary>The outbox changed and holds <paramref name="pending"/> revisions: completes or re-arms <see cref="Empty"/>.</summary>
    public void Counted(int pending)
    {
        if (pending == 0)
        {
            _empty.TrySetResult();
        }
        else if (_empty.Task.IsCompleted)
        {
            _empty = New();
        }
    }

    /// <summary>Completes at once when <paramref name="pending"/> is above zero, else with the next append.</summary>
    public Task NextRevision(int pending)
    {
        if (pending > 0)
        {
            return Task.CompletedTask;
        }

        if (_revision.Task.IsCompleted)
        {
            _revision = New();
        }

        return _revision.Task;
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
