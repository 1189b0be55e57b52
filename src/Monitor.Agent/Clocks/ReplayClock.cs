namespace Monitor.Agent.Clocks;

/// <summary>
/// Virtual time for a replay: "now" is the recorded time of the batch being played, so every
/// component that asks the <see cref="TimeProvider"/> (the tracker, the timeline, revision times)
/// sees the scenario's clock. Timers and delays still run on real time: retries against a real
/// collector must wait for real.
/// </summary>
public sealed class ReplayClock : TimeProvider
{
    private long _utcTicks;

    /// <summary>Creates a clock that reads <paramref name="start"/> until advanced.</summary>
    public ReplayClock(DateTimeOffset start) => _utcTicks = start.UtcTicks;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward to <paramref name="time"/>; it never goes back.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _utcTicks);
            if (time.UtcTicks <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _utcTicks, time.UtcTicks, current) != current);
    }
}
