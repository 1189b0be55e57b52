using Monitor.Core.Findings;
using Monitor.Core.Incidents;

namespace Monitor.Core.Tests.Properties;

/// <summary>
/// What the pipeline made of a <see cref="DetectionCase"/>, and the properties it must hold
/// against the injected truth. Each check returns what is wrong, in sentences, so a failing case
/// names its seed and every broken property at once.
/// </summary>
internal sealed class CaseOutcome(
    DetectionCase run,
    SiteSimulation simulation,
    IReadOnlyList<IncidentRevision> revisions,
    IReadOnlyList<(int Cycle, Finding Finding)> findings,
    IReadOnlyList<string> ruleFailures,
    IReadOnlyList<string> unknownEntities)
{
    public DetectionCase Case { get; } = run;

    /// <summary>Each incident's last revision, in the order they opened.</summary>
    public IReadOnlyList<IncidentRevision> Incidents { get; } =
        [.. revisions.GroupBy(r => r.IncidentId).Select(g => g.MaxBy(r => r.Revision)!).OrderBy(r => r.OpenedAt).ThenBy(r => r.RootCause.Kind, StringComparer.Ordinal)];

    public IReadOnlyList<IncidentRevision> Revisions { get; } = revisions;

    public IReadOnlyList<(int Cycle, Finding Finding)> Findings { get; } = findings;

    /// <summary>Everything that must hold whatever the case: no rule throws, every sample names a known entity, users are counted once.</summary>
    public List<string> Always()
    {
        var problems = new List<string>();
        problems.AddRange(ruleFailures.Select(f => $"a rule threw: {f}"));
        problems.AddRange(unknownEntities.Distinct().Select(e => $"the topology does not know '{e}', which the simulation names"));
        foreach (var revision in Revisions)
        {
            var keys = revision.AffectedUsers.GroupBy(a => a.PopulationKey).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (keys.Count > 0)
            {
                problems.Add($"{revision.IncidentId} r{revision.Revision} lists {string.Join(", ", keys)} more than once");
            }

            foreach (var users in revision.AffectedUsers.Where(a => a.Count > a.TotalContracts && a.TotalContracts > 0))
            {
                problems.Add($"{revision.IncidentId} r{revision.Revision}: {users.Count} users of {users.PopulationKey}, which has {users.TotalContracts} contracts");
            }

            var contracts = Case.Site.Services.SelectMany(s => s.Populations).Sum(p => p.Contracts);
            if (revision.AffectedUsersMax > contracts)
            {
                problems.Add($"{revision.IncidentId} r{revision.Revision}: {revision.AffectedUsersMax} users at most, more than the site's {contracts} contracts");
            }

            var sum = revision.AffectedUsers.Sum(a => a.Count);
            if (sum > revision.AffectedUsersMax)
            {
                problems.Add($"{revision.IncidentId} r{revision.Revision}: the populations add up to {sum} users, more than the incident's maximum {revision.AffectedUsersMax}");
            }

            var observed = revision.AffectedUsers.Where(a => a.Basis == Monitor.Core.Impact.UserCountBasis.Observed).Sum(a => a.Count);
            if (observed > simulation.FailedUsers.Count)
            {
                problems.Add($"{revision.IncidentId} r{revision.Revision}: {observed} users observed failing, but only {simulation.FailedUsers.Count} distinct people ever failed a login");
            }
        }

        return problems;
    }

    /// <summary>A healthy background: no incident, and no finding at all.</summary>
    public List<string> Healthy()
    {
        var problems = Always();
        problems.AddRange(Incidents.Select(i => $"healthy background opened {Describe(i)}"));
        problems.AddRange(Findings.GroupBy(f => f.Finding.Key).Select(g => $"healthy background raised {g.Key.Kind} on {g.Key.Entity} (first at cycle {g.Min(x => x.Cycle)}): {g.First().Finding.Explanation}"));
        return problems;
    }

    /// <summary>
    /// Each injected fault gives its own incidents, with the right root, symptoms, users, onset and
    /// recovery; precursors raise their warning and no incident.
    /// </summary>
    public List<string> FollowsTruth()
    {
        var problems = Always();
        var expected = Case.Faults.SelectMany(f => f.Expected(Case.Site)).ToList();
        if (Incidents.Count != expected.Count)
        {
            problems.Add($"{Case.Faults.Count} faults that must open {expected.Count} incidents gave {Incidents.Count}: {string.Join(" | ", Incidents.Select(Describe))}");
        }

        foreach (var fault in Case.Faults)
        {
            if (fault.WarningOnly)
            {
                var raised = Findings.Where(f => f.Finding.Kind == fault.RootKind && f.Finding.Entity == fault.RootEntity).Select(f => f.Cycle).ToList();
                if (!raised.Any(c => c >= fault.From && c < fault.Until + fault.RecoveryDelay))
                {
                    problems.Add($"{fault.Kind}: no {fault.RootKind} on {fault.RootEntity} while it lasted");
                }

                continue;
            }

            foreach (var truth in fault.Expected(Case.Site))
            {
                var incident = Incidents.FirstOrDefault(i => i.RootCause.Kind == truth.RootKind && i.RootCause.Entity == truth.RootEntity);
                if (incident is null)
                {
                    problems.Add($"{fault.Kind}: no incident rooted at {truth.RootKind} on {truth.RootEntity}");
                    continue;
                }

                foreach (var (kind, entity) in fault.AlsoRaises(Case.Site))
                {
                    if (!incident.Symptoms.Any(s => s.Kind == kind && s.Entity == entity))
                    {
                        problems.Add($"{fault.Kind}: the incident rooted at {truth.RootEntity} does not list {kind} on {entity} among its symptoms");
                    }
                }

                problems.AddRange(Timing(fault, incident));
                problems.AddRange(Users(fault, truth, incident));
            }
        }

        return problems;
    }

    private IEnumerable<string> Timing(InjectedFault fault, IncidentRevision incident)
    {
        var (from, until) = (simulation.At(fault.From), simulation.At(fault.From + fault.OnsetDelay));
        if (incident.OpenedAt < from || incident.OpenedAt > until)
        {
            yield return $"{fault.Kind}: opened at {incident.OpenedAt:HH:mm:ss}, the fault began at {from:HH:mm:ss} (the rules need up to {fault.OnsetDelay} cycles)";
        }

        var (ended, recoveredBy) = (simulation.At(fault.Until), simulation.At(fault.Until + fault.RecoveryDelay));
        if (incident.RecoveredAt is not { } recovered)
        {
            yield return $"{fault.Kind}: never recovered after the fault ended at {ended:HH:mm:ss} ({incident.State})";
        }
        else if (recovered < ended || recovered > recoveredBy)
        {
            yield return $"{fault.Kind}: recovered at {recovered:HH:mm:ss}, the fault ended at {ended:HH:mm:ss} (the rules need up to {fault.RecoveryDelay} cycles)";
        }

        if (incident.State != IncidentState.Resolved)
        {
            yield return $"{fault.Kind}: {incident.State} at the end, not resolved after the quiet period";
        }
    }

    private IEnumerable<string> Users(InjectedFault fault, ExpectedIncident truth, IncidentRevision incident)
    {
        if (fault.Kind == FaultKind.LoginStorm)
        {
            // The people of the storm, each once across hosts and time; at most every person who
            // failed at all (typos in the incident's span count too).
            var storm = simulation.StormUsers.Count;
            if (incident.AffectedUsersMax < storm || incident.AffectedUsersMax > simulation.FailedUsers.Count)
            {
                yield return $"{fault.Kind}: {incident.AffectedUsersMax} users, but {storm} people failed in the storm ({simulation.FailedUsers.Count} failed at all)";
            }

            yield break;
        }

        var expected = truth.ServicesHit.Sum(s => s.Contracts);
        if (incident.AffectedUsersMax != expected)
        {
            yield return $"{fault.Kind}: {incident.AffectedUsersMax} users, expected {expected} (the contracts of {string.Join(", ", truth.ServicesHit.Select(s => s.Id))})";
        }
    }

    /// <summary>The outcome with every name replaced by its place in the site: equal for two spellings of one case.</summary>
    public IReadOnlyList<string> Normalized(Naming naming)
    {
        string Place(string name) => string.Join("/", name.Split('/').Select(naming.PlaceOf));
        return
        [
            .. Incidents.Select(i =>
                $"{i.State} {i.Severity} root {i.RootCause.Kind}@{Place(i.RootCause.Entity)} opened {i.OpenedAt:O} recovered {i.RecoveredAt:O} resolved {i.ResolvedAt:O} "
                + $"symptoms [{string.Join(", ", i.Symptoms.Select(s => $"{s.Kind}@{Place(s.Entity)}").Order(StringComparer.Ordinal))}] "
                + $"users {i.AffectedUsersMax} [{string.Join(", ", i.AffectedUsers.Select(a => $"{Place(a.PopulationKey)}={a.Count}").Order(StringComparer.Ordinal))}] revisions {Revisions.Count(r => r.IncidentId == i.IncidentId)}")
                .Order(StringComparer.Ordinal),
            .. Findings.GroupBy(f => (f.Finding.Kind, Place(f.Finding.Entity))).Select(g => $"finding {g.Key.Kind}@{g.Key.Item2} cycles {g.Min(x => x.Cycle)}-{g.Max(x => x.Cycle)} ({g.Count()})").Order(StringComparer.Ordinal),
        ];
    }

    private static string Describe(IncidentRevision i) =>
        $"[{i.State} {i.RootCause.Kind}@{i.RootCause.Entity} opened {i.OpenedAt:HH:mm:ss}, {i.Symptoms.Count} symptoms ({string.Join(", ", i.Symptoms.Select(s => $"{s.Kind}@{s.Entity}"))}), {i.AffectedUsersMax} users]";
}
