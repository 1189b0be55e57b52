using System.Collections.Frozen;
using Monitor.Core.Signals;
using Prometheus;

namespace Monitor.Agent.Telemetry;

/// <summary>
/// Exports what the sources read under Monitor's metric names (the same names a scenario's
/// metrics.om uses), so a site's Prometheus can graph exactly what the rules saw.
/// </summary>
public sealed class SampleExporter
{
    private readonly FrozenDictionary<string, (Gauge Gauge, int Labels)> _gauges;

    /// <summary>Creates one gauge per catalog metric through <paramref name="factory"/> (the agent's registry).</summary>
    public SampleExporter(IMetricFactory factory)
    {
        _gauges = MetricCatalog.All.Values.ToFrozenDictionary(
            d => d.Name,
            d => (factory.CreateGauge(d.Name, d.Help, [.. d.EntityLabels]), d.EntityLabels.Count));
    }

    /// <summary>Sets the gauge of the sample's series to its value.</summary>
    public void Export(in Sample sample)
    {
        if (!_gauges.TryGetValue(sample.Metric, out var target))
        {
            return;
        }

        var parts = sample.Entity.Split('/', target.Labels);
        if (parts.Length == target.Labels)
        {
            target.Gauge.WithLabels(parts).Set(sample.Value);
        }
    }
}
