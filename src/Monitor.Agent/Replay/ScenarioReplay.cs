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
        var (samples, events) = await Task.Run(Load, cancellationToken);
        if (samples.Count == 0 && events.Count == 0)
        {
            logger.LogError("Scenario {Path} has no usable samples or events", options.Path);
            yield break;
        }

        var batches = Batch(samples, events);
        Span = (batches[0].Time, batches[^1].Time);
        clock.AdvanceTo(batches[0].Time);
        DateTimeOffset? previous = null;
        foreach (var batch in batches)
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

    private (List<Sample> Samples, List<SiteEvent> Events) Load()
    {
        var metricsPath = System.IO.Path.Combine(options.Path, MetricsFile);
        var samples = new List<Sample>();
        if (File.Exists(metricsPath))
        {
            using var reader = new StreamReader(metricsPath);
            samples.AddRange(OpenMetricsReader.Read(reader, metricsPath, Report));
        }
        else
        {
            Report(new InputProblem(metricsPath, 0, "file not found: a scenario needs its samples in metrics.om"));
        }

        var eventsPath = System.IO.Path.Combine(options.Path, EventsFile);
        var events = new List<SiteEvent>();
        if (File.Exists(eventsPath))
        {
            using var reader = new StreamReader(eventsPath);
            events.AddRange(EventLogReader.Read(reader, eventsPath, Report));
        }

        logger.LogInformation("Scenario {Path}: {Samples} samples, {Events} events, {Problems} problems",
            options.Path, samples.Count, events.Count, _problems.Count);
        return (samples, events);
    }

    private void Report(InputProblem problem)
    {
        _problems.Add(problem);
        logger.LogWarning("Scenario input skipped: {Problem}", problem.ToString());
    }

    // OpenMetrics groups samples by metric family; playback needs them by time.
    private List<SourceBatch> Batch(List<Sample> samples, List<SiteEvent> events)
    {
        var byTime = new SortedDictionary<DateTimeOffset, (List<Sample> Samples, List<SiteEvent> Events)>();
        foreach (var sample in samples)
        {
            Slot(sample.Time).Samples.Add(sample);
        }

        foreach (var e in events)
        {
            Slot(e.Time).Events.Add(e);
        }

        return [.. byTime.Select(kv => new SourceBatch(Name, kv.Key, kv.Value.Samples, kv.Value.Events))];

        (List<Sample> Samples, List<SiteEvent> Events) Slot(DateTimeOffset time)
        {
            if (!byTime.TryGetValue(time, out var slot))
            {
                byTime[time] = slot = ([], []);
            }

            return slot;
        }
    }
}
