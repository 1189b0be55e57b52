using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Monitor.Agent.Clocks;
using Monitor.Agent.Delivery;
using Monitor.Agent.Health;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// What the delivery worker does with each answer of the collector (a gRPC server of the test's
/// own, plaintext h2c): nothing leaves the outbox unacknowledged, refusals are reported and
/// retried, malformed revisions parked, and no push exceeds MaxMessageBytes.
/// </summary>
public sealed class DeliveryWorkerTests
{
    private const int Limit = CollectorEndpointOptions.MinMessageBytes;

    [Theory]
    [InlineData(StatusCode.Unauthenticated)]
    [InlineData(StatusCode.PermissionDenied)]
    public async Task DeliverOnce_CollectorRefusesTheAgent_KeepsTheRevisionsBacksOffAndSaysWhatToCheck(StatusCode refusal)
    {
        await using var collector = await TestCollector.StartAsync();
        using var rig = new DeliveryRig(DeliveryRig.Collectors(collector.Address));
        await rig.AppendAsync(TestRevisions.Make("inc-a", 1), TestRevisions.Make("inc-a", 2));
        collector.Refusals.Enqueue(refusal);

        var wait = await rig.DeliverOnceAsync();

        Assert.True(wait > TimeSpan.Zero);
        Assert.Equal(2, rig.Outbox.Count);
        Assert.Empty(rig.Outbox.Parked);
        Assert.Single(collector.Received);
        var error = Assert.Single(rig.Logs.Messages, m => m.Contains(refusal.ToString(), StringComparison.Ordinal));
        Assert.Contains("Agent:Collector:CertificatePath", error, StringComparison.Ordinal);
        Assert.Contains("Agent:Collector:TokenFile", error, StringComparison.Ordinal);
        Assert.Contains("Collector:Agents", error, StringComparison.Ordinal);
        Assert.Contains("'mail01.cty' of site 'cty'", error, StringComparison.Ordinal);
        var health = await Health(rig);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains(refusal.ToString(), health.Description, StringComparison.Ordinal);

        // Fixed on the collector: the next round delivers, and health recovers.
        Assert.Equal(TimeSpan.Zero, await rig.DeliverOnceAsync());
        Assert.Equal(0, rig.Outbox.Count);
        Assert.Equal(["inc-a/1", "inc-a/2"], collector.Acknowledged);
        Assert.Equal(HealthStatus.Healthy, (await Health(rig)).Status);
    }

    [Fact]
    public async Task Run_CollectorLimitingPushes_BacksOffAndRetriesUntilAllAreStored()
    {
        await using var collector = await TestCollector.StartAsync();
        using var rig = new DeliveryRig(DeliveryRig.Collectors(collector.Address));
        collector.Refusals.Enqueue(StatusCode.ResourceExhausted);
        collector.Refusals.Enqueue(StatusCode.ResourceExhausted);
        await rig.AppendAsync(TestRevisions.Make("inc-a", 1), TestRevisions.Make("inc-a", 2));

        await rig.Worker.StartAsync(CancellationToken.None);
        await rig.Outbox.WaitUntilEmptyAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        await rig.Worker.StopAsync(CancellationToken.None);

        // Two refusals, one push each (no retry stacked on the worker's), then the push that went through.
        Assert.Equal(3, collector.Received.Count);
        Assert.Equal(["inc-a/1", "inc-a/2"], collector.Acknowledged);
        Assert.Empty(rig.Outbox.Parked);

        // Backed off 0.5-1 s, then 1-2 s, on the wall clock.
        Assert.InRange(rig.Clock.Driven, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3));
        Assert.Equal(2, rig.Logs.Messages.Count(m => m.Contains("is limiting this agent's pushes", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DeliverOnce_BatchLargerThanMaxMessageBytes_IsSplitSoNoPushExceedsIt()
    {
        await using var collector = await TestCollector.StartAsync(maxReceiveMessageSize: Limit);
        var options = DeliveryRig.Collectors(collector.Address);
        options.MaxMessageBytes = Limit;
        using var rig = new DeliveryRig(options);
        var revisions = Enumerable.Range(1, 20).Select(n => TestRevisions.Make("inc-a", n, padding: 8_000)).ToArray();
        await rig.AppendAsync(revisions);

        Assert.Equal(TimeSpan.Zero, await rig.DeliverOnceAsync());

        Assert.Equal(0, rig.Outbox.Count);
        Assert.Equal(revisions.Select(r => r.IdempotencyKey), collector.Acknowledged);
        Assert.True(collector.Received.Count >= 3, $"{collector.Received.Count} pushes for 160 KB");
        Assert.All(collector.Received, push => Assert.InRange(push.Bytes, 1, Limit));

        // Sent whole, the same batch is refused: the split is what got it through.
        var whole = await Assert.ThrowsAsync<RpcException>(() => rig.PushAsync(revisions));
        Assert.Equal(StatusCode.ResourceExhausted, whole.StatusCode);
    }

    [Fact]
    public async Task DeliverOnce_RevisionLargerThanMaxMessageBytes_IsParkedWithTheReasonAndTheOthersDelivered()
    {
        await using var collector = await TestCollector.StartAsync(maxReceiveMessageSize: Limit);
        var options = DeliveryRig.Collectors(collector.Address);
        options.MaxMessageBytes = Limit;
        using var rig = new DeliveryRig(options);
        await rig.AppendAsync(TestRevisions.Make("inc-a", 1), TestRevisions.Make("inc-b", 1, padding: 100_000), TestRevisions.Make("inc-a", 2));

        Assert.Equal(TimeSpan.Zero, await rig.DeliverOnceAsync());

        var parked = Assert.Single(rig.Outbox.Parked);
        Assert.Equal("inc-b/1", parked.Revision.IdempotencyKey);
        Assert.Equal(["inc-a/1", "inc-a/2"], collector.Acknowledged);
        Assert.DoesNotContain(collector.Received, push => push.Request.Revisions.Any(r => r.IncidentId == "inc-b"));
        Assert.Contains(rig.Logs.Messages, m => m.Contains("inc-b/1", StringComparison.Ordinal)
            && m.Contains($"over Agent:Collector:MaxMessageBytes ({Limit})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeliverOnce_CollectorRefusesOneRevisionAsMalformed_ParksOnlyThatOne()
    {
        await using var collector = await TestCollector.StartAsync();
        collector.Refuse = request => request.Revisions.Any(r => r.IncidentId == "inc-b")
            ? new Status(StatusCode.InvalidArgument, "revisions[0].title is longer than 4096 bytes")
            : null;
        using var rig = new DeliveryRig(DeliveryRig.Collectors(collector.Address));
        await rig.AppendAsync(TestRevisions.Make("inc-a", 1), TestRevisions.Make("inc-b", 1), TestRevisions.Make("inc-a", 2));

        Assert.Equal(TimeSpan.Zero, await rig.DeliverOnceAsync());

        Assert.Equal("inc-b/1", Assert.Single(rig.Outbox.Parked).Revision.IdempotencyKey);
        Assert.Equal(["inc-a/1", "inc-a/2"], collector.Acknowledged);
        Assert.Equal(0, rig.Outbox.Count);
    }

    [Fact]
    public async Task DeliverOnce_NoCollectorListening_KeepsEverythingAndBacksOff()
    {
        using var rig = new DeliveryRig(DeliveryRig.Collectors($"http://127.0.0.1:{ClosedPort()}"));
        await rig.AppendAsync(TestRevisions.Make("inc-a", 1));

        var wait = await rig.DeliverOnceAsync();

        Assert.True(wait > TimeSpan.Zero);
        Assert.Equal(1, rig.Outbox.Count);
        Assert.Empty(rig.Outbox.Parked);
        Assert.Null(rig.Health.Refusal);
        Assert.Contains(rig.Logs.Messages, m => m.Contains("collector unreachable", StringComparison.Ordinal)
            && m.Contains("1 revisions kept", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_PushesFailingLongerThanUnhealthyAfter_IsUnhealthyThenHealthyOnceOneGoesThrough()
    {
        await using var collector = await TestCollector.StartAsync();
        collector.Refuse = _ => new Status(StatusCode.Internal, "database or disk is full");
        using var rig = new DeliveryRig(DeliveryRig.Collectors(collector.Address));
        await rig.AppendAsync(TestRevisions.Make("inc-a", 1));

        await rig.DeliverOnceAsync();
        var starting = await Health(rig);
        Assert.Equal(HealthStatus.Degraded, starting.Status);
        Assert.StartsWith("pushes failing since ", starting.Description, StringComparison.Ordinal);

        rig.Clock.Advance(rig.Options.Collector.UnhealthyAfter);
        await rig.DeliverOnceAsync();
        var lasting = await Health(rig);
        Assert.Equal(HealthStatus.Unhealthy, lasting.Status);
        Assert.StartsWith("no revision has reached the collector for 5 min (since ", lasting.Description, StringComparison.Ordinal);
        Assert.Contains("database or disk is full", lasting.Description, StringComparison.Ordinal);
        Assert.EndsWith("; 1 revisions kept", lasting.Description, StringComparison.Ordinal);

        // The collector recovers: the next push goes through and health is whole again.
        collector.Refuse = null;
        Assert.Equal(TimeSpan.Zero, await rig.DeliverOnceAsync());
        Assert.Equal(HealthStatus.Healthy, (await Health(rig)).Status);
    }

    /// <summary>A port nothing listens on: bound once by the test, then released.</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<HealthCheckResult> Health(DeliveryRig rig) =>
        new AgentHealthCheck(new SourceHealth(), rig.Outbox, rig.Health, new WallClock(rig.Clock), rig.Options.Collector).CheckHealthAsync(new HealthCheckContext());
}
