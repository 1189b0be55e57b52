using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Monitor.Collector.Telemetry;

/// <summary>The collector's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named "Monitor.Collector".</summary>
public static class CollectorTelemetry
{
    /// <summary>Name of the activity source and the meter, for OpenTelemetry's AddSource/AddMeter.</summary>
    public const string Name = "Monitor.Collector";

    /// <summary>Spans for work the collector does inside a request, such as storing a batch.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Instruments exported over OTLP when an endpoint is configured.</summary>
    public static Meter Meter { get; } = new(Name);
}
