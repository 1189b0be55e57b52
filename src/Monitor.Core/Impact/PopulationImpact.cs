namespace Monitor.Core.Impact;

/// <summary>Users of one population affected now.</summary>
/// <param name="PopulationKey">Same key on every agent means the same users.</param>
/// <param name="Count">Affected users.</param>
/// <param name="Basis">How they were counted.</param>
/// <param name="TotalContracts">All contracts of the population.</param>
public sealed record PopulationImpact(string PopulationKey, long Count, UserCountBasis Basis, long TotalContracts);
