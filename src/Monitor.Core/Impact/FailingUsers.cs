using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Impact;

/// <summary>
/// The users seen failing to log in, per service and <see cref="UserGroup"/>, in buckets of
/// <see cref="BucketLength"/> over the signal window: an incident opened now can still count its
/// users from an onset up to one window back, and each incident keeps what it counted since
/// (<see cref="ObservedUsers"/>). Memory is bounded: per service and group at most
/// window / <see cref="BucketLength"/> buckets (24 for the default two hours) of one
/// <see cref="DistinctUsers"/> each (64 KiB at most), whatever the number of users or lines;
/// per host and protocol, counts of whose logins failed in buckets of <see cref="LoginBucketLength"/>.
/// </summary>
public sealed class FailingUsers : IFailingLogins
{
    /// <summary>The time resolution of counting: how far before an onset a user may still be counted.</summary>
    public static readonly TimeSpan BucketLength = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The time resolution of telling whose logins fail on a shared host: finer than counting, so
    /// that a storm's first minute is not weighed against five minutes of everyday typos.
    /// </summary>
    public static readonly TimeSpan LoginBucketLength = TimeSpan.FromMinutes(1);

    private readonly UserAttribution _attribution;
    private readonly TimeSpan _window;
    private readonly Dictionary<string, List<Bucket>> _byService = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _identifiedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Host, string Protocol), List<LoginBucket>> _byLogin = [];
    private DateTimeOffset? _newest;
    private DateTimeOffset _forgetBefore = DateTimeOffset.MinValue;

    /// <summary>Creates the store of a site.</summary>
    /// <param name="topology">The site: which services and populations a login belongs to.</param>
    /// <param name="window">How long sightings are kept: the signal window.</param>
    public FailingUsers(SiteTopology topology, TimeSpan window)
    {
        Topology = topology;
        _attribution = new UserAttribution(topology);
        _window = window;
    }

    /// <summary>Grows with every sighting kept: a reader remembers it to take only what changed since.</summary>
    public long Sequence { get; private set; }

    /// <summary>The site.</summary>
    internal SiteTopology Topology { get; }

    /// <summary>Takes one sighting; false when no service runs on its host, or it is older than the window.</summary>
    public bool Add(in UserSighting sighting)
    {
        if (sighting.Time < _newest - _window || _attribution.Of(sighting.Host, sighting.Protocol, sighting.Domain) is not { } group)
        {
            return false;
        }

        _newest = _newest is { } newest && newest > sighting.Time ? newest : sighting.Time;

        // Every service the login could have been for now has identities, including those it was not for:
        // their per-interval metric counts someone else's users.
        foreach (var service in _attribution.ServicesAt(sighting.Host, sighting.Protocol))
        {
            if (!_identifiedAt.TryGetValue(service.Id, out var at) || at < sighting.Time)
            {
                _identifiedAt[service.Id] = sighting.Time;
            }
        }

        _groups.TryAdd(group.Key, group);
        Sequence++;
        var start = new DateTimeOffset(sighting.Time.UtcTicks - (sighting.Time.UtcTicks % BucketLength.Ticks), TimeSpan.Zero);
        if (!_byLogin.TryGetValue((sighting.Host, sighting.Protocol), out var logins))
        {
            _byLogin[(sighting.Host, sighting.Protocol)] = logins = [];
        }

        var minute = new DateTimeOffset(sighting.Time.UtcTicks - (sighting.Time.UtcTicks % LoginBucketLength.Ticks), TimeSpan.Zero);
        var login = logins.Count > 0 && logins[^1].Start == minute ? logins[^1] : logins.Find(b => b.Start == minute);
        if (login is null)
        {
            logins.Add(login = new LoginBucket(minute));
        }

        login.Total++;
        foreach (var service in group.Services)
        {
            login.ByService[service] = login.ByService.GetValueOrDefault(service) + 1;
        }

        foreach (var service in group.Services)
        {
            if (!_byService.TryGetValue(service, out var buckets))
            {
                _byService[service] = buckets = [];
            }

            var bucket = BucketAt(buckets, start);
            if (!bucket.Users.TryGetValue(group.Key, out var users))
            {
                bucket.Users[group.Key] = users = new DistinctUsers();
            }

            users.Add(sighting.User);
            bucket.ChangedAt = Sequence;
        }

        return true;
    }

    /// <summary>Drops buckets that ended more than one window before <paramref name="now"/>.</summary>
    public void Forget(DateTimeOffset now)
    {
        _forgetBefore = now - _window;
        foreach (var buckets in _byService.Values)
        {
            buckets.RemoveAll(b => b.Start + BucketLength < now - _window);
        }
        foreach (var logins in _byLogin.Values)
        {
            logins.RemoveAll(b => b.Start + LoginBucketLength < now - _window);
        }
    }

    /// <inheritdoc/>
    public double? ShareOf(string service, string host, string protocol, DateTimeOffset since)
    {
        if (!_byLogin.TryGetValue((host, protocol), out var logins))
        {
            return null;
        }

        long total = 0, theirs = 0;
        foreach (var bucket in logins.Where(b => b.Start + LoginBucketLength > since))
        {
            total += bucket.Total;
            theirs += bucket.ByService.GetValueOrDefault(service);
        }

        return total == 0 ? null : (double)theirs / total;
    }

    /// <summary>Whether logins at the service's hosts were identified within the window; if not, counts fall back to the per-interval metric.</summary>
    public bool Identifies(string service) => _identifiedAt.TryGetValue(service, out var at) && at >= _forgetBefore;

    /// <summary>The group of a key this store has handed out.</summary>
    internal UserGroup Group(string key) => _groups[key];

    /// <summary>The users of a service per group, in buckets that reach past <paramref name="since"/> and changed after sequence <paramref name="after"/>.</summary>
    internal IEnumerable<(string Group, DistinctUsers Users)> Changed(string service, DateTimeOffset since, long after) =>
        _byService.TryGetValue(service, out var buckets)
            ? buckets.Where(b => b.Start + BucketLength > since && b.ChangedAt > after).SelectMany(b => b.Users.Select(u => (u.Key, u.Value)))
            : [];

    // Buckets stay in time order; a late sighting lands in its own bucket.
    private static Bucket BucketAt(List<Bucket> buckets, DateTimeOffset start)
    {
        var i = buckets.Count;
        while (i > 0 && buckets[i - 1].Start > start)
        {
            i--;
        }

        if (i > 0 && buckets[i - 1].Start == start)
        {
            return buckets[i - 1];
        }

        var bucket = new Bucket(start);
        buckets.Insert(i, bucket);
        return bucket;
    }

    // The failed logins identified on one host and protocol in one bucket, and for which services they may be.
    private sealed class LoginBucket(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public long Total { get; set; }

        public Dictionary<string, long> ByService { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Bucket(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public Dictionary<string, DistinctUsers> Users { get; } = new(StringComparer.Ordinal);

        public long ChangedAt { get; set; }
    }
}
