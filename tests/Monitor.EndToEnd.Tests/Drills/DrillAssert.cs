namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>What every drill must find in the collector's store.</summary>
internal static class DrillAssert
{
    /// <summary>
    /// Exactly <paramref name="expectedKeys"/> are stored, each once, and per incident the
    /// revisions arrived in increasing revision order.
    /// </summary>
    public static void StoredOnceInOrder(IReadOnlyList<ArrivedRevision> stored, IEnumerable<string> expectedKeys)
    {
        var twice = stored.GroupBy(r => r.IdempotencyKey).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"stored more than once: {string.Join(", ", twice)}");

        var expected = expectedKeys.ToHashSet(StringComparer.Ordinal);
        var keys = stored.Select(r => r.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Except(keys).Order(StringComparer.Ordinal).ToList();
        var extra = keys.Except(expected).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{missing.Count} revisions not stored ({string.Join(", ", missing.Take(20))}); {extra.Count} stored that should not be ({string.Join(", ", extra.Take(20))})");

        foreach (var incident in stored.GroupBy(r => r.IncidentId))
        {
            var arrival = incident.OrderBy(r => r.Arrival).Select(r => r.Revision).ToList();
            Assert.True(arrival.SequenceEqual(arrival.Order()),
                $"{incident.Key}: revisions arrived in the order {string.Join(", ", arrival)}");
        }
    }
}
