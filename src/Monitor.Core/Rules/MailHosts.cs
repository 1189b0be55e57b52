using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// Mail findings land on the services a host runs, not on the host: the service is downstream of
/// the storage, so a queue that grows because the storage is slow joins the storage's incident.
/// On a host that runs several services (a shared MX) a finding lands only on the service whose
/// mail it is, told by the recipient-domain buckets the sources count by
/// (<see cref="MailDomains"/>): a store failing for one service's domains is no incident of another's.
/// </summary>
internal static class MailHosts
{
    /// <summary>The reason classes of <see cref="MetricCatalog.MailDeliveryDeferred"/> and <see cref="MetricCatalog.MailDeliveryBounced"/>.</summary>
    public static IReadOnlyList<string> DeliveryReasons { get; } = ["store_unavailable", "store_full", "unknown_user", "other"];

    /// <summary>The reason classes of <see cref="MetricCatalog.MailDeferredByDomain"/>.</summary>
    public static IReadOnlyList<string> DeferReasons { get; } = ["dns", "connection", "mailbox", "policy", "user_lookup", "other"];

    /// <summary>Each host that runs at least one service, with those services.</summary>
    public static IEnumerable<(string Host, IReadOnlyList<MailService> Services)> All(SiteTopology topology) =>
        topology.Services
            .SelectMany(s => s.Hosts.Select(h => (Host: h, Service: s)))
            .GroupBy(x => x.Host, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<MailService>)[.. g.Select(x => x.Service)]));

    /// <summary>
    /// The sum, time by time, of a per-bucket metric over the buckets of <paramref name="service"/>
    /// on <paramref name="host"/> and the given reasons (entities "host/bucket/reason"), since
    /// <paramref name="from"/>. Empty when no such series is in the window.
    /// </summary>
    public static IReadOnlyList<TimedValue> OwnSeries(RuleContext context, string host, MailService service, string metric, IEnumerable<string> reasons, DateTimeOffset from)
    {
        var buckets = context.Topology.MailDomains.BucketsOf(host, service);
        var entities = buckets.SelectMany(b => reasons.Select(r => $"{host}/{b}/{r}"));
        return Sum(context, entities, metric, from);
    }

    /// <summary>
    /// As <see cref="OwnSeries"/>, over the newest <paramref name="count"/> points of each series
    /// (and of the sum): what a rule that judges the last few samples needs, at little cost.
    /// </summary>
    public static IReadOnlyList<TimedValue> OwnLast(RuleContext context, string host, MailService service, IEnumerable<string> metrics, IEnumerable<string> reasons, int count)
    {
        var buckets = context.Topology.MailDomains.BucketsOf(host, service);
        var points = buckets.SelectMany(b => reasons.Select(r => $"{host}/{b}/{r}"))
            .SelectMany(e => metrics.SelectMany(m => context.Window.Last(e, m, count)));
        return [.. Add(points).TakeLast(count)];
    }

    /// <summary>The sum, time by time, of a metric over several entities' series since <paramref name="from"/>.</summary>
    public static IReadOnlyList<TimedValue> Sum(RuleContext context, IEnumerable<string> entities, string metric, DateTimeOffset from) =>
        Add(entities.SelectMany(e => context.Window.Since(e, metric, from)));

    // Points of several series summed time by time (a source's samples of one reading share their time).
    private static IReadOnlyList<TimedValue> Add(IEnumerable<TimedValue> points) =>
        [.. points
            .GroupBy(p => p.Time)
            .OrderBy(g => g.Key)
            .Select(g => new TimedValue(g.Key, g.Sum(p => p.Value)))];

    /// <summary>The newest point of a series if it is fresh (within <see cref="DetectionOptions.StaleAfter"/>).</summary>
    public static bool IsFresh(RuleContext context, IReadOnlyList<TimedValue> series) =>
        series.Count > 0 && context.Now - series[^1].Time <= context.Options.StaleAfter;

    /// <summary>The domains of a service as a message's "domains" argument ("cty.ne.jp, cty-net.jp"), or null when it has none (the sentence then leaves them out).</summary>
    public static MessageArgument? DomainsNamed(MailService service) =>
        service.Domains.Count == 0 ? null : MessageArgument.Verbatim("domains", string.Join(", ", service.Domains));

    /// <summary>
    /// Whether the service's own mail on a shared host is in trouble now: its deferred recipients
    /// at the backlog threshold, or its deliveries into the store failing at the failure rate.
    /// </summary>
    public static bool OwnMailFailing(RuleContext context, string host, MailService service)
    {
        var since = context.Now - context.Options.StaleAfter;
        var deferred = OwnSeries(context, host, service, MetricCatalog.MailDeferredByDomain, DeferReasons, since);
        var failed = OwnLast(context, host, service, [MetricCatalog.MailDeliveryDeferred, MetricCatalog.MailDeliveryBounced], DeliveryReasons, 1);
        return (IsFresh(context, deferred) && deferred[^1].Value >= context.Options.QueueBacklogMessages)
               || (IsFresh(context, failed) && failed[^1].Value >= context.Options.DeliveryFailureRate);
    }
}
