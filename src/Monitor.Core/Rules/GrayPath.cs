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
        var options = context.Options;
        var look = Math.Max(Recent, options.ClearSamples);
        foreach (var group in context.Topology.Paths.GroupBy(p => (p.Host, p.Volume)))
        {
            var siblings = group.ToList();
            foreach (var path in siblings)
            {
                if (context.FreshValue(path.Id, MetricCatalog.PathUp) == 0 || !CarriesIo(context, path.Id))
                {
                    continue; // failed over, or idle: not gray
                }

                var timeouts = context.Fresh(path.Id, MetricCatalog.PathIoTimeouts, look);
                IReadOnlyList<TimedValue> recentTimeouts = timeouts.Count <= Recent ? timeouts : [.. timeouts.Skip(timeouts.Count - Recent)];
                var timingOut = recentTimeouts.Count(p => p.Value > 0) >= Needed;
                var slow = Slow(context, path, siblings, look);
                var slowNow = slow is { } sl && sl.Limits.Count >= Needed && sl.Limits.Skip(sl.Limits.Count - Needed).All(x => x.Mine >= x.Limit);
                var holds = timingOut || slowNow;
                if (!holds && context.IsActive(path.Id, FindingKinds.GrayPath))
                {
                    // Raised, it stays until both signs have been quiet for a while: no timeouts, and
                    // latency under the clear level against the siblings at the same times.
                    var timeoutsQuiet = RuleContext.Cleared(timeouts, options.ClearSamples, v => v <= 0) || timeouts.Count == 0;
                    var latencyQuiet = slow is not { } q || (q.Limits.Count >= options.ClearSamples
                        && q.Limits.Skip(q.Limits.Count - options.ClearSamples).All(x => x.Mine < x.Limit * options.ClearFraction));
                    holds = !(timeoutsQuiet && latencyQuiet);
                }

                if (!holds)
                {
                    continue;
                }

                var evidence = new List<Sample>(RuleContext.Evidence(path.Id, MetricCatalog.PathIoTimeouts, recentTimeouts));
                var withTimeouts = recentTimeouts.Count(p => p.Value > 0);
                var why = withTimeouts > 0 || slow is null
                    ? $"I/O timeouts in {withTimeouts} of its last {recentTimeouts.Count} samples"
                    : $"latency {Figures.Milliseconds(slow.Value.Limits[^1].Mine)} against {Figures.Milliseconds(slow.Value.Limits[^1].Siblings)} on its sibling paths";
                if (slow is { } s)
                {
                    evidence.AddRange(s.Evidence);
                }

                var firstTimeout = recentTimeouts.FirstOrDefault(p => p.Value > 0);
                var since = context.Onset(path.Id, FindingKinds.GrayPath, timingOut || slow is null
                    ? (withTimeouts > 0 ? firstTimeout.Time : context.Now)
                    : slow.Value.Limits[Math.Max(0, slow.Value.Limits.Count - Needed)].Time);
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

    // My latency against the median of my siblings' latency at the same times (paired by time,
    // never by position), for each of my newest points that has a sibling sample to compare with.
    private static (List<(DateTimeOffset Time, double Mine, double Siblings, double Limit)> Limits, IReadOnlyList<Sample> Evidence)? Slow(RuleContext context, AccessPath path, List<AccessPath> siblings, int look)
    {
        if (siblings.Count < 2)
        {
            return null; // nothing to compare with
        }

        var mine = context.Fresh(path.Id, MetricCatalog.BlockAwait, look);
        if (mine.Count < Needed)
        {
            return null;
        }

        // Sibling values per point of mine, in one buffer: row i holds what the siblings showed at mine[i].
        var width = siblings.Count - 1;
        var buffer = new double[mine.Count * width];
        var counts = new int[mine.Count];
        foreach (var other in siblings)
        {
            // An idle standby path (ALUA non-optimised) has no latency to compare with.
            if (other.Id == path.Id || (context.FreshValue(other.Id, MetricCatalog.BlockReadIops) ?? 0) + (context.FreshValue(other.Id, MetricCatalog.BlockWriteIops) ?? 0) <= 0)
            {
                continue;
            }

            var points = context.Fresh(other.Id, MetricCatalog.BlockAwait, look);
            var i = 0;
            foreach (var (a, b) in RuleContext.Aligned(mine, points))
            {
                while (mine[i].Time != a.Time)
                {
                    i++;
                }

                buffer[(i * width) + counts[i]++] = b.Value;
            }
        }

        var options = context.Options;
        var limits = new List<(DateTimeOffset Time, double Mine, double Siblings, double Limit)>(mine.Count);
        for (var i = 0; i < mine.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            Array.Sort(buffer, i * width, counts[i]);
            var median = buffer[(i * width) + (counts[i] / 2)];
            limits.Add((mine[i].Time, mine[i].Value, median, Math.Max(median * options.GrayPathLatencyFactor, options.GrayPathLatencyFloor.TotalSeconds)));
        }

        return limits.Count == 0 ? null : (limits, RuleContext.Evidence(path.Id, MetricCatalog.BlockAwait, mine.Skip(Math.Max(0, mine.Count - Needed))));
    }
}
