namespace Monitor.Core.Topology;

/// <summary>Users counted together: the same key on every agent means the same people.</summary>
/// <param name="Key">Population key.</param>
/// <param name="Name">Display name.</param>
/// <param name="Contracts">Number of contracts.</param>
public sealed record Population(string Key, string Name, long Contracts);
