namespace Monitor.Agent.Clocks;

/// <summary>
/// Real time, for what talks to the real world (gRPC deadlines, retry back-off, replay pacing)
/// even while the pipeline runs on a replay's virtual time. Tests pass a fake one.
/// </summary>
/// <param name="Time">The provider.</param>
public sealed record WallClock(TimeProvider Time);
