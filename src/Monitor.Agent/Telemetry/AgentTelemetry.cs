using System.Diagnostics;

namespace Monitor.Agent.Telemetry;

/// <summary>
/// The agent's OpenTelemetry names: one ActivitySource for the process, and the name of the meter
/// each <see cref="AgentMetrics"/> reads its counters out on.
/// </summary>
public static class AgentTelemetry
{
    /// <summary>Name of both the ActivitySource and the Meter.</summary>
    public const string Name = "Monitor.Agent";

    /// <summary>Spans for evaluations and pushes.</summary>
    public static readonly ActivitySource Activities = new(Name);
}
