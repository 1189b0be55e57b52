using Monitor.Core.Findings;

namespace Monitor.Core.Impact;

/// <summary>
/// The distinct users one incident saw failing to log in, per <see cref="UserGroup"/>: every
/// user of a service whose login finding holds, from that finding's onset on, across hosts,
/// protocols and time, each person once. It only grows while the incident lasts, which is what
/// the report's "affected users" asks: the people hit at any time, not those hit in the last
/// interval.
/// </summary>
public sealed class ObservedUsers
{
    private readonly Dictionary<string, DistinctUsers> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _groupsByService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Since, long Sequence)> _merged = new(StringComparer.Ordinal);

    /// <summary>Adds the users the store saw since the last call, for the login findings active now.</summary>
    public void Absorb(FailingUsers store, IEnumerable<Finding> active)
    {
        var onsets = active
            .Where(f => FindingKinds.Describe(f.Kind).UserImpact.Reach == UserReach.ObservedUsers)
            .Select(f => (Service: store.Topology.ServiceOf(f.Entity)?.Id, f.Since))
            .Where(x => x.Service is not null)
            .GroupBy(x => x.Service!, StringComparer.Ordinal)
            .Select(g => (Service: g.Key, Since: g.Min(x => x.Since)));
        foreach (var (service, since) in onsets)
        {
            if (!_groupsByService.ContainsKey(service) && !store.Identifies(service))
            {
                continue;
            }

            if (!_groupsByService.TryGetValue(service, out var keys))
            {
                _groupsByService[service] = keys = new SortedSet<string>(StringComparer.Ordinal);
            }

            // Unions are idempotent, so reading a bucket twice is harmless; reading only what changed keeps it cheap.
            var incremental = _merged.TryGetValue(service, out var merged) && merged.Since <= since;
            foreach (var (key, users) in store.Changed(service, since, incremental ? merged.Sequence : 0))
            {
                if (!_users.TryGetValue(key, out var counted))
                {
                    _users[key] = counted = new DistinctUsers();
                    _groups[key] = store.Group(key);
                }

                counted.UnionWith(users);
                keys.Add(key);
            }

            _merged[service] = (incremental ? merged.Since : since, store.Sequence);
        }
    }

    /// <summary>
    /// The groups counted for a service and their users so far, or null when its users were never
    /// identified (then only the per-interval metric can count them).
    /// </summary>
    public IReadOnlyList<(UserGroup Group, long Count)>? Of(string service) =>
        _groupsByService.TryGetValue(service, out var keys) ? [.. keys.Select(k => (_groups[k], _users[k].Count))] : null;
}
