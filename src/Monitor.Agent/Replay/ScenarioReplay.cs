using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Clocks;
using Monitor.Agent.Sources;
using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Replay;

/// <summary>
/// Plays a scenario folder (metrics.om and events.jsonl, see DESIGN.md) through the same pipeline
/// as live data, on virtual time: batches come in recorded-time order, the <see cref="ReplayClock"/>
/// moves to each batch's time, and between batches it waits the recorded gap divided by the speed
/// (no wait at speed 0). A bad line is logged with its file and line and skipped; the rest plays.
/// Samples stay in the file until their batch is due (<see cref="MetricsRecording"/>), so a long
/// recording takes no more memory than a short one of as many series.
/// </summary>
public sealed class ScenarioReplay(
    ReplaySourceOptions options,
    ReplayClock clock,
    WallClock wallClock,
    ILogger<ScenarioReplay> logger) : ISource
{
    /// <summary>File of samples in a scenario folder.</summary>
    public const string MetricsFile = "metrics.om";

    /// <summary>File of events in a scenario folder.</summary>
    public const string EventsFile = "events.jsonl";

    /// <inheritdoc/>
    public string Name => "replay";

    /// <summary>Problems found in the scenario's files so far.</summary>
    public IReadOnlyList<InputProblem> Problems => _problems;

    /// <summary>Time span of the recording, known once loaded.</summary>
    public (DateTimeOffset First, DateTimeOffset Last)? Span { get; private set; }

    private readonly List<InputProblem> _problems = [];

    /// <inheritdoc/>
    public async IAsyncEnumerable<SourceBatch> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (metrics, events) = await Task.Run(Load, cancellationToken);
        if (metrics is not { SampleCount: > 0 } && events.Count == 0)
        {
            logger.LogError("Scenario {Path} has no usable samples or events", options.Path);
            yield break;
        }

        Span = SpanOf(metrics, events);
        clock.AdvanceTo(Span.Value.First);
        DateTimeOffset? previous = null;
        foreach (var batch in Batches(metrics, events))
        {
            if (previous is { } p && options.Speed > 0)
            {
                await Task.Delay((batch.Time - p) / options.Speed, wallClock.Time, cancellationToken);
            }

            clock.AdvanceTo(batch.Time);
            previous = batch.Time;
            yield return batch;
        }
    }

    // Samples stay in the file until played (see MetricsRecording); events are few and kept.
    private (MetricsRecording? Metrics, SortedDictionary<DateTimeOffset, List<SiteEvent>> Events) Load()
    {
        var metricsPath = System.IO.Path.Combine(options.Path, MetricsFile);
        MetricsRecording? metrics = null;
        if (File.Exists(metricsPath))
        {
            metrics = MetricsRecording.Index(metricsPath, Report);
        }
        else
        {
            Report(new InputProblem(metricsPath, 0, "file not found: a scenario needs its samples in metrics.om"));
        }

        var eventsPath = System.IO.Path.Combine(options.Path, EventsFile);
        var events = new SortedDictionary<DateTimeOffset, List<SiteEvent>>();
        var eventCount = 0;
        if (File.Exists(eventsPath))
        {
            using var reader = new StreamReader(eventsPath);
            foreach (var e in EventLogReader.Read(reader, eventsPath, Report))
            {
                if (!events.TryGetValue(e.Time, out var atTime))
                {
                    events[e.Time] = atTime = [];
                }

                atTime.Add(e);
                eventCount++;
            }
        }

        logger.LogInformation("Scenario {Path}: {Samples} samples, {Events} events, {Problems} problems",
            options.Path, metrics?.SampleCount ?? 0, eventCount, _problems.Count);
        return (metrics, events);
    }

    private void Report(InputProblem problem)
    {
        _problems.Add(problem);
        logger.LogWarning("Scenario input skipped: {Problem}", problem.ToString());
    }

    private static (DateTimeOffset First, DateTimeOffset Last) SpanOf(MetricsRecording? metrics, SortedDictionary<DateTimeOffset, List<SiteEvent>> events)
    {
        var times = new List<DateTimeOffset>();
        if (metrics is { First: { } first, Last: { } last })
        {
            times.AddRange([first, last]);
        }

        if (events.Count > 0)
        {
            times.AddRange([events.Keys.First(), events.Keys.Last()]);
        }

        return (times.Min(), times.Max());
    }

    // The recording's sample groups and the events, merged by time: one batch a time, an event at
    // a sample's time in that sample's batch. A time's batch keeps the first time value seen
    // (a sample's before an event's), as grouping everything by time did.
    private IEnumerable<SourceBatch> Batches(MetricsRecording? metrics, SortedDictionary<DateTimeOffset, List<SiteEvent>> events)
    {
        using var samples = (metrics?.InTimeOrder(Report) ?? []).GetEnumerator();
        using var atTimes = events.GetEnumerator();
        var moreSamples = samples.MoveNext();
        var moreEvents = atTimes.MoveNext();
        while (moreSamples || moreEvents)
        {
            if (moreSamples && (!moreEvents || samples.Current.Time <= atTimes.Current.Key))
            {
                var (time, batch) = samples.Current;
                var sameTime = moreEvents && time == atTimes.Current.Key;
                yield return new SourceBatch(Name, time, batch, sameTime ? atTimes.Current.Value : []);
                moreEvents = sameTime ? atTimes.MoveNext() : moreEvents;
                moreSamples = samples.MoveNext();
            }
            else
            {
                yield return new SourceBatch(Name, atTimes.Current.Key, [], atTimes.Current.Value);
                moreEvents = atTimes.MoveNext();
            }
        }
    }
}
