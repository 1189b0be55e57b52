using Monitor.Core.Impact;

namespace Monitor.Core.Tests.Impact;

public sealed class HyperLogLogTests
{
    [Theory]
    [InlineData(20_000, 1UL)]
    [InlineData(20_000, 2UL)]
    [InlineData(30_000, 3UL)]
    [InlineData(100_000, 4UL)]
    [InlineData(1_000_000, 5UL)]
    public void Estimate_DistinctHashes_WithinTwoPercent(int distinct, ulong seed)
    {
        var sketch = new HyperLogLog();
        foreach (var hash in Hashes(seed, distinct))
        {
            sketch.Add(hash);
        }

        var error = Math.Abs(sketch.Estimate() - distinct) / (double)distinct;

        Assert.True(error < 0.02, $"{sketch.Estimate():N0} for {distinct:N0}: {error:P2}");
    }

    [Fact]
    public void UnionWith_TwoOverlappingSketches_CountsTheSharedHashesOnce()
    {
        var all = Hashes(7, 30_000).ToArray();
        var first = new HyperLogLog();
        var second = new HyperLogLog();
        foreach (var hash in all[..20_000])
        {
            first.Add(hash);
        }

        foreach (var hash in all[10_000..])
        {
            second.Add(hash);
        }

        first.UnionWith(second);

        Assert.InRange(first.Estimate(), 29_400, 30_600);
    }

    [Fact]
    public void Estimate_Empty_IsZero() => Assert.Equal(0, new HyperLogLog().Estimate());

    // SplitMix64: the uniform 64-bit values a keyed hash gives.
    internal static IEnumerable<ulong> Hashes(ulong seed, int count)
    {
        var state = seed * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < count; i++)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            yield return z ^ (z >> 31);
        }
    }
}
