using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// Mail findings land on the services a host runs, not on the host: the service is downstream of
/// the storage, so a queue that grows because the storage is slow joins the storage's incident.
/// </summary>
internal static class MailHosts
{
    /// <summary>Each host that runs at least one service, with those services.</summary>
    public static IEnumerable<(string Host, IReadOnlyList<MailService> Services)> All(SiteTopology topology) =>
        topology.Services
            .SelectMany(s => s.Hosts.Select(h => (Host: h, Service: s)))
            .GroupBy(x => x.Host, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<MailService>)[.. g.Select(x => x.Service)]));
}
