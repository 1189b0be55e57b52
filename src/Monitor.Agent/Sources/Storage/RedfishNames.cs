namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// Entity names for what a Redfish read found. Redfish Ids are unique only within their
/// collection (two Storage resources may each have a controller "0"): each thing has a short name
/// and a full one built from its path; the short one is used when no other thing has it, else the
/// full one. Two things with one full name (a service serving one thing twice under two ids) get
/// none: they are left out, and only they.
/// </summary>
internal static class RedfishNames
{
    /// <summary>The name of each candidate, in order; null for those that clash even by their full name.</summary>
    public static IReadOnlyList<string?> Assign(IReadOnlyList<(string Short, string Full)> candidates)
    {
        var shortCounts = candidates.CountBy(c => c.Short, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var chosen = candidates.Select(c => shortCounts[c.Short] == 1 ? c.Short : c.Full).ToList();
        var counts = chosen.CountBy(n => n, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        return chosen.Select(n => counts[n] == 1 ? n : null).ToList();
    }
}
