using Monitor.Collector.Regulation;

namespace Monitor.Collector.Configuration;

/// <summary>
/// Settings of the collector, bound from the <c>Collector</c> section and validated at start
/// (<c>CollectorOptionsValidator</c>). Relative paths are resolved against the current directory.
/// </summary>
public sealed class CollectorOptions
{
    /// <summary>Name of the configuration section.</summary>
    public const string SectionName = "Collector";

    /// <summary>
    /// Where agents push revisions over gRPC: <c>http://</c> is cleartext HTTP/2 with prior
    /// knowledge, <c>https://</c> is TLS with <see cref="Tls"/> (and client certificates when
    /// <c>Tls:ClientCaPath</c> is set). Default: <c>http://127.0.0.1:50051</c>.
    /// </summary>
    public Uri Listen { get; set; } = new("http://127.0.0.1:50051");

    /// <summary>
    /// Where people and Prometheus reach the web endpoints (HTTP/1.1): health, metrics, API.
    /// A separate port because Kestrel cannot tell HTTP/1.1 from HTTP/2 on one cleartext port.
    /// <c>https://</c> serves them over TLS with the certificate of <see cref="Tls"/>, asking no
    /// client certificate. Default: <c>http://127.0.0.1:8080</c>.
    /// </summary>
    public Uri HttpListen { get; set; } = new("http://127.0.0.1:8080");

    /// <summary>SQLite file; created with its directory if missing. Default: <c>data/collector.db</c>.</summary>
    public string DatabasePath { get; set; } = "data/collector.db";

    /// <summary>Directory the Markdown draft reports are written to. Default: <c>data/reports</c>.</summary>
    public string ReportDirectory { get; set; } = "data/reports";

    /// <summary>IANA time zone of the incident list, and of the pages, reports and alerts of an incident whose agent sent no site zone (before contract v1.4); the others show their site's. Default: <c>Asia/Tokyo</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Tokyo";

    /// <summary>
    /// OTLP/gRPC endpoint for traces and metrics, e.g. <c>http://127.0.0.1:4317</c>.
    /// Default: empty, which exports nothing.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>
    /// How log lines are written: "auto" (default: "systemd" under journald, else "text"), "text"
    /// (one line each, with a timestamp), "systemd" (one line each with its syslog priority and no
    /// timestamp: journald adds both) or "json" (one JSON object per line, for a log shipper).
    /// </summary>
    public string LogFormat { get; set; } = "auto";

    /// <summary>
    /// Address of the web pages as people reach them, e.g. <c>https://monitor.example.jp/</c>; alerts
    /// link to <c>&lt;PublicUrl&gt;/incidents/&lt;id&gt;</c>. Default: empty (the bound web address).
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>Where incidents are kept. Default: SQLite in <see cref="DatabasePath"/>.</summary>
    public StoreOptions Store { get; set; } = new();

    /// <summary>
    /// Agents allowed to push, by agent id, with their site and optional token file. When empty,
    /// any agent the TLS settings admit may push (with no client CA and no token: anyone who
    /// reaches <see cref="Listen"/>, fine on a closed network only). Default: empty.
    /// </summary>
    public Dictionary<string, KnownAgentOptions> Agents { get; set; } = [];

    /// <summary>The collector's certificate and the CA of agents' client certificates.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Message size, string length, revisions per incident and pushes per agent per second.</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>Mail services by id, with their regulatory category and name. Default: empty (the agents' categories).</summary>
    public Dictionary<string, ServiceOptions> Services { get; set; } = [];

    /// <summary>The regulator's thresholds and the deadlines; defaults from seed 002 and 施行規則第57条.</summary>
    public RegulationOptions Regulation { get; set; } = new();

    /// <summary>How incidents of several agents are merged into one.</summary>
    public MergingOptions Merging { get; set; } = new();

    /// <summary>Alerts to on-call: Alertmanager and webhooks.</summary>
    public AlertingOptions Alerting { get; set; } = new();

    /// <summary>Who may use the web pages and the HTTP API: users, tokens, their roles.</summary>
    public WebOptions Web { get; set; } = new();
}
