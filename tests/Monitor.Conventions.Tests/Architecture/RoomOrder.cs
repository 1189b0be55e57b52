namespace Monitor.Conventions.Tests.Architecture;

/// <summary>
/// The allowed order of the rooms, written once: inside a project, a room may use only the rooms
/// listed before it (and itself), so data and knowledge move one way and no two rooms import each
/// other. "" is the project's root folder: the host that composes the rooms comes last.
/// </summary>
internal static class RoomOrder
{
    /// <summary>Per project, its rooms from upstream to downstream.</summary>
    public static IReadOnlyDictionary<string, string[]> Rooms { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Core"] = ["Signals", "Events", "Topology", "Findings", "Rules", "Correlation", "Impact", "Maintenance", "Incidents", "Pipeline"],
        ["Agent"] = ["Configuration", "Telemetry", "Sources", "Health", "Revisions", "Detection", "Outbox", "Delivery", "Replay", ""],
        ["Collector"] = ["Configuration", "Telemetry", "Security", "Store", "Merging", "Regulation", "Reports", "Alerting", "Ingest", "Web", ""],
    };

    /// <summary>The projects each project may use, itself aside.</summary>
    public static IReadOnlyDictionary<string, string[]> Projects { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Contracts"] = [],
        ["Core"] = [],
        ["Agent"] = ["Core", "Contracts"],
        ["Collector"] = ["Core", "Contracts"],
    };
}
