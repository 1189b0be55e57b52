using System.Diagnostics.Metrics;
using Monitor.Contracts;
using Monitor.Contracts.V1;
using Prometheus;

namespace Monitor.Agent.Telemetry;

/// <summary>
/// The agent's own health on /metrics: each source, the pipeline, the outbox, delivery. Each
/// application has its own Prometheus registry (as the collector does), so two agents in one
/// process (as in tests) never share counters. The OpenTelemetry meter reads the same counters
/// when OTLP export is on: there is one set of counts.
/// </summary>
public sealed class AgentMetrics : IDisposable
{

    /// <summary>Creates the agent's metrics in a registry of their own.</summary>
    public AgentMetrics()
        : this(Metrics.NewCustomRegistry())
    {
    }

    /// <summary>Creates the agent's metrics in <paramref name="registry"/>.</summary>
    public AgentMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        SourceDuration = factory.CreateHistogram("monitor_agent_source_duration_seconds", "Time taken by one read of a source.",
            new HistogramConfiguration { LabelNames = ["source"], Buckets = Histogram.ExponentialBuckets(0.001, 4, 8) });
        SourceUp = factory.CreateGauge("monitor_agent_source_up", "1 when the source's last read succeeded, 0 when it failed.", "source");
        SamplesRead = factory.CreateCounter("monitor_agent_samples_read_total", "Samples read, per source.", "source");
        InputProblems = factory.CreateCounter("monitor_agent_input_problems_total", "Input lines or values a source could not use.", "source");
        SamplesDropped = factory.CreateCounter("monitor_agent_samples_dropped_total",
            "Samples refused before any rule, per source and reason (not_finite: NaN or Inf, negative: below zero for a metric that cannot be, duplicate_time, out_of_order).",
            "source", "reason");
        FindingsActive = factory.CreateGauge("monitor_agent_findings_active", "Findings that hold now, per kind.", "kind");
        RuleFailures = factory.CreateCounter("monitor_agent_rule_failures_total", "Rule evaluations that threw.", "rule");
        IncidentsOpen = factory.CreateGauge("monitor_agent_incidents_open", "Incidents not yet resolved.");
        Revisions = factory.CreateCounter("monitor_agent_revisions_total", "Incident revisions made.");
        OutboxPending = factory.CreateGauge("monitor_agent_outbox_pending", "Revisions waiting in the outbox for the collector's acknowledgement.");
        OutboxParked = factory.CreateGauge("monitor_agent_outbox_parked", "Revisions the collector refused as malformed, kept aside.");
        OutboxBytes = factory.CreateGauge("monitor_agent_outbox_bytes", "Bytes of unacknowledged revisions the outbox holds on disk.");
        OutboxWriteFailures = factory.CreateCounter("monitor_agent_outbox_write_failures_total", "Revisions that could not be written to the outbox: alert on any.");
        IncidentStateWriteFailures = factory.CreateCounter("monitor_agent_incident_state_write_failures_total",
            "Saves of the incidents' state (incidents.json beside the outbox) that failed; a restart then would not continue the open incidents.");
        OutboxQuarantined = factory.CreateCounter("monitor_agent_outbox_quarantined_total", "Pieces of outbox files set aside at start (torn, corrupt or missing).");
        Deliveries = factory.CreateCounter("monitor_agent_deliveries_total",
            "Revisions pushed, by outcome (stored, duplicate, stale, rejected, oversized, failed, refused: the collector does not accept this agent, throttled: too many pushes).",
            "outcome");
        CollectorCurrent = factory.CreateGauge("monitor_agent_collector_current", "1 for the collector the agent delivers to now, 0 for the other configured ones.", "collector");
        CollectorSwitches = factory.CreateCounter("monitor_agent_collector_switches_total", "Times the agent moved to another collector (failover, or back to the primary), by the collector moved to.", "collector");
        CertificateExpiry = factory.CreateGauge("monitor_agent_certificate_expiry_timestamp_seconds",
            "When a certificate the agent uses ends (NotAfter, Unix seconds): client (Agent:Collector:CertificatePath), ca (the earliest of Agent:Collector:CaPath).", "certificate");
        DeliveryDuration = factory.CreateHistogram("monitor_agent_delivery_duration_seconds", "Time taken by one push to the collector.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 4, 8) });

        Samples = new SampleExporter(factory);

        // node_exporter's convention: a constant 1 whose labels say which build answers, so a
        // fleet's versions are one query away.
        var build = ProgramVersion.Of(typeof(AgentMetrics));
        factory.CreateGauge("monitor_build_info", "A constant 1, labelled with the program, its version and revision, and the .NET runtime.",
            "program", "version", "revision", "runtime").WithLabels("monitor-agent", build.Version, build.Revision, Environment.Version.ToString()).Set(1);

        // The OpenTelemetry view of the same counts, read at each export.
        Meter.CreateObservableCounter("monitor.agent.revisions", () => (long)Revisions.Value, description: "Incident revisions made.");
        Meter.CreateObservableCounter("monitor.agent.delivered", () => (long)Acknowledged(), description: "Revisions acknowledged by the collector.");
    }

    /// <summary>The OpenTelemetry meter ("Monitor.Agent") whose instruments read these counters, for OTLP export.</summary>
    public Meter Meter { get; } = new(AgentTelemetry.Name);

    /// <summary>The registry /metrics shows.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>What the sources read, under Monitor's metric names.</summary>
    public SampleExporter Samples { get; }

    /// <summary>Saves of the incidents' state that failed.</summary>
    public Counter IncidentStateWriteFailures { get; }

    /// <summary>Time taken by each read of a source.</summary>
    public Histogram SourceDuration { get; }

    /// <summary>1 when the source's last read succeeded, 0 when it failed.</summary>
    public Gauge SourceUp { get; }

    /// <summary>Samples read, per source.</summary>
    public Counter SamplesRead { get; }

    /// <summary>Input lines or values a source could not use.</summary>
    public Counter InputProblems { get; }

    /// <summary>Samples refused before any rule, per source and reason (see <c>SampleRefusal</c>).</summary>
    public Counter SamplesDropped { get; }

    /// <summary>Findings active now, per kind.</summary>
    public Gauge FindingsActive { get; }

    /// <summary>Rules that threw.</summary>
    public Counter RuleFailures { get; }

    /// <summary>Incidents not yet resolved.</summary>
    public Gauge IncidentsOpen { get; }

    /// <summary>Incident revisions made.</summary>
    public Counter Revisions { get; }

    /// <summary>Revisions waiting in the outbox.</summary>
    public Gauge OutboxPending { get; }

    /// <summary>Revisions the collector refused as malformed: kept aside, never resent.</summary>
    public Gauge OutboxParked { get; }

    /// <summary>Bytes the outbox holds on disk.</summary>
    public Gauge OutboxBytes { get; }

    /// <summary>Revisions that could not be written to the outbox (disk full, size bound).</summary>
    public Counter OutboxWriteFailures { get; }

    /// <summary>Pieces of outbox files set aside at start because they could not be read.</summary>
    public Counter OutboxQuarantined { get; }

    /// <summary>Push outcomes.</summary>
    public Counter Deliveries { get; }

    /// <summary>1 for the collector the agent delivers to now, 0 for the other configured ones.</summary>
    public Gauge CollectorCurrent { get; }

    /// <summary>Times the agent moved to another collector (failover, or back to the primary).</summary>
    public Counter CollectorSwitches { get; }

    /// <summary>When the client certificate ("client") and the site CA ("ca") end, in Unix seconds.</summary>
    public Gauge CertificateExpiry { get; }

    /// <summary>Time taken by one push call.</summary>
    public Histogram DeliveryDuration { get; }

    /// <inheritdoc/>
    public void Dispose() => Meter.Dispose();

    // Acknowledged revisions are the deliveries whose outcome the collector gave (stored, duplicate, stale...).
    private double Acknowledged()
    {
        var acknowledged = Enum.GetNames<AckOutcome>().Select(o => o.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return Deliveries.GetAllLabelValues().Where(l => acknowledged.Contains(l[0])).Sum(l => Deliveries.WithLabels(l).Value);
    }
}
