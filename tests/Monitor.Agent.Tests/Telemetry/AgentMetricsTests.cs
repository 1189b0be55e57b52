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

    [Fact]
    public async Task Registry_CarriesBuildInfo_WithThisBuildsVersionAndRevision()
    {
        using var metrics = new AgentMetrics();
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);

        var version = Monitor.Contracts.ProgramVersion.Of(typeof(AgentMetrics));
        var line = Assert.Single(System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n'), l => l.StartsWith("monitor_build_info{", StringComparison.Ordinal));
        Assert.Contains("program=\"monitor-agent\"", line, StringComparison.Ordinal);
        Assert.Contains($"version=\"{version.Version}\"", line, StringComparison.Ordinal);
        Assert.Contains($"revision=\"{version.Revision}\"", line, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", version.Revision); // the SDK recorded the commit
        Assert.EndsWith("} 1", line, StringComparison.Ordinal);
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
