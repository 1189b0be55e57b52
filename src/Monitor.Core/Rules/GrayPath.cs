using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
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

    // Each path's siblings (the paths of its host to its volume), grouped once per topology.
    private static readonly PerTopology<AccessPath[][]> Siblings = new(topology =>
        [.. topology.Paths.GroupBy(p => (p.Host, p.Volume)).Select(g => g.ToArray())]);

    /// <inheritdoc/>
    public string Name => "gray-path";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var options = context.Options;
        var look = Math.Max(Recent, options.ClearSamples);
        // One list for every path's comparison: each path's is read before the next is made.
        var scratch = new List<SiblingLimit>(look);
        foreach (var siblings in Siblings.Of(context.Topology))
        {
            foreach (var path in siblings)
            {
                if (context.FreshValue(path.Id, MetricCatalog.PathUp) == 0 || !CarriesIo(context, path.Id))
                {
                    continue; // failed over, or idle: not gray
                }

                var timeouts = context.Fresh(path.Id, MetricCatalog.PathIoTimeouts, look);
                var recentTimeouts = timeouts.Newest(Recent);
                var timingOut = WithTimeouts(recentTimeouts) >= Needed;
                var slow = Slow(context, path, siblings, look, scratch);
                var slowNow = slow is { } sl && NewestAll(sl.Limits, Needed, 1.0, slower: true);
                var holds = timingOut || slowNow;
                if (!holds && context.IsActive(path.Id, FindingKinds.GrayPath))
                {
                    // Raised, it stays until both signs have been quiet for a while: no timeouts, and
                    // latency under the clear level against the siblings at the same times.
                    var timeoutsQuiet = RuleContext.Cleared(timeouts, options.ClearSamples, v => v <= 0) || timeouts.Count == 0;
                    var latencyQuiet = slow is not { } q || NewestAll(q.Limits, options.ClearSamples, options.ClearFraction, slower: false);
                    holds = !(timeoutsQuiet && latencyQuiet);
                }

                if (!holds)
                {
                    continue;
                }

                var evidence = new List<Sample>(RuleContext.Evidence(path.Id, MetricCatalog.PathIoTimeouts, recentTimeouts));
                var withTimeouts = recentTimeouts.Count(p => p.Value > 0);
                var byTimeouts = withTimeouts > 0 || slow is null;
                if (slow is { } s)
                {
                    evidence.AddRange(RuleContext.Evidence(path.Id, MetricCatalog.BlockAwait, s.Mine.Newest(Needed)));
                }

                var firstTimeout = recentTimeouts.FirstOrDefault(p => p.Value > 0);
                var since = context.Onset(path.Id, FindingKinds.GrayPath, timingOut || slow is null
                    ? (withTimeouts > 0 ? firstTimeout.Time : context.Now)
                    : slow.Value.Limits[Math.Max(0, slow.Value.Limits.Count - Needed)].Time);
                yield return context.Explained(
                    path.Id,
                    FindingKinds.GrayPath,
                    Name,
                    byTimeouts || slow is not { } slowly
                        ? FindingMessage.Of(
                            PathMessages.GrayPathTimeouts,
                            context.Named("path", path.Id),
                            context.Named("host", path.Host),
                            context.Named("controller", path.Controller),
                            MessageArgument.Count("timeouts", withTimeouts),
                            MessageArgument.Count("samples", recentTimeouts.Count),
                            MessageArgument.At("since", since))
                        : FindingMessage.Of(
                            PathMessages.GrayPathSlow,
                            context.Named("path", path.Id),
                            context.Named("host", path.Host),
                            context.Named("controller", path.Controller),
                            MessageArgument.Seconds("latency", slowly.Limits[^1].Mine),
                            MessageArgument.Seconds("siblings", slowly.Limits[^1].Siblings),
                            MessageArgument.At("since", since)),
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
    private static (List<SiblingLimit> Limits, SeriesView Mine)? Slow(RuleContext context, AccessPath path, AccessPath[] siblings, int look, List<SiblingLimit> limits)
    {
        if (siblings.Length < 2)
        {
            return null; // nothing to compare with
        }

        var mine = context.Fresh(path.Id, MetricCatalog.BlockAwait, look);
        if (mine.Count < Needed)
        {
            return null;
        }

        // Sibling values per point of mine, in one buffer: row i holds what the siblings showed at mine[i].
        var width = siblings.Length - 1;
        // Rules read a few newest points: on the stack for them.
        var buffer = mine.Count * width <= 256 ? stackalloc double[mine.Count * width] : new double[mine.Count * width];
        var counts = mine.Count <= 64 ? stackalloc int[mine.Count] : new int[mine.Count];
        counts.Clear();
        var pairs = mine.Count <= 64 ? stackalloc (TimedValue A, TimedValue B)[mine.Count] : new (TimedValue A, TimedValue B)[mine.Count];
        foreach (var other in siblings)
        {
            // An idle standby path (ALUA non-optimised) has no latency to compare with.
            if (other.Id == path.Id || (context.FreshValue(other.Id, MetricCatalog.BlockReadIops) ?? 0) + (context.FreshValue(other.Id, MetricCatalog.BlockWriteIops) ?? 0) <= 0)
            {
                continue;
            }

            var points = context.Fresh(other.Id, MetricCatalog.BlockAwait, look);
            var i = 0;
            foreach (var (a, b) in pairs[..RuleContext.Aligned(mine, points, pairs)])
            {
                while (mine[i].Time != a.Time)
                {
                    i++;
                }

                buffer[(i * width) + counts[i]++] = b.Value;
            }
        }

        var options = context.Options;
        limits.Clear();
        for (var i = 0; i < mine.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            buffer.Slice(i * width, counts[i]).Sort();
            var median = buffer[(i * width) + (counts[i] / 2)];
            limits.Add(new(mine[i].Time, mine[i].Value, median, Math.Max(median * options.GrayPathLatencyFactor, options.GrayPathLatencyFloor.TotalSeconds)));
        }

        return limits.Count == 0 ? null : (limits, mine);
    }

    private static int WithTimeouts(SeriesView timeouts)
    {
        var count = 0;
        for (var i = 0; i < timeouts.Count; i++)
        {
            count += timeouts.ValueAt(i) > 0 ? 1 : 0;
        }

        return count;
    }

    // Whether the newest n comparisons are all at or above their limit (slower), or all under
    // the limit scaled by the fraction; false when there are fewer than n.
    private static bool NewestAll(List<SiblingLimit> limits, int n, double fraction, bool slower)
    {
        if (limits.Count < n)
        {
            return false;
        }

        for (var i = limits.Count - n; i < limits.Count; i++)
        {
            if (slower ? !(limits[i].Mine >= limits[i].Limit) : !(limits[i].Mine < limits[i].Limit * fraction))
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct SiblingLimit(DateTimeOffset Time, double Mine, double Siblings, double Limit);
}
