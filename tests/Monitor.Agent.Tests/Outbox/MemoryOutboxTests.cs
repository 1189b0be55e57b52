using Monitor.Agent.Outbox;
using Monitor.Agent.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Tests.Outbox;

public sealed class MemoryOutboxTests
{
    private static IncidentRevision Revision(string id, long n) =>
        new() { IncidentId = id, Revision = n, IdempotencyKey = $"{id}/{n}" };

    [Fact]
    public async Task Peek_KeepsAppendOrderAndRemovesNothing()
    {
        var outbox = new MemoryOutbox(new AgentMetrics());
        await outbox.AppendAsync(Revision("a", 1), CancellationToken.None);
        await outbox.AppendAsync(Revision("b", 1), CancellationToken.None);
        await outbox.AppendAsync(Revision("a", 2), CancellationToken.None);

        var first = outbox.Peek(2);

        Assert.Equal(["a/1", "b/1"], first.Select(p => p.Revision.IdempotencyKey));
        Assert.Equal(3, outbox.Count);
    }

    [Fact]
    public async Task Acknowledge_RemovesOnlyTheAcknowledgedKeys()
    {
        var outbox = new MemoryOutbox(new AgentMetrics());
        await outbox.AppendAsync(Revision("a", 1), CancellationToken.None);
        await outbox.AppendAsync(Revision("a", 2), CancellationToken.None);

        outbox.Acknowledge(["a/1", "zzz/9"]);

        Assert.Equal("a/2", Assert.Single(outbox.Peek(10)).Revision.IdempotencyKey);
    }

    [Fact]
    public async Task Park_MovesTheRevisionAsideWithoutLosingIt()
    {
        var outbox = new MemoryOutbox(new AgentMetrics());
        await outbox.AppendAsync(Revision("a", 1), CancellationToken.None);
        var pending = outbox.Peek(1)[0];

        outbox.Park(pending, "revisions[0].incident_id is required");

        Assert.Equal(0, outbox.Count);
        Assert.Same(pending, Assert.Single(outbox.Parked));
    }

    [Fact]
    public async Task WaitUntilEmptyAsync_CompletesOnlyWhenEverythingIsAcknowledged()
    {
        var outbox = new MemoryOutbox(new AgentMetrics());
        await outbox.AppendAsync(Revision("a", 1), CancellationToken.None);
        await outbox.AppendAsync(Revision("a", 2), CancellationToken.None);
        var empty = outbox.WaitUntilEmptyAsync(CancellationToken.None);

        outbox.Acknowledge(["a/1"]);
        Assert.False(empty.IsCompleted);
        outbox.Acknowledge(["a/2"]);

        await empty.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(empty.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForRevisionsAsync_CompletesWhenSomethingIsAppended()
    {
        var outbox = new MemoryOutbox(new AgentMetrics());
        var waiting = outbox.WaitForRevisionsAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        await outbox.AppendAsync(Revision("a", 1), CancellationToken.None);

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(waiting.IsCompletedSuccessfully);
    }
}
