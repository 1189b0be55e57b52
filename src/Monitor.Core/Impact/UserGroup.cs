namespace Monitor.Core.Impact;

/// <summary>
/// Where a failing user is counted: one population, or the unattributed users of the services a
/// login reached when the topology cannot tell their population. Each user is counted in exactly
/// one group, so groups add up without counting anyone twice.
/// </summary>
/// <param name="Key">The population key, or "service/unattributed" ("a+b/unattributed" for a host that several services share).</param>
/// <param name="Services">The services whose failing logins are counted here.</param>
/// <param name="Limit">Most users the group can have: its contracts.</param>
/// <param name="TotalContracts">Contracts of the population; 0 for unattributed users, who are among the services' populations already.</param>
public sealed record UserGroup(string Key, IReadOnlyList<string> Services, long Limit, long TotalContracts)
{
    /// <summary>What ends the key of unattributed users.</summary>
    public const string UnattributedSuffix = "/unattributed";

    /// <summary>Whether the group is a population of the topology.</summary>
    public bool IsPopulation => !Key.EndsWith(UnattributedSuffix, StringComparison.Ordinal);
}
