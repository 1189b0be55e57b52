using System.Collections.Frozen;

namespace Monitor.Core.Topology;

/// <summary>
/// A validated site: its entities and the dependency graph that carries trouble downstream
/// (host -> HBA port -> path -> controller -> volume -> mail service -> users). Immutable;
/// built by <see cref="TopologyLoader"/>.
/// </summary>
public sealed class SiteTopology
{
    private readonly FrozenDictionary<string, Entity> _entities;
    private readonly FrozenDictionary<string, Dependency[]> _downstream;
    private readonly FrozenDictionary<string, FrozenSet<string>> _reach;
    private readonly FrozenDictionary<string, int> _depth;
    private readonly FrozenDictionary<string, string> _aliases;
    private TimeZoneInfo? _timeZone;

    internal SiteTopology(
        SiteInfo site,
        IReadOnlyList<Entity> entities,
        IReadOnlyList<Controller> controllers,
        IReadOnlyList<AccessPath> paths,
        IReadOnlyList<MailService> services,
        IReadOnlyList<Population> populations,
        IReadOnlyList<Dependency> dependencies,
        IReadOnlyDictionary<string, string> aliases)
    {
        _aliases = aliases.ToFrozenDictionary(StringComparer.Ordinal);
        Site = site;
        _entities = entities.ToFrozenDictionary(e => e.Id, StringComparer.Ordinal);
        Controllers = controllers.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        Paths = paths;
        Services = services;
        Populations = populations.ToFrozenDictionary(p => p.Key, StringComparer.Ordinal);
        Dependencies = dependencies;
        _downstream = dependencies.GroupBy(d => d.From, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _reach = _entities.Keys.ToFrozenDictionary(id => id, Reach, StringComparer.Ordinal);
        _depth = ComputeDepth();
        MailDomains = new MailDomains(services);
    }

    /// <summary>Where the site is.</summary>
    public SiteInfo Site { get; }

    /// <summary>Which service mail belongs to, by recipient domain (shared MX hosts).</summary>
    public MailDomains MailDomains { get; }

    /// <summary>Every entity, by id.</summary>
    public IEnumerable<Entity> Entities => _entities.Values;

    /// <summary>Controllers by id.</summary>
    public FrozenDictionary<string, Controller> Controllers { get; }

    /// <summary>Access paths.</summary>
    public IReadOnlyList<AccessPath> Paths { get; }

    /// <summary>Mail services.</summary>
    public IReadOnlyList<MailService> Services { get; }

    /// <summary>Populations by key.</summary>
    public FrozenDictionary<string, Population> Populations { get; }

    /// <summary>Every edge of the graph.</summary>
    public IReadOnlyList<Dependency> Dependencies { get; }

    /// <summary>The site's time zone, for times people read; UTC when the zone is unknown here.</summary>
    public TimeZoneInfo TimeZone => _timeZone ??= TimeZoneInfo.TryFindSystemTimeZoneById(Site.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>A time as people on site read it, e.g. "08:53".</summary>
    public string Clock(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, TimeZone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The entity id an alias stands for, or <paramref name="id"/> itself when it is not an alias.</summary>
    public string Resolve(string id) => _aliases.GetValueOrDefault(id, id);

    /// <summary>The entity with this id, or null.</summary>
    public Entity? Find(string id) => _entities.GetValueOrDefault(id);

    /// <summary>Whether trouble at <paramref name="from"/> can reach <paramref name="to"/> (an entity reaches itself).</summary>
    public bool Reaches(string from, string to) =>
        _reach.TryGetValue(from, out var set) && set.Contains(to);

    /// <summary>
    /// How far downstream an entity sits: 0 for hosts and controllers, 1 for HBA ports, growing towards the users.
    /// The most upstream finding of an incident is its root-cause candidate.
    /// </summary>
    public int Depth(string id) => _depth.GetValueOrDefault(id, int.MaxValue);

    /// <summary>The service a service-function entity belongs to, or null.</summary>
    public MailService? ServiceOf(string entityId)
    {
        foreach (var service in Services)
        {
            if (service.Id == entityId || entityId.StartsWith(service.Id + "/", StringComparison.Ordinal))
            {
                return service;
            }
        }

        return null;
    }

    /// <summary>
    /// The shortest chain of edges from <paramref name="from"/> to <paramref name="to"/>, or an
    /// empty list when <paramref name="to"/> is not downstream.
    /// </summary>
    public IReadOnlyList<Dependency> Chain(string from, string to)
    {
        if (from == to || !Reaches(from, to))
        {
            return [];
        }

        var previous = new Dictionary<string, Dependency>(StringComparer.Ordinal);
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var edge in _downstream.GetValueOrDefault(current, []))
            {
                if (edge.To == from || !previous.TryAdd(edge.To, edge))
                {
                    continue;
                }

                if (edge.To == to)
                {
                    var chain = new List<Dependency>();
                    for (var at = to; at != from; at = previous[at].From)
                    {
                        chain.Add(previous[at]);
                    }

                    chain.Reverse();
                    return chain;
                }

                queue.Enqueue(edge.To);
            }
        }

        return [];
    }

    private FrozenSet<string> Reach(string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>([start]);
        while (stack.Count > 0)
        {
            foreach (var edge in _downstream.GetValueOrDefault(stack.Pop(), []))
            {
                if (seen.Add(edge.To))
                {
                    stack.Push(edge.To);
                }
            }
        }

        return seen.ToFrozenSet(StringComparer.Ordinal);
    }

    // Longest distance from a source along edges that are not take-over edges between peers,
    // so a controller and its partner sit at the same depth.
    private FrozenDictionary<string, int> ComputeDepth()
    {
        var depth = _entities.Keys.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        var hierarchy = Dependencies.Where(d => _entities[d.From].Type != _entities[d.To].Type).ToList();
        for (var round = 0; round < _entities.Count; round++)
        {
            var changed = false;
            foreach (var edge in hierarchy)
            {
                if (depth[edge.To] < depth[edge.From] + 1)
                {
                    depth[edge.To] = depth[edge.From] + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return depth.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
