using Grpc.Core;
using Monitor.Agent.Delivery;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// Several collectors: real ones (Monitor.Collector in process, plaintext h2c) where a revision
/// counts as delivered when it is stored, and the time to go back to the primary driven on a fake
/// wall clock.
/// </summary>
public sealed class CollectorFailoverTests
{
    private static readonly TimeSpan PreferPrimaryAfter = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Deliver_PrimaryDown_RevisionsArriveAtTheSecondary_ThenGoBackToThePrimaryAfterPreferPrimaryAfter()
    {
        var port = DeliveryWorkerTests.ClosedPort();
        var primaryAddress = $"http://127.0.0.1:{port}";
        await using var secondary = await RealCollector.StartAsync();
        var options = DeliveryRig.Collectors(primaryAddress, secondary.Address);
        options.PreferPrimaryAfter = PreferPrimaryAfter;
        using var rig = new DeliveryRig(options);

        // The primary's port is closed: the same push goes to the secondary.
        await rig.AppendAsync(TestRevisions.Make("inc-a", 1), TestRevisions.Make("inc-a", 2), TestRevisions.Make("inc-a", 3));
        Assert.Equal(TimeSpan.Zero, await rig.DeliverOnceAsync());
        Assert.Equal(0, rig.Outbox.Count);
        Assert.Equal(["inc-a/1", "inc-a/2", "inc-a/3"], await secondary.StoredKeysAsync());
        Assert.Equal(secondary.Address, rig.Client.Current);
        Assert.Equal(1, rig.Metrics.CollectorCurrent.WithLabels(secondary.Address).Value);
        Assert.Equal(0, rig.Metrics.CollectorCurrent.WithLabels(primaryAddress).Value);
        Assert.Contains(rig.Logs.Messages, m => m.Contains($"Delivering to collector {secondary.Address} now (was {primaryAddress})", StringComparison.Ordinal));

        // The primary is back, but the agent stays where it is until PreferPrimaryAfter has passed.
        await using var primary = await RealCollector.StartAsync(port);
        await rig.AppendAsync(TestRevisions.Make("inc-a", 4));
        await rig.DeliverOnceAsync();
        Assert.Equal(["inc-a/1", "inc-a/2", "inc-a/3", "inc-a/4"], await secondary.StoredKeysAsync());
        Assert.Empty(await primary.StoredKeysAsync());

        rig.Clock.Advance(PreferPrimaryAfter);
        await rig.AppendAsync(TestRevisions.Make("inc-a", 5));
        Assert.Equal(TimeSpan.Zero, await rig.DeliverOnceAsync());
        Assert.Equal(["inc-a/5"], await primary.StoredKeysAsync());
        Assert.Equal(4, (await secondary.StoredKeysAsync()).Count);
        Assert.Equal(primaryAddress, rig.Client.Current);
        Assert.Equal(1, rig.Metrics.CollectorCurrent.WithLabels(primaryAddress).Value);
        Assert.Equal(0, rig.Metrics.CollectorCurrent.WithLabels(secondary.Address).Value);
    }

    [Fact]
    public async Task Deliver_PrimaryStillDownAfterPreferPrimaryAfter_StaysOnTheSecondary()
    {
        var primaryAddress = $"http://127.0.0.1:{DeliveryWorkerTests.ClosedPort()}";
        await using var secondary = await RealCollector.StartAsync();
        var options = DeliveryRig.Collectors(primaryAddress, secondary.Address);
        options.PreferPrimaryAfter = PreferPrimaryAfter;
        using var rig = new DeliveryRig(options);
        await rig.AppendAsync(TestRevisions.Make("inc-a", 1));
        await rig.DeliverOnceAsync();

        rig.Clock.Advance(PreferPrimaryAfter);
        await rig.AppendAsync(TestRevisions.Make("inc-a", 2));

        Assert.Equal(TimeSpan.Zero, await rig.DeliverOnceAsync());
        Assert.Equal(["inc-a/1", "inc-a/2"], await secondary.StoredKeysAsync());
        Assert.Equal(secondary.Address, rig.Client.Current);
        Assert.Contains(rig.Logs.Messages, m => m.Contains($"Trying the primary collector {primaryAddress} again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Push_EveryCollectorAnswersUnavailable_AtMostFourAttemptsEachThenUnreachable()
    {
        await using var first = await TestCollector.StartAsync();
        await using var second = await TestCollector.StartAsync();
        first.Refuse = second.Refuse = _ => new Status(StatusCode.Unavailable, "shutting down");
        using var rig = new DeliveryRig(DeliveryRig.Collectors(first.Address, second.Address));

        var error = await Assert.ThrowsAsync<CollectorUnreachableException>(() => rig.PushAsync(TestRevisions.Make("inc-a", 1)));

        // gRPC's retry (2 attempts) inside each of Polly's 2 calls, once per collector, and no more.
        var worstCase = PushResilience.GrpcAttempts * PushResilience.PollyAttempts;
        Assert.Equal(4, worstCase);
        Assert.Equal(worstCase, first.Received.Count);
        Assert.Equal(worstCase, second.Received.Count);
        Assert.Contains(first.Address, error.Message, StringComparison.Ordinal);
        Assert.Contains(second.Address, error.Message, StringComparison.Ordinal);
        Assert.Contains("shutting down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_CollectorRefusesTheAgent_IsNotFailedOverFrom()
    {
        await using var first = await TestCollector.StartAsync();
        await using var second = await TestCollector.StartAsync();
        first.Refusals.Enqueue(StatusCode.PermissionDenied);
        using var rig = new DeliveryRig(DeliveryRig.Collectors(first.Address, second.Address));

        var error = await Assert.ThrowsAsync<RpcException>(() => rig.PushAsync(TestRevisions.Make("inc-a", 1)));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Single(first.Received);
        Assert.Empty(second.Received);
        Assert.Equal(first.Address, rig.Client.Current);
    }
}
