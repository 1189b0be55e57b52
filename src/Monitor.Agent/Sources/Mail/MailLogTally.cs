using System.Security.Cryptography;
using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// What the mail log said during one interval: logins by protocol, the users whose login failed
/// (as keyed hashes, never their names), delivery failures, bounces, mail dropped.
/// </summary>
public sealed class MailLogTally
{
    /// <summary>Most mail-loss lines kept as timeline events per interval; the count has them all.</summary>
    public const int MaxEvents = 100;

    /// <summary>Most users seen failing handed on per interval (one per host, protocol and user); the metric still counts them all.</summary>
    public const int MaxSightings = 200_000;

    /// <summary>
    /// The login protocols reported, always (0 when quiet): Dovecot's pop3, imap, submission and
    /// managesieve logins, and Postfix's SASL authentication (smtp on port 25, submission on 587/465).
    /// </summary>
    public static IReadOnlyList<string> Protocols { get; } = ["pop3", "imap", "submission", "managesieve", "smtp"];

    private readonly Dictionary<string, ProtocolCounts> _protocols = Protocols.ToDictionary(p => p, _ => new ProtocolCounts(), StringComparer.Ordinal);
    private readonly List<SiteEvent> _events = [];
    private readonly Dictionary<(string Bucket, DeliveryFailureClass Class, bool Permanent), long> _deliveryFailures = [];
    private readonly UserHash _users;
    private readonly long[] _removed = new long[Enum.GetValues<MailRemoval>().Length];
    private readonly List<UserSighting> _sightings = [];
    private readonly HashSet<(string Host, string Protocol, ulong User)> _sighted = [];

    /// <summary>Creates an empty tally.</summary>
    /// <param name="users">The keyed hash of login names; the same for every interval of a source, so a user keeps one id. Default: a key of its own.</param>
    public MailLogTally(UserHash? users = null)
    {
        _users = users ?? new UserHash(RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>Lines read.</summary>
    public long Lines { get; internal set; }

    /// <summary>Lines longer than the cap (MaxLineBytes), cut to it.</summary>
    public long CutLines { get; internal set; }

    /// <summary>Lines whose timestamp layout was not understood, skipped.</summary>
    public long NotUnderstood { get; internal set; }

    /// <summary>Earliest line time seen, if any.</summary>
    public DateTimeOffset? FirstLine { get; private set; }

    /// <summary>Latest line time seen, if any.</summary>
    public DateTimeOffset? LastLine { get; private set; }

    /// <summary>Deliveries into the mailbox store that failed.</summary>
    public long DeliveryFailures { get; internal set; }

    /// <summary>Non-delivery notifications sent to senders.</summary>
    public long Bounces { get; internal set; }

    /// <summary>Messages dropped without delivery: mail loss.</summary>
    public long Discarded { get; private set; }

    /// <summary>Delivery outcomes: sent, deferred, bounced, expired, rejected, by reason, domain and next hop.</summary>
    public MailOutcomes Outcomes { get; } = new();

    /// <summary>Mail removed without being lost, by why (<see cref="MailRemoval"/>).</summary>
    public long Removed(MailRemoval why) => _removed[(int)why];

    /// <summary>The mail-loss lines, for the incident timeline (at most <see cref="MaxEvents"/>).</summary>
    public IReadOnlyList<SiteEvent> Events => _events;

    /// <summary>Each user seen failing a login, once per host and protocol, at their first failure of the interval.</summary>
    public IReadOnlyList<UserSighting> Sightings => _sightings;

    /// <summary>Failed logins (attempts) for a protocol.</summary>
    public long LoginFailures(string protocol) => _protocols[protocol].Failures;

    /// <summary>Successful logins for a protocol.</summary>
    public long LoginSuccesses(string protocol) => _protocols[protocol].Successes;

    /// <summary>Failed logins (attempts) for a protocol that named no user: nobody in particular, never counted as a user.</summary>
    public long UnattributedFailures(string protocol) => _protocols[protocol].Unattributed;

    /// <summary>Distinct users whose login failed, for a protocol.</summary>
    public int FailedUsers(string protocol) => _protocols[protocol].FailedUsers.Count;

    /// <summary>Whether a user's login failed in this interval.</summary>
    public bool UserFailed(string protocol, string user) => _protocols[protocol].FailedUsers.Contains(_users.Of(user));

    internal void Saw(DateTimeOffset time)
    {
        Lines++;
        FirstLine = FirstLine is { } first && first <= time ? first : time;
        LastLine = LastLine is { } last && last >= time ? last : time;
    }

    internal void LoginFailed(DateTimeOffset time, string host, string protocol, string user, int attempts)
    {
        if (!_protocols.TryGetValue(protocol, out var counts))
        {
            return;
        }

        counts.Failures += attempts;
        if (user.Length == 0)
        {
            // No user= (or user=<>): a failure of nobody in particular, never a distinct user.
            counts.Unattributed += attempts;
            return;
        }

        var id = _users.Of(user);
        counts.FailedUsers.Add(id);
        if (_sightings.Count < MaxSightings && _sighted.Add((host, protocol, id)))
        {
            _sightings.Add(new UserSighting(time, host, protocol, id, UserHash.DomainOf(user)));
        }
    }

    internal void LoginSucceeded(string protocol)
    {
        if (_protocols.TryGetValue(protocol, out var counts))
        {
            counts.Successes++;
        }
    }

    internal void MailRemoved(MailRemoval why, SiteEvent? siteEvent)
    {
        _removed[(int)why]++;
        if (siteEvent is not null && _events.Count < MaxEvents)
        {
            _events.Add(siteEvent);
        }
    }

    internal void MailDropped(SiteEvent siteEvent)
    {
        Discarded++;
        if (_events.Count < MaxEvents)
        {
            _events.Add(siteEvent);
        }
    }

    /// <summary>
    /// Failed deliveries into the mailbox store that Postfix logged, by recipient-domain bucket
    /// (<see cref="Core.Topology.MailDomains"/>), class and outcome: permanent (bounced back to the
    /// sender) or temporary (deferred, to be retried).
    /// </summary>
    public long DeliveryFailuresBy(string bucket, DeliveryFailureClass failureClass, bool permanent) =>
        _deliveryFailures.GetValueOrDefault((bucket, failureClass, permanent));

    internal void DeliveryFailed(string bucket, DeliveryFailureClass failureClass, bool permanent) =>
        _deliveryFailures[(bucket, failureClass, permanent)] = DeliveryFailuresBy(bucket, failureClass, permanent) + 1;

    private sealed class ProtocolCounts
    {
        public long Failures { get; set; }

        public long Successes { get; set; }

        public long Unattributed { get; set; }

        public HashSet<ulong> FailedUsers { get; } = [];
    }
}
