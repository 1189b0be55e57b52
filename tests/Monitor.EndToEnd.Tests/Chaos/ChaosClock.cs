namespace Monitor.EndToEnd.Tests.Chaos;

/// <summary>The run's one clock: seconds since the chaos started, from the TimeProvider's timestamp.</summary>
internal sealed class ChaosClock(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();

    public TimeProvider Time => time;

    /// <summary>Time since the run started.</summary>
    public TimeSpan Now => time.GetElapsedTime(_started);

    /// <summary>Run time of a timestamp of the same provider (e.g. a webhook's arrival).</summary>
    public TimeSpan At(long timestamp) => time.GetElapsedTime(_started, timestamp);

    /// <summary>Waits until <paramref name="at"/> since the start (at once when it has passed).</summary>
    public Task UntilAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        var left = at - Now;
        return left > TimeSpan.Zero ? Task.Delay(left, time, cancellationToken) : Task.CompletedTask;
    }
}
