using Monitor.Core.Topology;

namespace Monitor.Core.Impact;

/// <summary>
/// Puts a failing user in one <see cref="UserGroup"/>. The services are those that list the host
/// and the protocol (or the host alone, when none lists the protocol). The population is the one
/// whose domains hold the login's domain; failing that, the one population those services have;
/// failing that, nobody can tell, and the user counts as unattributed: never in every population
/// at once, which would count one person several times.
/// </summary>
public sealed class UserAttribution
{
    private readonly SiteTopology _topology;
    private readonly Dictionary<string, Population> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Host, string Protocol), MailService[]> _services = [];

    /// <summary>Creates the attribution of a site.</summary>
    public UserAttribution(SiteTopology topology)
    {
        _topology = topology;
        foreach (var population in topology.Populations.Values)
        {
            foreach (var domain in population.Domains ?? [])
            {
                _byDomain.TryAdd(domain, population);
            }
        }
    }

    /// <summary>The group of a user who failed to log in on <paramref name="host"/> over <paramref name="protocol"/>, or null when no service runs there.</summary>
    public UserGroup? Of(string host, string protocol, string? domain)
    {
        var services = Services(host, protocol);
        if (services.Length == 0)
        {
            return null;
        }

        if (domain is not null && _byDomain.TryGetValue(domain, out var byDomain))
        {
            var holding = services.Where(s => s.Populations.Contains(byDomain.Key)).ToArray();
            if (holding.Length > 0)
            {
                return Population(byDomain, holding);
            }
        }

        var populations = services.SelectMany(s => s.Populations).Distinct(StringComparer.Ordinal).ToArray();
        return populations.Length == 1
            ? Population(_topology.Populations[populations[0]], services)
            : Unattributed(services);
    }

    /// <summary>
    /// Where a per-interval count without identities goes: the service's one population, or its
    /// unattributed users when it has several.
    /// </summary>
    public UserGroup OfService(MailService service) =>
        service.Populations.Count == 1 ? Population(_topology.Populations[service.Populations[0]], [service]) : Unattributed([service]);

    /// <summary>The services a login on <paramref name="host"/> over <paramref name="protocol"/> may belong to.</summary>
    public IReadOnlyList<MailService> ServicesAt(string host, string protocol) => Services(host, protocol);

    private MailService[] Services(string host, string protocol)
    {
        if (!_services.TryGetValue((host, protocol), out var services))
        {
            var onHost = _topology.Services.Where(s => s.Hosts.Contains(host)).ToArray();
            var withProtocol = onHost.Where(s => s.Functions.Contains(protocol)).ToArray();
            _services[(host, protocol)] = services = withProtocol.Length > 0 ? withProtocol : onHost;
        }

        return services;
    }

    private UserGroup Population(Population population, IReadOnlyList<MailService> services) =>
        Group(population.Key, services, population.Contracts, population.Contracts);

    private UserGroup Unattributed(IReadOnlyList<MailService> services)
    {
        var limit = services.SelectMany(s => s.Populations).Distinct(StringComparer.Ordinal).Sum(p => _topology.Populations[p].Contracts);
        return Group(string.Join('+', services.Select(s => s.Id)) + UserGroup.UnattributedSuffix, services, limit, 0);
    }

    private static UserGroup Group(string key, IReadOnlyList<MailService> services, long limit, long totalContracts) =>
        new(key, [.. services.Select(s => s.Id)], limit, totalContracts);
}
