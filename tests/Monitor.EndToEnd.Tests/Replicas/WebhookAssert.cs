using System.Globalization;

namespace Monitor.EndToEnd.Tests.Replicas;

/// <summary>What on-call's webhook must have heard of each merged incident, whichever replica sent it.</summary>
internal static class WebhookAssert
{
    /// <summary>
    /// Each incident of <paramref name="ended"/> was told its changes 1..n once each, in turn
    /// firing, resolved, (firing, resolved ...: one that resolved before another agent's incident
    /// joined it opens again), ending resolved; each of <paramref name="open"/> was told it fires,
    /// once. Up to <paramref name="allowedTwice"/> changes may have come twice with the same key
    /// (sent, then the sender killed before it recorded so).
    /// </summary>
    public static void OneDeliveryPerChange(IReadOnlyList<WebhookCounter.Delivery> hooks, IEnumerable<string> ended, IEnumerable<string> open, int allowedTwice = 0)
    {
        var keys = hooks.Select(h => $"{h.Event} {h.ChangeKey}").ToList();
        var twice = keys.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count <= allowedTwice, $"delivered more than once: {string.Join(", ", twice)}; all: {string.Join(", ", keys)}");

        var expected = open.ToDictionary(id => id, _ => false, StringComparer.Ordinal);
        foreach (var id in ended)
        {
            expected[id] = true;
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), hooks.Select(h => h.IncidentId).Distinct().Order(StringComparer.Ordinal));
        foreach (var (id, resolves) in expected)
        {
            var changes = hooks.Where(h => h.IncidentId == id).DistinctBy(h => h.ChangeKey)
                .Select(h => (Number: long.Parse(h.ChangeKey[(id.Length + 1)..], CultureInfo.InvariantCulture), h.Event))
                .OrderBy(c => c.Number)
                .ToList();
            var told = string.Join(", ", changes.Select(c => $"{c.Event} {c.Number}"));
            Assert.True(changes.Select(c => c.Number).SequenceEqual(Enumerable.Range(1, changes.Count).Select(n => (long)n)), $"{id}: changes {told}");
            Assert.True(changes.Select((c, i) => c.Event == (i % 2 == 0 ? "firing" : "resolved")).All(ok => ok), $"{id}: changes {told}");
            Assert.True(resolves ? changes.Count % 2 == 0 : changes.Count == 1, $"{id}: changes {told}, expected {(resolves ? "to end resolved" : "one firing")}");
        }
    }
}
