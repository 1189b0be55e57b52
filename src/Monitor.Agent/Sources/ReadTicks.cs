namespace Monitor.Agent.Sources;

/// <summary>
/// One source's ticks from its <see cref="ReadSchedule"/>, as <see cref="PeriodicTimer"/> keeps
/// them: a tick that comes while the source is still reading is kept and the next wait returns
/// at once, several are one, a cancelled wait throws, and disposing ends the loop. Unlike a
/// PeriodicTimer, the waiting read runs on the thread the tick was given to, not on one more
/// pool thread woken for a read that takes a millisecond.
/// </summary>
internal sealed class ReadTicks : IDisposable
{
    private readonly ReadSchedule.Interval _interval;
    private readonly Lock _gate = new();
    private TaskCompletionSource<bool>? _waiter;
    private TaskCompletionSource<bool>? _ticked;
    private CancellationTokenRegistration _cancellation;
    private bool _pending;
    private bool _disposed;

    /// <summary>Joins <paramref name="interval"/>; <see cref="ReadSchedule.Every"/> makes them.</summary>
    internal ReadTicks(ReadSchedule.Interval interval)
    {
        _interval = interval;
    }

    /// <summary>True at the next tick (at once if one came since the last wait); false once disposed.</summary>
    /// <exception cref="InvalidOperationException">A wait is already in progress.</exception>
    public Task<bool> WaitForNextTickAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<bool> waiter;
        lock (_gate)
        {
            if (_waiter is not null || _ticked is not null)
            {
                throw new InvalidOperationException("a source's ticks are waited for by one read loop at a time");
            }

            if (_disposed || _pending)
            {
                var tick = !_disposed;
                _pending = false;
                return Task.FromResult(tick);
            }

            // Not RunContinuationsAsynchronously: the continuation is the read, on the tick's thread.
            waiter = _waiter = new TaskCompletionSource<bool>();
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.UnsafeRegister(static (state, token) => ((ReadTicks)state!).Cancel(token), this);
            bool waiting;
            lock (_gate)
            {
                // A tick, or the token, may have ended this wait while it was being registered.
                waiting = ReferenceEquals(_waiter, waiter);
                if (waiting)
                {
                    _cancellation = registration;
                }
            }

            if (!waiting)
            {
                registration.Dispose();
            }
        }

        return waiter.Task;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            waiter = _waiter ?? _ticked;
            _waiter = _ticked = null;
        }

        _interval.Leave(this);
        waiter?.TrySetResult(false);
    }

    /// <summary>A tick: true when a wait is in progress (<see cref="Resume"/> then ends it); otherwise it is kept.</summary>
    internal bool Ticked()
    {
        lock (_gate)
        {
            if (_waiter is null)
            {
                _pending = !_disposed;
                return false;
            }

            (_ticked, _waiter) = (_waiter, null);
            return true;
        }
    }

    /// <summary>Ends the wait a tick found, running the read on this thread.</summary>
    internal void Resume()
    {
        TaskCompletionSource<bool>? ticked;
        CancellationTokenRegistration registration;
        lock (_gate)
        {
            (ticked, _ticked) = (_ticked, null);
            (registration, _cancellation) = (_cancellation, default);
        }

        registration.Dispose();
        ticked?.TrySetResult(true);
    }

    private void Cancel(CancellationToken token)
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            waiter = _waiter ?? _ticked;
            _waiter = _ticked = null;
            _cancellation = default; // this callback is it: nothing to dispose
        }

        waiter?.TrySetCanceled(token);
    }
}
