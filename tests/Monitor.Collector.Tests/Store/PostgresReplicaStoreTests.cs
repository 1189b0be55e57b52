using System.Diagnostics;
using Monitor.Collector.Configuration;
using Monitor.Collector.Store;

namespace Monitor.Collector.Tests.Store;

/// <summary>
/// Two stores on one PostgreSQL database, as two collector replicas have them: the alert lease
/// goes to one at a time, passes on when given up or expired, and each hears what the other
/// commits (LISTEN/NOTIFY), never its own.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReplicaStoreTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private PostgresIncidentStore _first = null!;
    private PostgresIncidentStore _second = null!;

    public async Task InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        _first = new PostgresIncidentStore(database, TimeProvider.System, new MergingOptions());
        _second = new PostgresIncidentStore(database, TimeProvider.System, new MergingOptions());
        await _first.InitializeAsync(default);
        await _second.InitializeAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task TryHoldLeaseAsync_HeldByOne_RefusesTheOtherUntilGivenUp()
    {
        Assert.True(await _first.TryHoldLeaseAsync("alerts", "first", TimeSpan.FromMinutes(1), default));
        Assert.False(await _second.TryHoldLeaseAsync("alerts", "second", TimeSpan.FromMinutes(1), default));
        Assert.True(await _first.TryHoldLeaseAsync("alerts", "first", TimeSpan.FromMinutes(1), default));
        Assert.Equal("first", await _second.LeaseHolderAsync("alerts", default));

        await _second.ReleaseLeaseAsync("alerts", "second", default);
        Assert.Equal("first", await _second.LeaseHolderAsync("alerts", default));
        await _first.ReleaseLeaseAsync("alerts", "first", default);

        Assert.Null(await _second.LeaseHolderAsync("alerts", default));
        Assert.True(await _second.TryHoldLeaseAsync("alerts", "second", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task TryHoldLeaseAsync_HolderStopsRenewing_TheOtherTakesItOnceItExpires()
    {
        var taken = Stopwatch.GetTimestamp();
        Assert.True(await _first.TryHoldLeaseAsync("alerts", "first", TimeSpan.FromSeconds(1), default));

        while (!await _second.TryHoldLeaseAsync("alerts", "second", TimeSpan.FromMinutes(1), default))
        {
            Assert.True(Stopwatch.GetElapsedTime(taken) < Bound, "the expired lease was never taken over");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        Assert.True(Stopwatch.GetElapsedTime(taken) >= TimeSpan.FromSeconds(0.9), $"taken over after {Stopwatch.GetElapsedTime(taken).TotalSeconds:0.00} s, before the lease ran out");
        Assert.False(await _first.TryHoldLeaseAsync("alerts", "first", TimeSpan.FromSeconds(1), default));
    }

    [Fact]
    public async Task ListenAsync_OtherReplicaCommits_IsHeardWithItsIncidentsButNotItsOwn()
    {
        var heard = new List<StoredChange>();
        var secondHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var listen = _first.ListenAsync(
            change =>
            {
                lock (heard)
                {
                    heard.Add(change);
                }

                if (change.IncidentIds.Contains(CtyIncident.Id))
                {
                    secondHeard.TrySetResult();
                }
            },
            listening.SetResult,
            TimeSpan.FromSeconds(30),
            stop.Token);
        await listening.Task.WaitAsync(Bound);

        var own = CtyIncident.Revision(1);
        own.IncidentId = "own-1";
        own.IdempotencyKey = "own-1/1";
        await _first.SaveRevisionsAsync(CtyIncident.Agent, [own], default);
        await _second.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        await secondHeard.Task.WaitAsync(Bound);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);

        // The first store's own commit came before the second's, on one channel: had it been heard, it would be here.
        lock (heard)
        {
            var change = Assert.Single(heard);
            Assert.Equal(StoredChangeKind.Revisions, change.Kind);
            Assert.Equal([CtyIncident.Id], change.IncidentIds);
        }
    }
}
