namespace Monitor.Core.Topology;

/// <summary>A thing in the topology that findings can be about.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Type">What it is.</param>
/// <param name="Name">Display name.</param>
/// <param name="Role">What it does, in the operator's words (the report's システム構成).</param>
public sealed record Entity(string Id, EntityType Type, string Name, string Role);
