using Monitor.Core.Findings;
using Monitor.Core.Topology;

namespace Monitor.Core.Correlation;

/// <summary>
/// Folds findings that share a cause into one candidate incident. A finding is explained by
/// another when the other's entity reaches it in the topology and comes first in
/// <see cref="CauseOrder"/>; findings nothing explains are roots, and every other finding is
/// attached to each root that reaches it. Findings that nothing explains but were seen through
/// the same host of the same service (IMAP and POP3 logins failing on one back end) are one
/// fault of that host (a service with one host sees all its findings through it, probes' too):
/// the first in cause order is the root, the others its symptoms. Two
/// independent faults stay two incidents.
/// </summary>
public sealed class Correlator(SiteTopology topology)
{
    private readonly CauseOrder _order = new(topology);

    /// <summary>Groups the findings active now into candidates, most upstream root first.</summary>
    public IReadOnlyList<IncidentCandidate> Correlate(IReadOnlyList<Finding> findings)
    {
        var unexplained = findings
            .Where(f => !findings.Any(other => !ReferenceEquals(other, f) && Explains(other, f)))
            .Order(_order)
            .ToList();

        // Each group: a root and the unexplained findings seen where it was (its own included).
        var groups = new List<(Finding Root, List<Finding> Seen)>();
        foreach (var finding in unexplained)
        {
            var group = groups.FindIndex(g => g.Seen.Any(seen => SameHostOfService(seen, finding)));
            if (group < 0)
            {
                groups.Add((finding, [finding]));
            }
            else
            {
                groups[group].Seen.Add(finding);
            }
        }

        return
        [
            .. groups.Select(g => new IncidentCandidate(
                g.Root,
                [.. findings.Where(f => !ReferenceEquals(f, g.Root)
                    && (g.Seen.Contains(f) || (!unexplained.Contains(f) && g.Seen.Any(seen => topology.Reaches(seen.Entity, f.Entity))))).Order(_order)])),
        ];
    }

    /// <summary>Whether <paramref name="cause"/> explains <paramref name="effect"/>.</summary>
    public bool Explains(Finding cause, Finding effect) =>
        topology.Reaches(cause.Entity, effect.Entity) && _order.Compare(cause, effect) < 0;

    // A shared MX is seen through by several services: only one service's own findings are one
    // fault. An Info finding is context, never part of a fault (else, ranking first, it would be its root).
    private bool SameHostOfService(Finding a, Finding b) =>
        a.Severity != Severity.Info && b.Severity != Severity.Info
        && topology.ServiceOf(a.Entity) is { } service && ReferenceEquals(service, topology.ServiceOf(b.Entity))
        && SeenThrough(a, service) is { } host && host == SeenThrough(b, service);

    // A finding that names no host (a probe's: POP3 and IMAP stopped with Dovecot) is seen
    // through its service's host when the service has only one.
    private static string? SeenThrough(Finding finding, MailService service) =>
        finding.Scope ?? (service.Hosts.Count == 1 ? service.Hosts[0] : null);
}
