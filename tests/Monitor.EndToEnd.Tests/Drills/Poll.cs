using System.Diagnostics;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// Asks again and again until the answer is yes; the bound is a failure bound, not a wait: the
/// drill goes on as soon as the condition holds.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan bound, Func<string> failure)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > bound)
            {
                throw new TimeoutException($"not within {bound.TotalSeconds:0} s: {failure()}");
            }

            await Task.Delay(Interval, TimeProvider.System);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan bound, Func<string> failure) =>
        UntilAsync(() => Task.FromResult(condition()), bound, failure);
}
