using Monitor.Core.Findings;
using Monitor.Core.Topology;

namespace Monitor.Core.Impact;

/// <summary>
/// Who is hit, as each kind's <see cref="UserImpact"/> says. A whole service down, or its mail
/// lost or delayed, hits every contract of its populations (the basis the regulator's report asks
/// for, seed 003). Failing logins hit the distinct users seen failing (observed basis): people
/// identified in the logs, each counted once in the one population they belong to
/// (<see cref="ObservedUsers"/>), or, where no source identifies them, the largest per-interval
/// count, in the service's one population or as its unattributed users, never in every population
/// at once. A population is counted once, with the larger of the two counts, however many
/// functions or findings hit it.
/// </summary>
public static class ImpactAssessment
{
    /// <summary>Affected users now, per population, from the findings active now.</summary>
    /// <param name="topology">The site.</param>
    /// <param name="active">The findings active now.</param>
    /// <param name="observed">The users the incident identified failing, if any source identifies them.</param>
    public static IReadOnlyList<PopulationImpact> AffectedUsers(SiteTopology topology, IEnumerable<Finding> active, ObservedUsers? observed = null)
    {
        UserAttribution? attribution = null;
        var identified = new HashSet<string>(StringComparer.Ordinal);
        var byPopulation = new SortedDictionary<string, PopulationImpact>(StringComparer.Ordinal);
        var unattributed = new Dictionary<string, UserGroup>(StringComparer.Ordinal);
        void Count(PopulationImpact impact)
        {
            if (!byPopulation.TryGetValue(impact.PopulationKey, out var known) || impact.Count > known.Count)
            {
                byPopulation[impact.PopulationKey] = impact;
            }
        }

        void Observed(UserGroup group, long users)
        {
            Count(new PopulationImpact(group.Key, Math.Min(users, group.Limit), UserCountBasis.Observed, group.TotalContracts));
            if (!group.IsPopulation)
            {
                unattributed[group.Key] = group;
            }
        }

        foreach (var finding in active)
        {
            if (topology.ServiceOf(finding.Entity) is not { } service)
            {
                continue;
            }

            var impact = FindingKinds.Describe(finding.Kind).UserImpact;
            if (impact.Reach == UserReach.AllContracts)
            {
                foreach (var population in service.Populations.Select(key => topology.Populations[key]))
                {
                    Count(new PopulationImpact(population.Key, population.Contracts, UserCountBasis.Contracts, population.Contracts));
                }
            }
            else if (impact.Reach == UserReach.ObservedUsers && !identified.Contains(service.Id))
            {
                if (observed?.Of(service.Id) is { } groups)
                {
                    // Several login findings of one service (protocols, hosts) share its people: counted once.
                    identified.Add(service.Id);
                    foreach (var (group, users) in groups)
                    {
                        Observed(group, users);
                    }
                }
                else
                {
                    // No identities: the per-interval count is a lower bound of the people hit, and says nothing of their population.
                    var users = finding.Evidence.Where(e => e.Metric == impact.UsersMetric).Select(e => (long)e.Value).DefaultIfEmpty(0).Max();
                    Observed((attribution ??= new UserAttribution(topology)).OfService(service), users);
                }
            }
        }

        // Unattributed users are among their services' populations: nothing to add when those are all counted whole.
        foreach (var (key, group) in unattributed)
        {
            var populations = group.Services.SelectMany(id => topology.Services.First(s => s.Id == id).Populations);
            if (populations.All(p => byPopulation.TryGetValue(p, out var counted) && counted.Basis == UserCountBasis.Contracts))
            {
                byPopulation.Remove(key);
            }
        }

        return [.. byPopulation.Values];
    }

    /// <summary>Every function of every service, with how hard the incident's findings hit it.</summary>
    public static IReadOnlyList<FunctionImpact> Functions(SiteTopology topology, IEnumerable<Finding> everSeen)
    {
        var seen = everSeen.ToList();
        var stopped = seen.Where(f => Effect(f) == FunctionEffect.Stops).Select(f => f.Entity).ToHashSet(StringComparer.Ordinal);
        var degraded = seen.Where(f => Effect(f) == FunctionEffect.Degrades).Select(f => f.Entity).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. topology.Services.SelectMany(s => s.Functions.Select(fn => new FunctionImpact(
                s.Id,
                s.Name,
                fn,
                Level(s, fn, stopped, degraded),
                s.Category))),
        ];
    }

    private static FunctionEffect Effect(Finding finding) => FindingKinds.Describe(finding.Kind).UserImpact.Effect;

    // A function-level finding degrades or stops that function (a slow answer degrades it, a failing
    // probe stops it, and stopped wins when both were seen). A service-level finding (queue, loss)
    // degrades what carries mail to users: inbound SMTP or relay.
    private static ImpactLevel Level(MailService service, string function, HashSet<string> stopped, HashSet<string> degraded)
    {
        var id = service.FunctionId(function);
        if (stopped.Contains(id))
        {
            return ImpactLevel.Stopped;
        }

        return degraded.Contains(id) || (degraded.Contains(service.Id) && function is "smtp-in" or "relay" or "lmtp")
            ? ImpactLevel.Degraded
            : ImpactLevel.NotAffected;
    }
}
