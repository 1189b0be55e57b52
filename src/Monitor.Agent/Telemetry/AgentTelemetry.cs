using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Monitor.Agent.Telemetry;

/// <summary>The agent's OpenTelemetry sources: one ActivitySource and one Meter for the process.</summary>
public static class AgentTelemetry
{
    /// <summary>Name of both the ActivitySource and the Meter.</summary>
    public const string Name = "Monitor.Agent";

    /// <summary>Spans for evaluations and pushes.</summary>
    public static readonly ActivitySource Activities = new(Name);

    /// <summary>OpenTelemetry metrics.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Revisions made (OpenTelemetry twin of the Prometheus counter).</summary>
    public static readonly Counter<long> Revisions = Meter.CreateCounter<long>("monitor.agent.revisions", description: "Incident revisions made.");

    /// <summary>Revisions acknowledged by the collector.</summary>
    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>("monitor.agent.delivered", description: "Revisions acknowledged by the collector.");
}
