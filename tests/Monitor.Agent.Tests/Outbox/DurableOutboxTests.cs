using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Agent.Outbox;
using Monitor.Agent.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Tests.Outbox;

/// <summary>The outbox on disk: what survives a restart, a crash mid-write, and damage.</summary>
public sealed class DurableOutboxTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DurableOutbox Open(long segmentBytes = 4 * 1024 * 1024, long maxBytes = 256L * 1024 * 1024) =>
        new(new OutboxOptions { Path = _dir.Path, SegmentBytes = Math.Min(segmentBytes, maxBytes), MaxBytes = maxBytes }, new AgentMetrics(), NullLogger<DurableOutbox>.Instance);

    private static IncidentRevision Revision(long n) =>
        new() { IncidentId = "inc-1", Revision = n, IdempotencyKey = $"inc-1/{n}", Title = new string('x', 200) };

    private static async Task Append(DurableOutbox outbox, params long[] revisions)
    {
        foreach (var n in revisions)
        {
            await outbox.AppendAsync(Revision(n), CancellationToken.None);
        }
    }

    private static string[] Keys(IOutbox outbox) => [.. outbox.Peek(1000).Select(p => p.Revision.IdempotencyKey)];

    private string[] Segments() => [.. Directory.GetFiles(_dir.Path, "segment-*.log").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Reopen_AfterAppends_EverythingIsStillThereInOrder()
    {
        using (var outbox = Open())
        {
            await Append(outbox, 1, 2, 3);
        }

        using var reopened = Open();

        Assert.Equal(["inc-1/1", "inc-1/2", "inc-1/3"], Keys(reopened));
        Assert.Empty(reopened.Quarantined);
    }

    [Fact]
    public async Task Reopen_AfterAcknowledgements_AcknowledgedRevisionsAreNotSentAgain()
    {
        using (var outbox = Open())
        {
            await Append(outbox, 1, 2, 3);
            outbox.Acknowledge(["inc-1/1", "inc-1/3"]);
        }

        using var reopened = Open();

        Assert.Equal(["inc-1/2"], Keys(reopened));
    }

    [Fact]
    public async Task Acknowledge_EveryRecordOfAClosedSegment_DeletesItsFile()
    {
        using var outbox = Open(segmentBytes: 600);
        await Append(outbox, 1, 2, 3, 4, 5);
        var before = Segments();

        outbox.Acknowledge(["inc-1/1", "inc-1/2", "inc-1/3", "inc-1/4"]);

        Assert.True(before.Length >= 3, $"expected several segments, got {before.Length}");
        Assert.True(Segments().Length < before.Length);
        Assert.Equal(["inc-1/5"], Keys(outbox));
    }

    [Fact]
    public async Task Reopen_TornLastRecord_SendsTheRestQuarantinesTheTailAndKeepsAppending()
    {
        using (var outbox = Open())
        {
            await Append(outbox, 1, 2);
        }

        var segment = Segments().Single();
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 7); // the crash cut the last write short
        }

        using var reopened = Open();

        Assert.Equal(["inc-1/1"], Keys(reopened));
        var quarantined = Assert.Single(reopened.Quarantined);
        Assert.Contains("torn last record", quarantined.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(quarantined.SavedAs));
        await Append(reopened, 3);
        reopened.Dispose();
        using var again = Open();
        Assert.Equal(["inc-1/1", "inc-1/3"], Keys(again));
        Assert.Empty(again.Quarantined);
    }

    [Fact]
    public async Task Reopen_CorruptRecordInTheMiddle_QuarantinesItAndSendsTheOthers()
    {
        using (var outbox = Open())
        {
            await Append(outbox, 1, 2, 3);
        }

        var segment = Segments().Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        var recordLength = bytes.Length / 3;
        bytes[recordLength + OutboxRecord.HeaderBytes + 10] ^= 0xFF; // damage record 2's payload
        await File.WriteAllBytesAsync(segment, bytes);

        using var reopened = Open();

        Assert.Equal(["inc-1/1", "inc-1/3"], Keys(reopened));
        var quarantined = Assert.Single(reopened.Quarantined);
        Assert.Equal((recordLength, (long)recordLength), (quarantined.Offset, quarantined.Bytes));
        Assert.Contains("corrupt record", quarantined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopen_LedgerNamesAMissingSegment_ReportsItAndSendsTheRest()
    {
        using (var outbox = Open(segmentBytes: 600))
        {
            await Append(outbox, 1, 2, 3, 4, 5);
        }

        File.Delete(Segments()[0]);

        using var reopened = Open();

        var missing = Assert.Single(reopened.Quarantined);
        Assert.Contains("named by the ledger is missing", missing.Reason, StringComparison.Ordinal);
        Assert.Contains("inc-1/5", Keys(reopened));
        Assert.DoesNotContain("inc-1/1", Keys(reopened));
    }

    [Fact]
    public async Task Reopen_DamagedLedger_ResendsEverythingAndSaysSo()
    {
        using (var outbox = Open())
        {
            await Append(outbox, 1, 2);
            outbox.Acknowledge(["inc-1/1"]);
        }

        await File.WriteAllTextAsync(Path.Combine(_dir.Path, OutboxLedger.FileName), "{\"segments\": [\"segm");

        using var reopened = Open();

        Assert.Equal(["inc-1/1", "inc-1/2"], Keys(reopened));
        Assert.Contains("ledger unreadable", Assert.Single(reopened.Quarantined).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_PastTheSizeBound_FailsLoudlyAndKeepsWhatIsStored()
    {
        using var outbox = Open(maxBytes: 1_000);
        await Append(outbox, 1, 2, 3, 4);

        var error = await Assert.ThrowsAsync<OutboxWriteException>(() => Append(outbox, 5, 6, 7, 8));

        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        Assert.NotNull(outbox.LastWriteError);
        Assert.Equal(["inc-1/1", "inc-1/2", "inc-1/3", "inc-1/4"], Keys(outbox));
    }

    [Fact]
    public async Task Park_RefusedRevision_IsKeptAsideAndNotSentAfterARestart()
    {
        using (var outbox = Open())
        {
            await Append(outbox, 1, 2);
            outbox.Park(outbox.Peek(1)[0], "revisions[0].incident_id is required");
        }

        using var reopened = Open();

        Assert.Equal(["inc-1/2"], Keys(reopened));
        Assert.True(new FileInfo(Path.Combine(_dir.Path, "parked.log")).Length > 0);
    }

    [Fact]
    public async Task WaitUntilEmptyAsync_AfterRecoveryWithWork_CompletesOnlyWhenAcknowledged()
    {
        using (var outbox = Open())
        {
            await Append(outbox, 1);
        }

        using var reopened = Open();
        var empty = reopened.WaitUntilEmptyAsync(CancellationToken.None);
        Assert.False(empty.IsCompleted);

        reopened.Acknowledge(["inc-1/1"]);

        await empty.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
