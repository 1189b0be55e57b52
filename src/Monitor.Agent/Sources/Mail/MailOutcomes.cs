namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// Delivery outcomes the Postfix log told in one interval: by status (<see cref="MailOutcome"/>),
/// by reason class (<see cref="DeferReasonClass"/>, of the logged reason), by recipient domain and
/// by next hop (the relay's host name), the way pflogsumm and postfix_exporter count them from
/// the same lines. The queue shows what waits now; this is what happened, including mail that
/// bounced and is gone. Domains and relays are bounded; past the bound they count as "other".
/// </summary>
public sealed class MailOutcomes
{
    /// <summary>Most recipient domains or relays kept apart per interval.</summary>
    public const int MaxNames = 10_000;

    /// <summary>Most deferred messages (queue ids) remembered per interval, to count messages as well as deferrals.</summary>
    public const int MaxDeferredMessages = 100_000;

    private const string OtherName = "other";

    private readonly long[] _byStatus = new long[Enum.GetValues<MailOutcome>().Length];
    private readonly Dictionary<(string Bucket, MailOutcome Status, DeferReasonClass Reason), long> _byBucket = [];
    private readonly Dictionary<(string Domain, MailOutcome Status), long> _byDomain = [];
    private readonly Dictionary<(string Relay, MailOutcome Status), long> _byRelay = [];
    private readonly HashSet<string> _domains = new(StringComparer.Ordinal);
    private readonly HashSet<string> _relays = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deferredMessages = new(StringComparer.Ordinal);

    /// <summary>Recipients (or, for rejections and expiries, lines) with this outcome.</summary>
    public long Count(MailOutcome status) => _byStatus[(int)status];

    /// <summary>Distinct messages (queue ids) with at least one deferral, as pflogsumm's "deferred".</summary>
    public int DeferredMessages => _deferredMessages.Count;

    /// <summary>Outcomes for a recipient domain (lower case; "other" past <see cref="MaxNames"/>).</summary>
    public long ByDomain(string domain, MailOutcome status) => _byDomain.GetValueOrDefault((domain, status));

    /// <summary>The recipient domains seen, with any outcome.</summary>
    public IReadOnlyCollection<string> Domains => _domains;

    /// <summary>Outcomes through a next hop ("mx.example.net", "none", "local", "private/dovecot-lmtp").</summary>
    public long ByRelay(string relay, MailOutcome status) => _byRelay.GetValueOrDefault((relay, status));

    /// <summary>Outcomes by topology domain bucket (<see cref="Core.Topology.MailDomains"/>), status and reason class.</summary>
    public long By(string bucket, MailOutcome status, DeferReasonClass reason) => _byBucket.GetValueOrDefault((bucket, status, reason));

    internal void Add(MailOutcome status, string? queueId, string domain, string bucket, string relay, DeferReasonClass reason)
    {
        _byStatus[(int)status]++;
        var key = (bucket, status, reason);
        _byBucket[key] = _byBucket.GetValueOrDefault(key) + 1;
        if (domain.Length > 0)
        {
            var name = Bounded(_domains, domain.ToLowerInvariant());
            _byDomain[(name, status)] = _byDomain.GetValueOrDefault((name, status)) + 1;
        }

        if (relay.Length > 0)
        {
            var name = Bounded(_relays, relay);
            _byRelay[(name, status)] = _byRelay.GetValueOrDefault((name, status)) + 1;
        }

        if (status == MailOutcome.Deferred && queueId is not null && _deferredMessages.Count < MaxDeferredMessages)
        {
            _deferredMessages.Add(queueId);
        }
    }

    private static string Bounded(HashSet<string> names, string name) =>
        names.Contains(name) || (names.Count < MaxNames && names.Add(name)) ? name : OtherName;
}
