using System.Diagnostics.Metrics;
using Prometheus;

namespace Monitor.Collector.Telemetry;

/// <summary>
/// Failures to build, render or alert on one incident. Each is logged and counted by stage
/// (<c>monitor_collector_incident_failures_total{stage}</c>), and the caller carries on with the
/// other incidents: one bad incident must never stop the pages, alerting or reports of the rest.
/// </summary>
public sealed class IncidentFailures
{
    /// <summary>The list page, an incident page or an export.</summary>
    public const string Page = "page";

    /// <summary>The alert round.</summary>
    public const string Alert = "alert";

    /// <summary>The draft report writer.</summary>
    public const string Report = "report";

    /// <summary>The values of the <c>stage</c> label.</summary>
    public static readonly IReadOnlyList<string> Stages = [Page, Alert, Report];

    private static readonly Counter<long> MeterFailures = CollectorTelemetry.Meter.CreateCounter<long>(
        "monitor.collector.incident.failures", unit: "{failure}", description: "Failures to build, render or alert on one incident, by stage.");

    private readonly Prometheus.Counter _failures;
    private readonly ILogger<IncidentFailures> _logger;

    /// <summary>Creates the counter in <paramref name="registry"/>, published at zero for every stage.</summary>
    public IncidentFailures(CollectorRegistry registry, ILogger<IncidentFailures> logger)
    {
        _logger = logger;
        _failures = Metrics.WithCustomRegistry(registry).CreateCounter(
            "monitor_collector_incident_failures_total",
            "Failures to build, render or alert on one incident, by stage: page, alert, report. The other incidents carry on.",
            "stage");
        foreach (var stage in Stages)
        {
            _failures.WithLabels(stage);
        }
    }

    /// <summary>Logs and counts that incident <paramref name="incidentId"/> failed at <paramref name="stage"/>; returns the sentence a page shows.</summary>
    public string Record(string stage, string incidentId, Exception exception)
    {
        _failures.WithLabels(stage).Inc();
        MeterFailures.Add(1, new KeyValuePair<string, object?>("stage", stage));
        _logger.LogError(exception, "Incident {IncidentId} failed at stage {Stage}; the other incidents carry on", incidentId, stage);
        return Describe(incidentId, exception);
    }

    /// <summary>How many failures <paramref name="stage"/> has counted.</summary>
    public long Count(string stage) => (long)_failures.WithLabels(stage).Value;

    /// <summary>"Incident X could not be shown: what went wrong", the sentence on the page.</summary>
    public static string Describe(string incidentId, Exception exception) =>
        $"Incident {incidentId} could not be shown: {exception.GetType().Name}: {exception.Message}";
}
