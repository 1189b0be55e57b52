using System.Data.Common;
using System.Diagnostics.Metrics;
using Monitor.Collector.Store;
using Monitor.Collector.Telemetry;
using Prometheus;

namespace Monitor.Collector.Ingest;

/// <summary>
/// What the ingest path counts, recorded both for Prometheus scrapes of <c>/metrics</c> and on
/// the OpenTelemetry meter. Each application has its own Prometheus registry, so two collectors
/// in one process (as in tests) never share counters.
/// </summary>
public sealed class IngestMetrics
{
    /// <summary>The values of the <c>outcome</c> label.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["stored", "duplicate", "stale", "rejected"];

    private readonly Counter _received;
    private readonly Counter _outcomes;
    private readonly Counter _refused;
    private readonly Histogram _duration;
    private readonly Gauge _unresolved;
    private readonly Counter<long> _meterOutcomes;
    private readonly Histogram<double> _meterDuration;
    private readonly Counter<long> _meterRefused;
    private readonly TimeProvider _timeProvider;

    /// <summary>
    /// Creates the instruments in <paramref name="registry"/>; the open-incidents gauge asks
    /// <paramref name="store"/> at each scrape, and durations are measured on <paramref name="timeProvider"/>.
    /// </summary>
    public IngestMetrics(CollectorRegistry registry, IIncidentStore store, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        var factory = Metrics.WithCustomRegistry(registry);
        _received = factory.CreateCounter(
            "monitor_collector_revisions_received_total",
            "Incident revisions received from agents, valid or not.");
        _outcomes = factory.CreateCounter(
            "monitor_collector_revisions_total",
            "Incident revisions by what the collector did with them: stored, duplicate, stale or rejected.",
            "outcome");
        _duration = factory.CreateHistogram(
            "monitor_collector_ingest_duration_seconds",
            "Time to validate and store one push from an agent.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        foreach (var outcome in Outcomes)
        {
            // Published at zero from the start, so a rate() over a fresh collector is not empty.
            _outcomes.WithLabels(outcome);
        }

        _refused = factory.CreateCounter(
            "monitor_collector_pushes_refused_total",
            "Pushes refused, by reason: unauthenticated, permission_denied, rate_limited, too_large, malformed, invalid, conflict, revision_limit.",
            "reason");
        foreach (var reason in IngestRefusal.Reasons)
        {
            _refused.WithLabels(reason);
        }

        _unresolved = factory.CreateGauge(
            "monitor_collector_incidents_open",
            "Incidents not yet resolved (open or recovering), as the store says at scrape time.");

        _meterOutcomes = CollectorTelemetry.Meter.CreateCounter<long>(
            "monitor.collector.revisions", unit: "{revision}", description: "Incident revisions by outcome.");
        _meterDuration = CollectorTelemetry.Meter.CreateHistogram<double>(
            "monitor.collector.ingest.duration", unit: "s", description: "Time to validate and store one push.");
        _meterRefused = CollectorTelemetry.Meter.CreateCounter<long>(
            "monitor.collector.pushes.refused", unit: "{push}", description: "Pushes refused, by reason.");

        registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            try
            {
                _unresolved.Set(await store.CountUnresolvedIncidentsAsync(cancellationToken));
            }
            catch (DbException)
            {
                // A broken store shows on /healthz; the scrape still returns the other metrics.
            }
        });
    }

    /// <summary>Counts revisions that arrived in one push.</summary>
    public void Received(int count) => _received.Inc(count);

    /// <summary>Counts revisions by outcome: "stored", "duplicate", "stale" or "rejected".</summary>
    public void Outcome(string outcome, int count = 1)
    {
        if (count == 0)
        {
            return;
        }

        _outcomes.WithLabels(outcome).Inc(count);
        _meterOutcomes.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>Counts one refused push by its reason (one of <see cref="IngestRefusal.Reasons"/>).</summary>
    public void Refused(string reason)
    {
        _refused.WithLabels(reason).Inc();
        _meterRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>The start of one push, for <see cref="Duration"/>.</summary>
    public long Started() => _timeProvider.GetTimestamp();

    /// <summary>Records how long the push that <paramref name="started"/> (from <see cref="Started"/>) took.</summary>
    public void Duration(long started)
    {
        var elapsed = _timeProvider.GetElapsedTime(started);
        _duration.Observe(elapsed.TotalSeconds);
        _meterDuration.Record(elapsed.TotalSeconds);
    }
}
