using Microsoft.Extensions.Logging;
using Monitor.Agent.Telemetry;
using Monitor.Core.Topology;

namespace Monitor.Agent.Sources;

/// <summary>What a source may use besides its options.</summary>
/// <param name="Host">This host's name: raw ids are scoped by it ("mail01/sdc").</param>
/// <param name="Clock">Time; a source never reads the ambient clock.</param>
/// <param name="Health">Where the source's outcome is recorded for /healthz.</param>
/// <param name="Logs">Loggers.</param>
/// <param name="Metrics">The agent's own metrics, where each read is counted.</param>
/// <param name="MailDomains">
/// The topology's recipient domains: mail sources count by them (the rest as "other"), so what
/// they emit is bounded by the topology. Null: no topology (the `sample` command), all "other".
/// </param>
public sealed record SourceContext(string Host, TimeProvider Clock, SourceHealth Health, ILoggerFactory Logs, AgentMetrics Metrics, MailDomains? MailDomains = null)
{
    /// <summary>The recipient-domain buckets mail sources count by.</summary>
    public MailDomains Domains { get; } = MailDomains ?? new MailDomains([]);

    /// <summary>The timers the polled sources are read by: one for each interval.</summary>
    public ReadSchedule Schedule { get; } = new(Clock);

    /// <summary>A raw id on this host, e.g. "mail01/sdc".</summary>
    public string OnThisHost(string name) => $"{Host}/{name}";
}
