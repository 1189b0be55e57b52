using Monitor.Core.Correlation;
using Monitor.Core.Findings;
using Monitor.Core.Topology;

namespace Monitor.Core.Incidents;

/// <summary>
/// Draws the chain from the root cause to the users: each finding hangs under the nearest
/// finding upstream of it (the deepest entity that reaches it, then the likelier cause), the
/// topology supplies the hops in between, and services that stopped end in their populations.
/// </summary>
public static class CausalChainBuilder
{
    /// <summary>Builds the chain; links come in the order the trouble spread.</summary>
    public static IReadOnlyList<CausalLink> Build(SiteTopology topology, Finding root, IReadOnlyCollection<Finding> findings)
    {
        var order = new CauseOrder(topology);
        var byEntity = findings.Append(root)
            .GroupBy(f => f.Entity, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f, order).ToList(), StringComparer.Ordinal);
        var entities = byEntity.Keys.Where(e => e != root.Entity && topology.Reaches(root.Entity, e))
            .OrderBy(e => byEntity[e][0].Since)
            .ThenBy(e => topology.Depth(e))
            .ThenBy(e => e, StringComparer.Ordinal);

        var links = new List<CausalLink>();
        var seen = new HashSet<(string, string)>();
        foreach (var entity in entities)
        {
            var parent = byEntity.Keys
                .Where(p => p != entity && topology.Reaches(p, entity) && topology.Reaches(root.Entity, p))
                .OrderByDescending(p => topology.Depth(p))
                .ThenBy(p => byEntity[p][0], order)
                .First();

            foreach (var hop in topology.Chain(parent, entity))
            {
                if (seen.Add((hop.From, hop.To)))
                {
                    var kinds = byEntity.TryGetValue(hop.To, out var at) ? at.Select(f => f.Kind).Distinct().ToList() : [];
                    links.Add(new CausalLink(hop.From, hop.To, hop.Relation, kinds));
                }
            }
        }

        foreach (var service in topology.Services)
        {
            var stopped = service.Functions.Any(fn => byEntity.TryGetValue(service.FunctionId(fn), out var f) && f.Any(x => FindingKinds.Describe(x.Kind).UserImpact.Effect == FunctionEffect.Stops));
            if (stopped)
            {
                links.AddRange(service.Populations.Select(p => new CausalLink(service.Id, p, "is used by", [FindingKinds.UsersAffected])));
            }
        }

        return links;
    }
}
