using Monitor.Collector.Alerting;
using Monitor.Collector.Store;

namespace Monitor.Collector.Tests.Alerting;

/// <summary>The changes the alert loop takes: each incident once, one of each push in turn.</summary>
public sealed class AlertRoundSignalTests
{
    [Fact]
    public void Take_OnePushOfManyThenOneOfOne_PutsTheSmallPushSecondNotLast()
    {
        var signal = new AlertRoundSignal();
        signal.Notify([.. Enumerable.Range(1, 1000).Select(i => $"hostile-{i}")]);
        signal.Notify(["honest-1"]);
        signal.Notify(["hostile-2", "honest-2"]);

        var taken = signal.Take()!.ToList();

        Assert.Equal(["hostile-1", "honest-1", "hostile-2", "honest-2", "hostile-3"], taken.Take(5));
        Assert.Equal(1002, taken.Count);
        Assert.Equal(taken.Count, taken.Distinct().Count());
    }

    [Fact]
    public async Task Take_AfterEverythingWasAsked_ReturnsNullOnceThenWhatChangedSince()
    {
        var signal = new AlertRoundSignal();
        signal.Notify(["a"]);
        signal.NotifyEverything();
        await signal.WaitAsync(default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(signal.Take());
        signal.Notify(["b"]);
        Assert.Equal(["b"], signal.Take()!);
        Assert.Empty(signal.Take()!);
    }

    [Fact]
    public void InTurnByAgent_OneAgentsThousandThenAnothersOne_PutsTheOtherSecond()
    {
        var candidates = Enumerable.Range(1, 1000).Select(i => new AlertCandidate($"hostile-{i}", "hostile"))
            .Append(new AlertCandidate("honest-1", "honest"))
            .Append(new AlertCandidate("honest-2", "honest"))
            .ToList();

        var inTurn = AlertDispatcher.InTurnByAgent(candidates);

        Assert.Equal(["hostile-1", "honest-1", "hostile-2", "honest-2", "hostile-3"], inTurn.Take(5));
        Assert.Equal(1002, inTurn.Distinct().Count());
    }
}
