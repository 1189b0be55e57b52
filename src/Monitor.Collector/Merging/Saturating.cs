namespace Monitor.Collector.Merging;

/// <summary>
/// Sums that stop at <see cref="long.MaxValue"/> (or <see cref="long.MinValue"/>) instead of
/// throwing: counts from agents are bounded at ingest, but a store written before the bound, or
/// revision numbers added up across members, must never make a page or an alert round fail.
/// </summary>
public static class Saturating
{
    /// <summary><paramref name="a"/> + <paramref name="b"/>, held at the limits of a long.</summary>
    public static long Add(long a, long b)
    {
        var sum = unchecked(a + b);

        // Overflow only when both have the same sign and the sum's sign differs.
        if (((a ^ sum) & (b ^ sum)) < 0)
        {
            return a < 0 ? long.MinValue : long.MaxValue;
        }

        return sum;
    }

    /// <summary>The sum of <paramref name="values"/>, held at the limits of a long.</summary>
    public static long Sum(IEnumerable<long> values)
    {
        long total = 0;
        foreach (var value in values)
        {
            total = Add(total, value);
        }

        return total;
    }
}
