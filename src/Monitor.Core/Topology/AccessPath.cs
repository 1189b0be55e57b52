namespace Monitor.Core.Topology;

/// <summary>One way a host reaches a volume: host, HBA port, controller.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="Host">Host end.</param>
/// <param name="HbaPort">HBA port, when known.</param>
/// <param name="Controller">Controller end.</param>
/// <param name="Volume">Volume reached.</param>
public sealed record AccessPath(string Id, string Host, string? HbaPort, string Controller, string Volume);
