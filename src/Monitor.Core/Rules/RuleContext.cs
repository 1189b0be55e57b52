using Monitor.Core.Findings;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>What a rule may look at.</summary>
/// <param name="Now">Evaluation time (virtual in replay).</param>
/// <param name="Window">Recent samples.</param>
/// <param name="Topology">The site.</param>
/// <param name="Options">Thresholds.</param>
/// <param name="Onsets">
/// When each finding active at the previous evaluation began: the window forgets old samples,
/// a finding that lasts longer than the window must not forget when it started.
/// </param>
public sealed record RuleContext(
    DateTimeOffset Now,
    SignalWindow Window,
    SiteTopology Topology,
    DetectionOptions Options,
    IReadOnlyDictionary<FindingKey, DateTimeOffset> Onsets)
{
    /// <summary>
    /// The onset of a finding: the earlier of what the samples in the window show and what the
    /// previous evaluation knew, if the finding was active then.
    /// </summary>
    /// <param name="entity">Topology entity id.</param>
    /// <param name="kind">What was found.</param>
    /// <param name="fromWindow">The onset the samples in the window show.</param>
    /// <param name="scope">The finding's <see cref="Finding.Scope"/>, if it has one.</param>
    public DateTimeOffset Onset(string entity, string kind, DateTimeOffset fromWindow, string? scope = null) =>
        Onsets.TryGetValue(new FindingKey(entity, kind, scope), out var known) && known < fromWindow ? known : fromWindow;

    /// <summary>
    /// The newest points of a series, or nothing when its newest point is older than
    /// <see cref="DetectionOptions.StaleAfter"/>: a silent source means "unknown", never "healthy" or "down".
    /// </summary>
    public IReadOnlyList<TimedValue> Fresh(string entity, string metric, int count)
    {
        var points = Window.Last(entity, metric, count);
        return points.Count > 0 && Now - points[^1].Time <= Options.StaleAfter ? points : [];
    }

    /// <summary>The newest value of a series if it is fresh, else null.</summary>
    public double? FreshValue(string entity, string metric)
    {
        var points = Fresh(entity, metric, 1);
        return points.Count == 1 ? points[0].Value : null;
    }

    /// <summary>
    /// When the trailing run of points that satisfy <paramref name="holds"/> began (looking back
    /// through the whole window), or null when the newest point does not satisfy it.
    /// </summary>
    public DateTimeOffset? RunStart(string entity, string metric, Func<double, bool> holds)
    {
        var points = Window.Since(entity, metric, DateTimeOffset.MinValue);
        DateTimeOffset? start = null;
        for (var i = points.Count - 1; i >= 0 && holds(points[i].Value); i--)
        {
            start = points[i].Time;
        }

        return start;
    }

    /// <summary>The points as evidence samples.</summary>
    public static IReadOnlyList<Sample> Evidence(string entity, string metric, IEnumerable<TimedValue> points) =>
        [.. points.Select(p => new Sample(p.Time, entity, metric, p.Value))];
}
