namespace Monitor.Core.Topology;

/// <summary>A storage controller and its rated capacity.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Partner">Controller that takes over when this one fails, if any.</param>
/// <param name="RatedIops">Capacity in I/O operations per second.</param>
/// <param name="RatedThroughput">Capacity in bytes per second.</param>
public sealed record Controller(string Id, string Name, string? Partner, double RatedIops, double RatedThroughput);
