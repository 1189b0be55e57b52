namespace Monitor.Benchmarks;

/// <summary>A clock that moves only when told, like the source interval would.</summary>
internal sealed class SteppingClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Step(TimeSpan by) => _now += by;
}
