using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// A host reaches a volume over fewer paths than it should: degraded operation (one path left)
/// or loss (none left). Lesson of seed 001 (CTY, 2017): one of the two access paths was cut.
/// </summary>
public sealed class PathsDegraded : IRule
{
    // Grouped once per topology: the grouping is the same at every evaluation.
    private static readonly PerTopology<VolumePaths[]> Volumes = new(Group);

    /// <inheritdoc/>
    public string Name => "paths-degraded";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var volume in Volumes.Of(context.Topology))
        {
            var worstUp = int.MaxValue;
            // Made only for a volume with a path down: most evaluations find none.
            List<FindingMessage>? hostsDegraded = null;
            List<Sample>? evidence = null;
            DateTimeOffset? since = null;

            foreach (var host in volume.Hosts)
            {
                int up = 0, down = 0, unknown = 0;
                List<string>? downNames = null;
                foreach (var path in host.Paths)
                {
                    var state = context.Fresh(path.Id, MetricCatalog.PathUp, 1);
                    if (state.Count == 0)
                    {
                        unknown++; // neither up nor down
                        continue;
                    }

                    if (state[0].Value > 0)
                    {
                        up++;
                        continue;
                    }

                    down++;
                    (downNames ??= []).Add(path.Id);
                    (evidence ??= []).AddRange(RuleContext.Evidence(path.Id, MetricCatalog.PathUp, state));
                    var start = context.RunStart(path.Id, MetricCatalog.PathUp, v => v <= 0) ?? state[0].Time;
                    since = since is null || start < since ? start : since;
                }

                if (downNames is not null)
                {
                    // A path we know nothing about might still carry I/O: "lost" needs every path known down.
                    worstUp = Math.Min(worstUp, up + unknown);
                    (hostsDegraded ??= []).Add(FindingMessage.Of(
                        PathMessages.PathsOfHost,
                        context.Named("host", host.Id),
                        MessageArgument.Count("up", up),
                        MessageArgument.Count("total", up + down + unknown),
                        context.NamedList("down", downNames),
                        unknown > 0 ? MessageArgument.Count("unknown", unknown) : null));
                }
            }

            if (hostsDegraded is null || evidence is null || since is null)
            {
                continue;
            }

            var lost = worstUp == 0;
            var kind = lost ? FindingKinds.PathsLost : FindingKinds.PathsDegraded;
            since = context.Onset(volume.Id, kind, since.Value);
            // One path left is one failure from a stop; more left is less redundancy, not that.
            var message = lost ? PathMessages.PathsLost : worstUp == 1 ? PathMessages.PathsDegradedLastPath : PathMessages.PathsDegradedReduced;
            yield return context.Explained(
                volume.Id,
                kind,
                Name,
                FindingMessage.Of(
                    message,
                    MessageArgument.At("since", since.Value),
                    context.Named("volume", volume.Id),
                    MessageArgument.PartList("hosts", hostsDegraded)),
                since.Value,
                evidence,
                "seed 001 (CTY, 2017)");
        }
    }

    // The paths of the topology by volume, and by host within each, in the order the topology
    // lists them; arrays, walked without an enumerator.
    private static VolumePaths[] Group(SiteTopology topology) =>
        [.. topology.Paths.GroupBy(p => p.Volume, StringComparer.Ordinal)
            .Select(volume => new VolumePaths(
                volume.Key,
                [.. volume.GroupBy(p => p.Host, StringComparer.Ordinal).Select(host => new HostPaths(host.Key, [.. host]))]))];

    private sealed record VolumePaths(string Id, HostPaths[] Hosts);

    private sealed record HostPaths(string Id, AccessPath[] Paths);
}
