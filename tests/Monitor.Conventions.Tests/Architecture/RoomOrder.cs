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
        // Signals are the samples; findings are what rules make of them; the stages after the
        // rules (correlation, impact, maintenance) are siblings the tracker and pipeline compose.
        ["Core"] = ["Signals", "Topology", "Events", "Findings", "Rules", "Correlation", "Impact", "Maintenance", "Incidents", "Pipeline"],

        // The mechanisms first (configuration errors, metrics, clocks), then what moves samples
        // to revisions and revisions out of the agent; discovery reads the host with the sources'
        // readers and writes a topology, beside the pipeline; the host (options, command line) composes.
        ["Agent"] = ["Configuration", "Telemetry", "Clocks", "Sources", "Revisions", "Outbox", "Detection", "Delivery", "Replay", "Health", "Discovery", ""],

        // Regulation is pure (criteria and classification) and feeds the options; the store is the
        // hub the views, reports and alerts read, and ingest and the web pages write through.
        ["Collector"] = ["Regulation", "Telemetry", "Configuration", "Security", "Store", "Merging", "Reports", "Alerting", "Ingest", "Web", ""],
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
