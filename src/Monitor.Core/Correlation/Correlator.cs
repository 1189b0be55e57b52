using Monitor.Core.Findings;
using Monitor.Core.Topology;

namespace Monitor.Core.Correlation;

/// <summary>
/// Folds findings that share a cause into one candidate incident. A finding is explained by
/// another when the other's entity reaches it in the topology and comes first in
/// <see cref="CauseOrder"/>; findings nothing explains are roots, and every other finding is
/// attached to each root that reaches it. Two independent faults stay two incidents.
/// </summary>
public sealed class Correlator(SiteTopology topology)
{
    private readonly CauseOrder _order = new(topology);

    /// <summary>Groups the findings active now into candidates, most upstream root first.</summary>
    public IReadOnlyList<IncidentCandidate> Correlate(IReadOnlyList<Finding> findings)
    {
        var roots = findings
            .Where(f => !findings.Any(other => !ReferenceEquals(other, f) && Explains(other, f)))
            .Order(_order)
            .ToList();

        return
        [
            .. roots.Select(root => new IncidentCandidate(
                root,
                [.. findings.Where(f => !ReferenceEquals(f, root) && !roots.Contains(f) && topology.Reaches(root.Entity, f.Entity)).Order(_order)])),
        ];
    }

    /// <summary>Whether <paramref name="cause"/> explains <paramref name="effect"/>.</summary>
    public bool Explains(Finding cause, Finding effect) =>
        topology.Reaches(cause.Entity, effect.Entity) && _order.Compare(cause, effect) < 0;
}
