using Monitor.Core.Signals;
using Prometheus;

namespace Monitor.Agent.Telemetry;

/// <summary>
/// Exports what the sources read under Monitor's metric names (the same names a scenario's
/// metrics.om uses), so a site's Prometheus can graph exactly what the rules saw. A metric is
/// registered when its first sample comes: a host exports only what its sources read, not the
/// help and type lines of the whole catalog (65 empty families, a third of a mail host's scrape).
/// Gauges are set as each batch arrives; a scrape only writes them out.
/// </summary>
public sealed class SampleExporter
{
    private readonly IMetricFactory _factory;

    // Only the detection worker exports; a scrape reads the registry, not this map.
    private readonly Dictionary<string, (Gauge Gauge, int Labels)> _gauges = new(StringComparer.Ordinal);

    /// <summary>Exports through <paramref name="factory"/> (the agent's registry).</summary>
    public SampleExporter(IMetricFactory factory)
    {
        _factory = factory;
    }

    // Each series' gauge, found again without splitting its entity into labels every read.
    private readonly Dictionary<(string Metric, string Entity), Gauge.Child> _series = [];

    /// <summary>Sets the gauge of the sample's series to its value.</summary>
    public void Export(in Sample sample)
    {
        if (_series.TryGetValue((sample.Metric, sample.Entity), out var series))
        {
            series.Set(sample.Value);
            return;
        }

        if (!_gauges.TryGetValue(sample.Metric, out var target))
        {
            if (!MetricCatalog.All.TryGetValue(sample.Metric, out var definition))
            {
                return; // Not Monitor's vocabulary (a scenario's own metric): not exported.
            }

            target = (_factory.CreateGauge(definition.Name, definition.Help, [.. definition.EntityLabels]), definition.EntityLabels.Count);
            _gauges[sample.Metric] = target;
        }

        var parts = sample.Entity.Split('/', target.Labels);
        if (parts.Length == target.Labels)
        {
            series = target.Gauge.WithLabels(parts);
            _series[(sample.Metric, sample.Entity)] = series;
            series.Set(sample.Value);
        }
    }
}
