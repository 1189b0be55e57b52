using Monitor.Core.Incidents;
using Monitor.Core.Rules;

namespace Monitor.Agent.Options;

/// <summary>The agent's configuration, section "Agent" of config/agent.json.</summary>
public sealed class AgentOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Agent";

    /// <summary>Stable identity of this agent, e.g. "mail01.cty". Default: the host name.</summary>
    public string AgentId { get; set; } = Environment.MachineName;

    /// <summary>Host name reported with every revision. Default: the machine name.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>Site the agent belongs to. Default: the topology's site name.</summary>
    public string Site { get; set; } = "";

    /// <summary>Path of the topology file. Default "config/topology.json".</summary>
    public string TopologyPath { get; set; } = "config/topology.json";

    /// <summary>Where revisions go.</summary>
    public CollectorEndpointOptions Collector { get; set; } = new();

    /// <summary>Where revisions wait for the collector's acknowledgement.</summary>
    public Outbox.OutboxOptions Outbox { get; set; } = new();

    /// <summary>Sources by name; only those with Enabled = true run.</summary>
    public SourcesOptions Sources { get; set; } = new();

    /// <summary>Rule thresholds and the signal window's size.</summary>
    public DetectionOptions Detection { get; set; } = new();

    /// <summary>Incident lifecycle: quiet period, re-open window, change look-back.</summary>
    public IncidentLifecycleOptions Incidents { get; set; } = new();

    /// <summary>The agent's own HTTP endpoint (/metrics, /healthz).</summary>
    public HttpEndpointOptions Http { get; set; } = new();

    /// <summary>OpenTelemetry export.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Stop the agent once every source has finished and every revision is acknowledged (replay, backtests). Default false.</summary>
    public bool ExitWhenDone { get; set; }
}

/// <summary>All sources. Each is one file under Sources/ and is enabled here by name.</summary>
public sealed class SourcesOptions
{
    /// <summary>Plays a recorded scenario folder on virtual time.</summary>
    public ReplaySourceOptions Replay { get; set; } = new();

    /// <summary>Storage controllers over Redfish / SNIA Swordfish.</summary>
    public Sources.RedfishOptions Redfish { get; set; } = new();

    /// <summary>Any Prometheus exporter, mapped to Monitor's metrics.</summary>
    public Sources.ExporterOptions Exporter { get; set; } = new();

    /// <summary>Change events: watched configuration files and firmware commands.</summary>
    public Sources.ChangeWatchOptions Changes { get; set; } = new();

    /// <summary>The Postfix queue (postqueue -j).</summary>
    public Sources.PostfixQueueOptions PostfixQueue { get; set; } = new();

    /// <summary>Postfix and Dovecot logs (a file or journald).</summary>
    public Sources.MailLogOptions MailLog { get; set; } = new();

    /// <summary>Dovecot's OpenMetrics statistics (login counters).</summary>
    public Sources.DovecotStatsOptions DovecotStats { get; set; } = new();

    /// <summary>Synthetic POP3, IMAP and SMTP probes.</summary>
    public Sources.MailProbesOptions Probes { get; set; } = new();

    /// <summary>Block devices from /proc/diskstats (source "diskstats").</summary>
    public Sources.DiskStatsOptions DiskStats { get; set; } = new();

    /// <summary>FC HBA ports and remote ports from sysfs (source "fchost").</summary>
    public Sources.FcHostOptions FcHost { get; set; } = new();

    /// <summary>SCSI path devices from sysfs (source "scsi").</summary>
    public Sources.ScsiDevicesOptions ScsiDevices { get; set; } = new();

    /// <summary>dm-multipath maps and paths from multipathd, or sysfs (source "multipath").</summary>
    public Sources.MultipathOptions Multipath { get; set; } = new();
}

/// <summary>The replay source.</summary>
public sealed class ReplaySourceOptions
{
    /// <summary>Whether the source runs. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Scenario folder (metrics.om, events.jsonl, topology.json).</summary>
    public string Path { get; set; } = "";

    /// <summary>How many times faster than real time; 0 plays as fast as the machine can. Default 600.</summary>
    public double Speed { get; set; } = 600;

    /// <summary>"text" (the timeline for a person) or "json" (JSON lines for a backtest). Default "text".</summary>
    public string Output { get; set; } = "text";

    /// <summary>Print progress every this much scenario time. Default 30 minutes; zero turns progress off.</summary>
    public TimeSpan ProgressEvery { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>The agent's HTTP endpoint.</summary>
public sealed class HttpEndpointOptions
{
    /// <summary>Listen address, e.g. "http://127.0.0.1:9105". Empty: no endpoint (replay, tests).</summary>
    public string Listen { get; set; } = "";
}

/// <summary>OpenTelemetry export.</summary>
public sealed class TelemetryOptions
{
    /// <summary>OTLP endpoint, e.g. "http://127.0.0.1:4318". Empty: nothing is exported.</summary>
    public string OtlpEndpoint { get; set; } = "";
}
