using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// A fake wall clock that moves by itself through short waits only: each timer of at most
/// <see cref="MaxStep"/> that the code under test starts (a retry delay, a back-off) is run out
/// at once by a background pump. Longer timers (per-attempt timeouts) never fire by themselves,
/// and long moves (PreferPrimaryAfter) are the test's to make with Advance. So Polly and the
/// delivery loop go through their waits without the test sleeping, and without real time passing.
/// </summary>
internal sealed class DrivenClock : FakeTimeProvider, IDisposable
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();
    private readonly Task _pump;
    private long _drivenTicks;

    public DrivenClock(TimeSpan maxStep)
        : base(TimeProvider.System.GetUtcNow())
    {
        MaxStep = maxStep;
        _pump = Task.Run(async () =>
        {
            await foreach (var wait in _waits.Reader.ReadAllAsync())
            {
                Interlocked.Add(ref _drivenTicks, wait.Ticks);
                Advance(wait);
            }
        });
    }

    /// <summary>Longest wait the clock runs out by itself.</summary>
    public TimeSpan MaxStep { get; }

    /// <summary>Time the pump has moved the clock by, in all.</summary>
    public TimeSpan Driven => TimeSpan.FromTicks(Interlocked.Read(ref _drivenTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= MaxStep)
        {
            _waits.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    public void Dispose()
    {
        _waits.Writer.TryComplete();
        _pump.Wait(TimeSpan.FromSeconds(10));
    }
}
