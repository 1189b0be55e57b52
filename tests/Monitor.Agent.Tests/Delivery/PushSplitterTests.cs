using Monitor.Agent.Delivery;
using Monitor.Agent.Outbox;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>Batches are cut so no push exceeds MaxMessageBytes, in order, each as full as it can be.</summary>
public sealed class PushSplitterTests
{
    private const int Limit = 64 * 1024;

    private static List<PendingRevision> Batch(params int[] paddings) =>
        [.. paddings.Select((padding, i) => new PendingRevision(i + 1, TestRevisions.Make("inc-a", i + 1, padding)))];

    [Fact]
    public void Split_BatchOverTheLimit_EveryPushFitsIsFullAndOrderIsKept()
    {
        var batch = Batch([.. Enumerable.Repeat(7_000, 30)]);

        var (pushes, tooLarge) = PushSplitter.Split(TestRevisions.Agent, batch, Limit);

        Assert.Empty(tooLarge);
        Assert.True(pushes.Count >= 4, $"{pushes.Count} pushes for about 210 KB");
        Assert.Equal(batch.Select(p => p.Sequence), pushes.SelectMany(p => p).Select(p => p.Sequence));
        for (var i = 0; i < pushes.Count; i++)
        {
            var size = PushSplitter.Request(TestRevisions.Agent, pushes[i]).CalculateSize();
            Assert.InRange(size, 1, Limit);
            if (i + 1 < pushes.Count)
            {
                // Greedy: the next revision would not have fitted.
                var fuller = PushSplitter.Request(TestRevisions.Agent, [.. pushes[i], pushes[i + 1][0]]).CalculateSize();
                Assert.True(fuller > Limit, $"push {i} is {size} bytes and could have taken the next revision ({fuller} bytes)");
            }
        }
    }

    [Fact]
    public void Split_RevisionLargerThanTheLimitAlone_IsSetApartWithItsSize()
    {
        var batch = Batch(100, 80_000, 100);

        var (pushes, tooLarge) = PushSplitter.Split(TestRevisions.Agent, batch, Limit);

        var (revision, bytes) = Assert.Single(tooLarge);
        Assert.Equal(2, revision.Sequence);
        Assert.Equal(PushSplitter.Request(TestRevisions.Agent, [revision]).CalculateSize(), bytes);
        Assert.Equal([1L, 3L], pushes.SelectMany(p => p).Select(p => p.Sequence));
    }

    [Fact]
    public void Split_SmallBatch_IsOnePush()
    {
        var (pushes, tooLarge) = PushSplitter.Split(TestRevisions.Agent, Batch(10, 10, 10), Limit);

        Assert.Empty(tooLarge);
        Assert.Equal(3, Assert.Single(pushes).Count);
    }
}
