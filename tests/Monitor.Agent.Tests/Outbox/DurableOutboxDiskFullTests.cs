using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Clocks;
using Monitor.Agent.Delivery;
using Monitor.Agent.Health;
using Monitor.Agent.Outbox;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Tests.Outbox;

/// <summary>
/// Issue 13, severe 4: the outbox's disk filled while the collector acknowledged, the ledger
/// write threw inside Acknowledge and the agent exited, leaving a 0-byte ledger.json.tmp. On a
/// real tmpfs filled to the brim and emptied again: health degrades, nothing throws, nothing
/// stored is lost, and the outbox writes its ledger by itself once space is back.
/// </summary>
public sealed class DurableOutboxDiskFullTests : IDisposable
{
    private readonly SmallTmpfs _disk = new(256 * 1024);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AgentMetrics _metrics = new();

    public void Dispose() => _disk.Dispose();

    [Fact]
    public async Task Acknowledge_DiskFull_DegradesKeepsRunningAndRecoversWhenSpaceReturns()
    {
        var path = Path.Combine(_disk.Path, "outbox");
        var outbox = Open(path);
        for (var n = 1; n <= 6; n++)
        {
            await outbox.AppendAsync(Revision(n), CancellationToken.None);
        }

        _disk.Fill();

        // Revisions 1-3 share the first segment: no file can be deleted to make room.
        outbox.Acknowledge(["inc-1/1", "inc-1/2"]);

        Assert.Equal(["inc-1/3", "inc-1/4", "inc-1/5", "inc-1/6"], Keys(outbox));
        var health = new AgentHealthCheck(new SourceHealth(), outbox, new DeliveryHealth(), new WallClock(TimeProvider.System), new CollectorEndpointOptions());
        var degraded = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("ledger not written (No space left on device", degraded.Description);
        Assert.Contains("acknowledgements are kept in memory", outbox.LastWriteError);
        Assert.Contains("No space left on device", outbox.LastWriteError);
        Assert.False(File.Exists(Path.Combine(path, OutboxLedger.FileName + ".tmp")), "a ledger.json.tmp was left behind");
        Assert.True(_metrics.OutboxWriteFailures.Value >= 1);

        // A second acknowledgement while still full is kept as well.
        outbox.Acknowledge(["inc-1/4", "inc-1/3"]);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(outbox.LastWriteError);

        _disk.Empty();
        _time.Advance(DurableOutbox.LedgerRetryInterval);

        Assert.Null(outbox.LastWriteError);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(["inc-1/5", "inc-1/6"], Keys(outbox));
        outbox.Dispose();
        using var reopened = Open(path);
        Assert.Equal(["inc-1/5", "inc-1/6"], Keys(reopened));
        Assert.Empty(reopened.Quarantined);
    }

    [Fact]
    public async Task Append_DiskFull_LeavesNoTornRecordAndTheNextAppendIsReadBack()
    {
        var path = Path.Combine(_disk.Path, "outbox");
        var outbox = Open(path, segmentBytes: 1024 * 1024);
        await outbox.AppendAsync(Revision(1), CancellationToken.None);

        _disk.Fill();
        await Assert.ThrowsAsync<OutboxWriteException>(async () => await outbox.AppendAsync(Revision(2, new string('y', 20_000)), CancellationToken.None));
        Assert.NotNull(outbox.LastWriteError);
        _disk.Empty();
        await outbox.AppendAsync(Revision(3), CancellationToken.None);

        Assert.Null(outbox.LastWriteError);
        outbox.Dispose();
        using var reopened = Open(path);
        Assert.Equal(["inc-1/1", "inc-1/3"], Keys(reopened));
        Assert.Empty(reopened.Quarantined);
    }

    private DurableOutbox Open(string path, long segmentBytes = 2048) =>
        new(new OutboxOptions { Path = path, SegmentBytes = segmentBytes }, _metrics, NullLogger<DurableOutbox>.Instance, new WallClock(_time));

    private static IncidentRevision Revision(long n, string? title = null) =>
        new() { IncidentId = "inc-1", Revision = n, IdempotencyKey = $"inc-1/{n}", Title = title ?? new string('x', 600) };

    private static string[] Keys(IOutbox outbox) => [.. outbox.Peek(1000).Select(p => p.Revision.IdempotencyKey)];
}
