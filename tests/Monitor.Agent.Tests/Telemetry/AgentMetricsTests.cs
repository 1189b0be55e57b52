using System.Diagnostics.Metrics;
using Monitor.Agent.Telemetry;

namespace Monitor.Agent.Tests.Telemetry;

/// <summary>The agent's metrics: a registry per application, and the OpenTelemetry meter reading the same counters.</summary>
public sealed class AgentMetricsTests
{
    [Fact]
    public void TwoAgents_CountInTheirOwnRegistries()
    {
        using var one = new AgentMetrics();
        using var other = new AgentMetrics();

        one.Revisions.Inc(3);

        Assert.Equal(3, one.Revisions.Value);
        Assert.Equal(0, other.Revisions.Value);
    }

    [Fact]
    public void Meter_ReadsTheSameCounts_RevisionsAndAcknowledgedDeliveries()
    {
        using var metrics = new AgentMetrics();
        metrics.Revisions.Inc(4);
        metrics.Deliveries.WithLabels("stored").Inc(2);
        metrics.Deliveries.WithLabels("duplicate").Inc();
        metrics.Deliveries.WithLabels("failed").Inc(5);

        var seen = Observe(metrics);

        Assert.Equal(4, seen["monitor.agent.revisions"]);
        Assert.Equal(3, seen["monitor.agent.delivered"]);
    }

    // What an OTLP exporter would read at one collection, from this agent's meter only.
    private static Dictionary<string, long> Observe(AgentMetrics metrics)
    {
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AgentTelemetry.Name && ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
