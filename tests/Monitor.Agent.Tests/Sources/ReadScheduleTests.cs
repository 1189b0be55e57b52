using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Tests.Sources;

/// <summary>
/// A source's ticks keep PeriodicTimer's rules (a tick missed while reading is kept, several are
/// one, a cancelled wait throws, disposing ends the loop) and run the read on the timer's thread;
/// the sources at one interval share one timer, and one whose read hangs holds no other.
/// </summary>
public sealed class ReadScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task WaitForNextTick_TimerFires_TheReadRunsOnTheThreadTheTimerFiredOn()
    {
        var clock = new FakeTimeProvider();
        using var ticks = new ReadSchedule(clock).Every(Interval);
        var readOn = -1;
        var advancedOn = -2;
        var loop = ReadAfterTick();

        // The fake clock fires its timers on the thread that moves it: a pool thread, with no
        // synchronization context, like the timer's own in the agent.
        await Task.Run(() =>
        {
            advancedOn = Environment.CurrentManagedThreadId;
            clock.Advance(Interval);
            Assert.True(loop.IsCompletedSuccessfully); // run inside Advance, not queued
        });

        Assert.Equal(advancedOn, readOn);
        await loop;

        async Task ReadAfterTick()
        {
            // As in the agent, where no synchronization context captures the continuation.
            Assert.True(await ticks.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false));
            readOn = Environment.CurrentManagedThreadId;
        }
    }

    [Fact]
    public async Task WaitForNextTick_TicksCameWhileReading_ReturnsAtOnceForThemAllThenWaits()
    {
        var clock = new FakeTimeProvider();
        using var ticks = new ReadSchedule(clock).Every(Interval);

        clock.Advance(Interval * 3);

        Assert.True(await ticks.WaitForNextTickAsync(CancellationToken.None));
        var next = ticks.WaitForNextTickAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await next);
    }

    [Fact]
    public async Task WaitForNextTick_Cancelled_ThrowsAndTheNextWaitStillTicks()
    {
        var clock = new FakeTimeProvider();
        using var ticks = new ReadSchedule(clock).Every(Interval);
        using var stopping = new CancellationTokenSource();

        var waiting = ticks.WaitForNextTickAsync(stopping.Token);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ticks.WaitForNextTickAsync(stopping.Token));
        var next = ticks.WaitForNextTickAsync(CancellationToken.None);
        clock.Advance(Interval);
        Assert.True(await next);
    }

    [Fact]
    public async Task Dispose_EndsTheWaitInProgressAndEveryLaterOneWithFalse()
    {
        var clock = new FakeTimeProvider();
        var ticks = new ReadSchedule(clock).Every(Interval);
        var waiting = ticks.WaitForNextTickAsync(CancellationToken.None);

        ticks.Dispose();
        clock.Advance(Interval);

        Assert.False(await waiting);
        Assert.False(await ticks.WaitForNextTickAsync(CancellationToken.None));
    }

    [Fact]
    public void WaitForNextTick_TwoWaitsAtOnce_IsRefused()
    {
        var clock = new FakeTimeProvider();
        using var ticks = new ReadSchedule(clock).Every(Interval);
        _ = ticks.WaitForNextTickAsync(CancellationToken.None);

        var error = Assert.Throws<InvalidOperationException>(() => { _ = ticks.WaitForNextTickAsync(CancellationToken.None); });
        Assert.Contains("one read loop at a time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_TwoSourcesAtOneInterval_TickTogetherTheSecondOnAThreadOfItsOwn()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ReadSchedule(clock);
        using var first = schedule.Every(Interval);
        using var second = schedule.Every(Interval);
        using var slower = schedule.Every(Interval * 2);
        var firstTick = first.WaitForNextTickAsync(CancellationToken.None);
        var secondTick = second.WaitForNextTickAsync(CancellationToken.None);
        var slowerTick = slower.WaitForNextTickAsync(CancellationToken.None);

        clock.Advance(Interval);

        Assert.True(firstTick.IsCompletedSuccessfully); // on this thread, inside Advance
        Assert.True(await secondTick.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(slowerTick.IsCompleted);
        clock.Advance(Interval);
        Assert.True(await slowerTick.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Every_FirstSourcesReadHangsOnTheTimersThread_TheOtherStillReads()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ReadSchedule(clock);
        using var hanging = schedule.Every(Interval);
        using var other = schedule.Every(Interval);
        using var release = new ManualResetEventSlim();
        var hung = HangAfterTick();
        var otherTick = other.WaitForNextTickAsync(CancellationToken.None);

        // The fake clock runs the first read inside Advance: moved on a thread of its own.
        var advancing = Task.Run(() => clock.Advance(Interval));

        Assert.True(await otherTick.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(advancing.IsCompleted);
        release.Set();
        await advancing.WaitAsync(TimeSpan.FromSeconds(30));
        await hung;

        async Task HangAfterTick()
        {
            await hanging.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false);
            release.Wait(TimeSpan.FromSeconds(30)); // a read stuck in a sysfs file, until released
        }
    }

    [Fact]
    public async Task Every_AfterTheLastSourceAtAnIntervalLeft_ANewOneStartsItsOwnTimer()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ReadSchedule(clock);
        schedule.Every(Interval).Dispose();
        clock.Advance(Interval / 2);

        using var later = schedule.Every(Interval);
        var tick = later.WaitForNextTickAsync(CancellationToken.None);
        clock.Advance(Interval / 2);
        Assert.False(tick.IsCompleted); // not the old timer's phase
        clock.Advance(Interval / 2);
        Assert.True(await tick);
    }
}
