using Monitor.Core.Findings;
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
            var hostsDegraded = new List<string>();
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
                    var unknownText = unknown > 0 ? $", {unknown} unknown" : "";
                    hostsDegraded.Add($"{host.Key} over {up} of {up + down + unknown} paths ({string.Join(", ", downNames)} down{unknownText})");
                }
            }

            if (hostsDegraded.Count == 0 || since is null)
            {
                continue;
            }

            var lost = worstUp == 0;
            var kind = lost ? FindingKinds.PathsLost : FindingKinds.PathsDegraded;
            since = context.Onset(volume.Key, kind, since.Value);
            yield return new Finding(
                volume.Key,
                kind,
                Name,
                $"Since {context.Topology.Clock(since.Value)} volume {volume.Key} is reached by {string.Join("; ", hostsDegraded)}: "
                    + (lost ? "no path is left, I/O to the volume fails." : "degraded operation, one more failure stops I/O."),
                since.Value,
                evidence,
                "seed 001 (CTY, 2017)");
        }
    }
}
