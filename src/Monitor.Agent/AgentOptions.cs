using Monitor.Agent.Delivery;
using Monitor.Agent.Outbox;
using Monitor.Agent.Sources;
using Monitor.Core.Incidents;
using Monitor.Core.Rules;

namespace Monitor.Agent;

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
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>The replay and the polled sources, by section; only those with Enabled = true run.</summary>
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

    /// <summary>
    /// How log lines are written: "auto" (default: "systemd" under journald, else "text"), "text"
    /// (one line each, with a timestamp), "systemd" (one line each with its syslog priority and no
    /// timestamp: journald adds both) or "json" (one JSON object per line, for a log shipper).
    /// </summary>
    public string LogFormat { get; set; } = "auto";
}
