using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// A host reaches a volume over fewer paths than it should: degraded operation (one path left)
/// or loss (none left). Lesson of seed 001 (CTY, 2017): one of the two access paths was cut.
/// </summary>
public sealed class PathsDegraded : IRule
{
    /// <inheritdoc/>
    public string Name => "paths-degraded";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var volume in context.Topology.Paths.GroupBy(p => p.Volume, StringComparer.Ordinal))
        {
            var worstUp = int.MaxValue;
            var hostsDegraded = new List<FindingMessage>();
            var evidence = new List<Sample>();
            DateTimeOffset? since = null;

            foreach (var host in volume.GroupBy(p => p.Host, StringComparer.Ordinal))
            {
                int up = 0, down = 0, unknown = 0;
                var downNames = new List<string>();
                foreach (var path in host)
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
                    downNames.Add(path.Id);
                    evidence.AddRange(RuleContext.Evidence(path.Id, MetricCatalog.PathUp, state));
                    var start = context.RunStart(path.Id, MetricCatalog.PathUp, v => v <= 0) ?? state[0].Time;
                    since = since is null || start < since ? start : since;
                }

                if (down > 0)
                {
                    // A path we know nothing about might still carry I/O: "lost" needs every path known down.
                    worstUp = Math.Min(worstUp, up + unknown);
                    hostsDegraded.Add(FindingMessage.Of(
                        PathMessages.PathsOfHost,
                        context.Named("host", host.Key),
                        MessageArgument.Count("up", up),
                        MessageArgument.Count("total", up + down + unknown),
                        context.NamedList("down", downNames),
                        unknown > 0 ? MessageArgument.Count("unknown", unknown) : null));
                }
            }

            if (hostsDegraded.Count == 0 || since is null)
            {
                continue;
            }

            var lost = worstUp == 0;
            var kind = lost ? FindingKinds.PathsLost : FindingKinds.PathsDegraded;
            since = context.Onset(volume.Key, kind, since.Value);
            // One path left is one failure from a stop; more left is less redundancy, not that.
            var message = lost ? PathMessages.PathsLost : worstUp == 1 ? PathMessages.PathsDegradedLastPath : PathMessages.PathsDegradedReduced;
            yield return context.Explained(
                volume.Key,
                kind,
                Name,
                FindingMessage.Of(
                    message,
                    MessageArgument.At("since", since.Value),
                    context.Named("volume", volume.Key),
                    MessageArgument.PartList("hosts", hostsDegraded)),
                since.Value,
                evidence,
                "seed 001 (CTY, 2017)");
        }
    }
}
