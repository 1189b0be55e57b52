using Monitor.Core.Findings;
using Monitor.Core.Topology;

namespace Monitor.Core.Impact;

/// <summary>
/// Who is hit: functions whose probes fail make their service's populations affected, counted
/// by contracts (the basis the regulator's report asks for, seed 003). A population is counted
/// once however many functions or findings hit it.
/// </summary>
public static class ImpactAssessment
{
    /// <summary>Affected users now, per population, from the findings active now.</summary>
    public static IReadOnlyList<PopulationImpact> AffectedUsers(SiteTopology topology, IEnumerable<Finding> active)
    {
        var populations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var finding in active.Where(f => f.Kind == FindingKinds.ServiceDown))
        {
            if (topology.ServiceOf(finding.Entity) is { } service)
            {
                populations.UnionWith(service.Populations);
            }
        }

        return
        [
            .. populations.Select(key => topology.Populations[key])
                .Select(p => new PopulationImpact(p.Key, p.Contracts, UserCountBasis.Contracts, p.Contracts)),
        ];
    }

    /// <summary>Every function of every service, with how hard the incident's findings hit it.</summary>
    public static IReadOnlyList<FunctionImpact> Functions(SiteTopology topology, IEnumerable<Finding> everSeen)
    {
        var stopped = everSeen.Where(f => f.Kind == FindingKinds.ServiceDown).Select(f => f.Entity).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. topology.Services.SelectMany(s => s.Functions.Select(fn => new FunctionImpact(
                s.Id,
                s.Name,
                fn,
                stopped.Contains(s.FunctionId(fn)) ? ImpactLevel.Stopped : ImpactLevel.NotAffected,
                s.Category))),
        ];
    }
}
