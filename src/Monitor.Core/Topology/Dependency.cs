namespace Monitor.Core.Topology;

/// <summary>An edge of the topology: trouble at <paramref name="From"/> reaches <paramref name="To"/>.</summary>
/// <param name="From">Upstream entity id.</param>
/// <param name="To">Downstream entity id.</param>
/// <param name="Relation">How, in words: "serves", "carries I/O for", "hands its load to"...</param>
public sealed record Dependency(string From, string To, string Relation);
