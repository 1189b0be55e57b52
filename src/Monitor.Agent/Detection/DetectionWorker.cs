using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Outbox;
using Monitor.Agent.Revisions;
using Monitor.Agent.Sources;
using Monitor.Agent.Telemetry;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Signals;

namespace Monitor.Agent.Detection;

/// <summary>
/// Feeds the sources' batches through the detection pipeline and puts every revision it makes
/// into the outbox. Each batch is evaluated at its own time, which the source took from the
/// <see cref="TimeProvider"/> when it read (in a replay, the recorded time): the channel lets
/// sources run ahead of detection, so "now" at evaluation would be the wrong time. The batches of
/// one tick (every source's read of the same interval) are evaluated once, together.
/// </summary>
public sealed class DetectionWorker(
    ChannelReader<SourceBatch> batches,
    DetectionPipeline pipeline,
    RevisionMapper mapper,
    IOutbox outbox,
    AgentLifecycle lifecycle,
    IEnumerable<IDetectionObserver> observers,
    AgentMetrics metrics,
    ILogger<DetectionWorker> logger,
    TimeProvider clock,
    IncidentStateFile? state = null) : BackgroundService
{
    // While incidents are open, the saved state is refreshed at least this often, so that after a
    // crash "the agent was not running from …" starts at most this long before it really stopped.
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a tick's first batch the others are awaited before one evaluation of them
    /// all: the polled sources start together and read in a few milliseconds to tens of them, and
    /// a finding is raised at most this much later than if each batch were evaluated alone.
    /// </summary>
    public static readonly TimeSpan TickSettle = TimeSpan.FromMilliseconds(250);

    private readonly HashSet<string> _kindsSeen = new(StringComparer.Ordinal);
    private readonly HashSet<(string Source, string Metric, string Reason)> _dropsLogged = [];
    private string _source = "";
    private HashSet<string> _tickSources = new(StringComparer.Ordinal);
    private HashSet<string> _lastTickSources = new(StringComparer.Ordinal);
    private DateTimeOffset _evaluatedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _savedAt = DateTimeOffset.MinValue;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        pipeline.UnknownEntity += entity =>
            logger.LogWarning("Samples name entity '{Entity}', which the topology does not know; no rule looks at them", entity);
        pipeline.RuleFailed += failure =>
        {
            metrics.RuleFailures.WithLabels(failure.Rule).Inc();
            logger.LogError(failure.Error, "Rule {Rule} failed; the other rules still ran", failure.Rule);
        };

        pipeline.SampleDropped += Dropped;

        Resume();
        try
        {
            SourceBatch? next = null;
            while (next is not null || await batches.WaitToReadAsync(stoppingToken))
            {
                if (next is null && !batches.TryRead(out next))
                {
                    continue;
                }

                next = await GatherTickAsync(next, stoppingToken);
                await EvaluateAsync(_evaluatedAt, stoppingToken);
            }

            // The input has ended (a replay's last batch): what the revision policy still holds back goes out.
            await AppendAsync(pipeline.Flush(_evaluatedAt), stoppingToken);
            lifecycle.DetectionFinished();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // A graceful stop (a deploy, systemctl restart) saves the state as of the last evaluation.
            if (state is not null && _evaluatedAt != DateTimeOffset.MinValue)
            {
                state.Save(pipeline.SaveIncidents(_evaluatedAt));
            }
        }
    }

    // Observes the tick's first batch and those of other sources that follow within TickSettle
    // (of their read time, and of waiting for them), so 8 sources pay one evaluation, not 8. A
    // batch read later than that belongs to the next tick and is returned unobserved: a replay's
    // minutes apart are each evaluated at their own time, as a constant stream still is every
    // TickSettle at least. A tick is whole as soon as every source of the last tick has
    // delivered again, and is evaluated then without waiting out TickSettle (a steady agent sets
    // no timer a tick, and finds a fault sooner); a source late or failing makes it wait.
    private async Task<SourceBatch?> GatherTickAsync(SourceBatch first, CancellationToken stoppingToken)
    {
        _tickSources.Clear();
        try
        {
            Observe(first);
            var waitUntil = clock.GetUtcNow() + TickSettle;
            while (true)
            {
                if (batches.TryRead(out var batch))
                {
                    if (batch.Time - first.Time >= TickSettle)
                    {
                        return batch;
                    }

                    Observe(batch);
                    continue;
                }

                if (_lastTickSources.Count > 0 && _tickSources.IsSupersetOf(_lastTickSources))
                {
                    return null;
                }

                var remaining = waitUntil - clock.GetUtcNow();
                if (remaining <= TimeSpan.Zero || !await WaitForBatchAsync(remaining, stoppingToken))
                {
                    return null;
                }
            }
        }
        finally
        {
            (_lastTickSources, _tickSources) = (_tickSources, _lastTickSources);
        }
    }

    // True when a batch is there to read; false when the wait ran out or the input has ended.
    private async Task<bool> WaitForBatchAsync(TimeSpan remaining, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(remaining, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        var waiting = batches.WaitToReadAsync(either.Token).AsTask();

        // A settle that runs out ends every tick: awaited without throwing, as an exception a
        // second was a visible share of an idle agent's CPU.
        await ((Task)waiting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (waiting.IsCanceled)
        {
            stoppingToken.ThrowIfCancellationRequested();
            return false;
        }

        return await waiting;
    }

    private void Observe(SourceBatch batch)
    {
        _source = batch.Source;
        _tickSources.Add(batch.Source);
        foreach (var sample in batch.Samples)
        {
            pipeline.Observe(sample);
            metrics.Samples.Export(sample);
        }

        foreach (var sighting in batch.Sightings)
        {
            pipeline.Observe(sighting);
        }

        foreach (var siteEvent in batch.Events)
        {
            pipeline.Observe(siteEvent);
        }

        // Sources read at slightly different times; evaluation time never goes back.
        _evaluatedAt = batch.Time > _evaluatedAt ? batch.Time : _evaluatedAt;
    }

    // The incidents an earlier run left open continue: same ids, the next revision numbers.
    private void Resume()
    {
        if (state?.Load() is not { } saved)
        {
            return;
        }

        pipeline.ResumeIncidents(saved, clock.GetUtcNow());
        logger.LogInformation("Continuing {Count} incident(s) saved at {SavedAt:u} in {Path}", saved.Incidents.Count, saved.SavedAt, state.Path);
    }

    // Every drop is counted; the first of each source, metric and reason is logged, so that a
    // broken exporter serving NaN every 15 s is seen without filling the log.
    private void Dropped(SampleDrop drop)
    {
        metrics.SamplesDropped.WithLabels(_source, drop.Reason).Inc();
        if (_dropsLogged.Add((_source, drop.Sample.Metric, drop.Reason)))
        {
            logger.LogWarning(
                "Source {Source}: {Metric} of '{Entity}' at {Time:O} = {Value} dropped ({Reason}: {Explanation}); further drops of this kind are only counted in monitor_agent_samples_dropped_total",
                _source, drop.Sample.Metric, drop.Sample.Entity, drop.Sample.Time, drop.Sample.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), drop.Reason, SampleRefusal.Explain(drop.Reason));
        }
    }

    private async Task EvaluateAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var activity = AgentTelemetry.Activities.StartActivity("evaluate");
        var result = pipeline.Evaluate(at);
        UpdateFindingGauges(result.Findings);
        metrics.IncidentsOpen.Set(pipeline.OpenIncidents);

        // Saved before the revisions enter the outbox: a crash between the two then skips a
        // revision number (the collector takes the next one) rather than reusing one.
        if (state is not null && (result.Revisions.Count > 0 || (pipeline.OpenIncidents > 0 && at - _savedAt >= SaveEvery)))
        {
            state.Save(pipeline.SaveIncidents(at));
            _savedAt = at;
        }

        await AppendAsync(result.Revisions, cancellationToken);
        foreach (var observer in observers)
        {
            observer.Evaluated(result);
        }
    }

    private async Task AppendAsync(IReadOnlyList<IncidentRevision> revisions, CancellationToken cancellationToken)
    {
        foreach (var revision in revisions)
        {
            try
            {
                await outbox.AppendAsync(mapper.ToWire(revision), cancellationToken);
            }
            catch (OutboxWriteException e)
            {
                // Loud, and detection goes on: the next revision of this incident carries its whole state.
                logger.LogCritical("{Error}", e.Message);
                continue;
            }

            metrics.Revisions.Inc();
            logger.LogInformation("Incident {Id} revision {Revision}: {State}, root {Entity} {Kind}, {Users} users",
                revision.IncidentId, revision.Revision, revision.State, revision.RootCause.Entity, revision.RootCause.Kind, revision.AffectedUsersMax);
        }
    }

    private void UpdateFindingGauges(IReadOnlyList<Finding> findings)
    {
        _kindsSeen.UnionWith(findings.Select(f => f.Kind));
        foreach (var kind in _kindsSeen)
        {
            metrics.FindingsActive.WithLabels(kind).Set(findings.Count(f => f.Kind == kind));
        }
    }
}
