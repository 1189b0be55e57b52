using Prometheus;

namespace Monitor.Agent.Telemetry;

/// <summary>The agent's own health on /metrics: each source, the pipeline, the outbox, delivery.</summary>
public static class AgentMetrics
{
    /// <summary>Time taken by each read of a source.</summary>
    public static readonly Histogram SourceDuration = Metrics.CreateHistogram(
        "monitor_agent_source_duration_seconds", "Time taken by one read of a source.",
        new HistogramConfiguration { LabelNames = ["source"], Buckets = Histogram.ExponentialBuckets(0.001, 4, 8) });

    /// <summary>1 when the source's last read succeeded, 0 when it failed.</summary>
    public static readonly Gauge SourceUp = Metrics.CreateGauge(
        "monitor_agent_source_up", "1 when the source's last read succeeded, 0 when it failed.", "source");

    /// <summary>Samples read, per source.</summary>
    public static readonly Counter SamplesRead = Metrics.CreateCounter(
        "monitor_agent_samples_read_total", "Samples read, per source.", "source");

    /// <summary>Input lines or values a source could not use.</summary>
    public static readonly Counter InputProblems = Metrics.CreateCounter(
        "monitor_agent_input_problems_total", "Input lines or values a source could not use.", "source");

    /// <summary>Findings active now, per kind.</summary>
    public static readonly Gauge FindingsActive = Metrics.CreateGauge(
        "monitor_agent_findings_active", "Findings that hold now, per kind.", "kind");

    /// <summary>Rules that threw.</summary>
    public static readonly Counter RuleFailures = Metrics.CreateCounter(
        "monitor_agent_rule_failures_total", "Rule evaluations that threw.", "rule");

    /// <summary>Incidents not yet resolved.</summary>
    public static readonly Gauge IncidentsOpen = Metrics.CreateGauge(
        "monitor_agent_incidents_open", "Incidents not yet resolved.");

    /// <summary>Incident revisions made.</summary>
    public static readonly Counter Revisions = Metrics.CreateCounter(
        "monitor_agent_revisions_total", "Incident revisions made.");

    /// <summary>Revisions waiting in the outbox.</summary>
    public static readonly Gauge OutboxPending = Metrics.CreateGauge(
        "monitor_agent_outbox_pending", "Revisions waiting in the outbox for the collector's acknowledgement.");

    /// <summary>Revisions the collector refused as malformed: kept aside, never resent.</summary>
    public static readonly Gauge OutboxParked = Metrics.CreateGauge(
        "monitor_agent_outbox_parked", "Revisions the collector refused as malformed, kept aside.");

    /// <summary>Bytes the outbox holds on disk.</summary>
    public static readonly Gauge OutboxBytes = Metrics.CreateGauge(
        "monitor_agent_outbox_bytes", "Bytes of unacknowledged revisions the outbox holds on disk.");

    /// <summary>Revisions that could not be written to the outbox (disk full, size bound).</summary>
    public static readonly Counter OutboxWriteFailures = Metrics.CreateCounter(
        "monitor_agent_outbox_write_failures_total", "Revisions that could not be written to the outbox: alert on any.");

    /// <summary>Pieces of outbox files set aside at start because they could not be read.</summary>
    public static readonly Counter OutboxQuarantined = Metrics.CreateCounter(
        "monitor_agent_outbox_quarantined_total", "Pieces of outbox files set aside at start (torn, corrupt or missing).");

    /// <summary>Push outcomes.</summary>
    public static readonly Counter Deliveries = Metrics.CreateCounter(
        "monitor_agent_deliveries_total",
        "Revisions pushed, by outcome (stored, duplicate, stale, rejected, oversized, failed, refused: the collector does not accept this agent, throttled: too many pushes).",
        "outcome");

    /// <summary>1 for the collector the agent delivers to now, 0 for the other configured ones.</summary>
    public static readonly Gauge CollectorCurrent = Metrics.CreateGauge(
        "monitor_agent_collector_current", "1 for the collector the agent delivers to now, 0 for the other configured ones.", "collector");

    /// <summary>Times the agent moved to another collector (failover, or back to the primary).</summary>
    public static readonly Counter CollectorSwitches = Metrics.CreateCounter(
        "monitor_agent_collector_switches_total", "Times the agent moved to another collector (failover, or back to the primary), by the collector moved to.", "collector");

    /// <summary>Time taken by one push call.</summary>
    public static readonly Histogram DeliveryDuration = Metrics.CreateHistogram(
        "monitor_agent_delivery_duration_seconds", "Time taken by one push to the collector.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 4, 8) });
}
