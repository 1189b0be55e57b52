namespace Monitor.Core.Topology;

/// <summary>Users counted together: the same key on every agent means the same people.</summary>
/// <param name="Key">Population key.</param>
/// <param name="Name">Display name.</param>
/// <param name="Contracts">Number of contracts.</param>
/// <param name="Domains">
/// Login domains of its users ("user@example.co.jp" belongs here when "example.co.jp" is listed),
/// so a failing user is counted in this population and no other; null or empty when logins do not
/// tell.
/// </param>
public sealed record Population(string Key, string Name, long Contracts, IReadOnlyList<string>? Domains = null);
