using Monitor.Core.Findings;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// A path that is sick but not dead: still up and still carrying I/O while its timeouts, or its
/// latency against its sibling paths, say it is failing, and no failover was taken. Lesson of
/// seed 002 (Freebit, 2020): an FC port's signal output degraded, the port kept running, I/O timed
/// out, and nothing switched to the second port.
/// </summary>
public sealed class GrayPath : IRule
{
    private const int Recent = 5;
    private const int Needed = 3;

    /// <inheritdoc/>
    public string Name => "gray-path";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var group in context.Topology.Paths.GroupBy(p => (p.Host, p.Volume)))
        {
            var siblings = group.ToList();
            foreach (var path in siblings)
            {
                if (context.FreshValue(path.Id, MetricCatalog.PathUp) == 0 || !CarriesIo(context, path.Id))
                {
                    continue; // failed over, or idle: not gray
                }

                var timeouts = context.Fresh(path.Id, MetricCatalog.PathIoTimeouts, Recent);
                var timingOut = timeouts.Count(p => p.Value > 0) >= Needed;
                var slow = Slow(context, path, siblings);
                if (!timingOut && slow is null)
                {
                    continue;
                }

                var evidence = new List<Sample>(RuleContext.Evidence(path.Id, MetricCatalog.PathIoTimeouts, timeouts));
                var why = timingOut
                    ? $"I/O timeouts in {timeouts.Count(p => p.Value > 0)} of its last {timeouts.Count} samples"
                    : $"latency {Figures.Milliseconds(slow!.Value.Mine)} against {Figures.Milliseconds(slow.Value.Siblings)} on its sibling paths";
                if (slow is { } s)
                {
                    evidence.AddRange(s.Evidence);
                }

                var since = context.Onset(path.Id, FindingKinds.GrayPath, timingOut
                    ? timeouts.First(p => p.Value > 0).Time
                    : slow!.Value.Since);
                yield return new Finding(
                    path.Id,
                    FindingKinds.GrayPath,
                    Name,
                    $"Path {path.Id} ({path.Host} -> {path.Controller}) is still up and carrying I/O with {why} since {context.Topology.Clock(since)}, "
                        + "and no failover was taken: I/O through it waits or fails.",
                    since,
                    evidence,
                    "seed 002 (Freebit, 2020)");
            }
        }
    }

    private static bool CarriesIo(RuleContext context, string path) =>
        (context.FreshValue(path, MetricCatalog.BlockReadIops) ?? 0) + (context.FreshValue(path, MetricCatalog.BlockWriteIops) ?? 0) > 0
        || (context.FreshValue(path, MetricCatalog.PathUp) == 1 && context.FreshValue(path, MetricCatalog.BlockReadIops) is null);

    private static (double Mine, double Siblings, DateTimeOffset Since, IReadOnlyList<Sample> Evidence)? Slow(RuleContext context, AccessPath path, List<AccessPath> siblings)
    {
        var others = siblings.Where(p => p.Id != path.Id).ToList();
        if (others.Count == 0)
        {
            return null; // nothing to compare with
        }

        var mine = context.Fresh(path.Id, MetricCatalog.BlockAwait, Needed);
        if (mine.Count < Needed)
        {
            return null;
        }

        // An idle standby path (ALUA non-optimised) has no latency to compare with.
        var theirs = others.Where(o => CarriesIo(context, o.Id) && (context.FreshValue(o.Id, MetricCatalog.BlockReadIops) ?? 0) + (context.FreshValue(o.Id, MetricCatalog.BlockWriteIops) ?? 0) > 0)
            .Select(o => context.FreshValue(o.Id, MetricCatalog.BlockAwait)).OfType<double>().Order().ToList();
        if (theirs.Count == 0)
        {
            return null;
        }

        var median = theirs[theirs.Count / 2];
        var limit = Math.Max(median * context.Options.GrayPathLatencyFactor, context.Options.GrayPathLatencyFloor.TotalSeconds);
        return mine.All(p => p.Value >= limit)
            ? (mine[^1].Value, median, mine[0].Time, RuleContext.Evidence(path.Id, MetricCatalog.BlockAwait, mine))
            : null;
    }
}
