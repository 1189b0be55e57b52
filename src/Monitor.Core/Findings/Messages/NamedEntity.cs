namespace Monitor.Core.Findings.Messages;

/// <summary>An entity as a message names it: the collector has no topology to look it up in.</summary>
/// <param name="Id">Topology id, e.g. "ctl-b".</param>
/// <param name="Type">Entity type as the wire writes it, e.g. "Controller" (<see cref="Topology.EntityType"/>).</param>
/// <param name="Name">The topology's display name, e.g. "Storage controller B"; the id when it has none.</param>
public sealed record NamedEntity(string Id, string Type, string Name);
