using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
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

    /// <summary>The per-bucket metrics of deliveries into the store that failed: deferred and bounced.</summary>
    public static IReadOnlyList<string> DeliveryMetrics { get; } = [MetricCatalog.MailDeliveryDeferred, MetricCatalog.MailDeliveryBounced];

    /// <summary>The reason classes of <see cref="MetricCatalog.MailDeferredByDomain"/>.</summary>
    public static IReadOnlyList<string> DeferReasons { get; } = ["dns", "connection", "mailbox", "policy", "user_lookup", "other"];

    // What the mail rules read of the topology at every evaluation, made once per topology.
    private static readonly PerTopology<Layout> Layouts = new(topology => new Layout(topology));

    /// <summary>Each host that runs at least one service, with those services (made once per topology).</summary>
    public static IReadOnlyList<(string Host, IReadOnlyList<MailService> Services)> All(SiteTopology topology) => Layouts.Of(topology).Hosts;

    /// <summary>
    /// <see cref="MailDomains.BucketsOf"/>, made once per topology for the services of
    /// <see cref="All"/> (and again, each time, for any other).
    /// </summary>
    public static IReadOnlyList<string> BucketsOf(SiteTopology topology, string host, MailService service) =>
        Layouts.Of(topology).Buckets.TryGetValue((host, service.Id), out var buckets) && ReferenceEquals(buckets.Service, service)
            ? buckets.Buckets
            : topology.MailDomains.BucketsOf(host, service);

    /// <summary>The entity "host/part" (a host's queue, protocol, bucket), its name made once per topology.</summary>
    public static string Entity(SiteTopology topology, string host, string part) =>
        Layouts.Of(topology).Names.GetOrAdd((host, part), static key => $"{key.Host}/{key.Part}");

    /// <summary>The entity "host/bucket/reason" of a per-bucket metric, its name made once per topology.</summary>
    public static string Entity(SiteTopology topology, string host, string bucket, string reason) =>
        Layouts.Of(topology).BucketNames.GetOrAdd((host, bucket, reason), static key => $"{key.Host}/{key.Bucket}/{key.Reason}");

    /// <summary>
    /// The sum, time by time, of a per-bucket metric over the buckets of <paramref name="service"/>
    /// on <paramref name="host"/> and the given reasons (entities "host/bucket/reason"), since
    /// <paramref name="from"/>. Empty when no such series is in the window.
    /// </summary>
    public static IReadOnlyList<TimedValue> OwnSeries(RuleContext context, string host, MailService service, string metric, IEnumerable<string> reasons, DateTimeOffset from)
    {
        var buckets = BucketsOf(context.Topology, host, service);
        var entities = buckets.SelectMany(b => reasons.Select(r => Entity(context.Topology, host, b, r)));
        return Sum(context, entities, metric, from);
    }

    /// <summary>
    /// As <see cref="OwnSeries"/>, over the newest <paramref name="count"/> points of each series
    /// (and of the sum): what a rule that judges the last few samples needs, at little cost.
    /// </summary>
    public static IReadOnlyList<TimedValue> OwnLast(RuleContext context, string host, MailService service, IReadOnlyList<string> metrics, IReadOnlyList<string> reasons, int count)
    {
        var sums = new TimedValue[Math.Max(count, 0)];
        return sums[..OwnLast(context, host, service, metrics, reasons, count, sums)];
    }

    /// <summary>
    /// <see cref="OwnLast(RuleContext, string, MailService, IReadOnlyList{string}, IReadOnlyList{string}, int)"/>
    /// written into <paramref name="sums"/> (room for <paramref name="count"/> at least), oldest
    /// first, for rules that judge it at every evaluation and keep none of it. Returns how many
    /// were written.
    /// </summary>
    public static int OwnLast(RuleContext context, string host, MailService service, IReadOnlyList<string> metrics, IReadOnlyList<string> reasons, int count, Span<TimedValue> sums)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sums.Length, count);
        var buckets = BucketsOf(context.Topology, host, service);
        var room = 0;
        for (var b = 0; b < buckets.Count; b++)
        {
            for (var r = 0; r < reasons.Count; r++)
            {
                var entity = Entity(context.Topology, host, buckets[b], reasons[r]);
                for (var m = 0; m < metrics.Count; m++)
                {
                    room += context.Window.Last(entity, metrics[m], count).Count;
                }
            }
        }

        if (room == 0)
        {
            return 0;
        }

        var rented = room <= 128 ? null : ArrayPool<OrderedPoint>.Shared.Rent(room);
        try
        {
            var points = rented is null ? stackalloc OrderedPoint[room] : rented.AsSpan(0, room);
            var read = 0;
            for (var b = 0; b < buckets.Count; b++)
            {
                for (var r = 0; r < reasons.Count; r++)
                {
                    var entity = Entity(context.Topology, host, buckets[b], reasons[r]);
                    for (var m = 0; m < metrics.Count; m++)
                    {
                        foreach (var point in context.Window.Last(entity, metrics[m], count))
                        {
                            points[read] = new OrderedPoint(point.Time, read, point.Value);
                            read++;
                        }
                    }
                }
            }

            return Add(points, count, sums);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<OrderedPoint>.Shared.Return(rented);
            }
        }
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

    // As Add above, in place, the newest `count` sums only: points of one time are added in the
    // order they were read, so each sum is the same double to the last bit.
    private static int Add(Span<OrderedPoint> points, int count, Span<TimedValue> sums)
    {
        points.Sort(static (x, y) => x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Read.CompareTo(y.Read));
        var times = 1;
        for (var i = 1; i < points.Length; i++)
        {
            times += points[i].Time != points[i - 1].Time ? 1 : 0;
        }

        var skip = Math.Max(0, times - count);
        var written = 0;
        var time = -1;
        for (var i = 0; i < points.Length; i++)
        {
            if (i > 0 && points[i].Time == points[i - 1].Time)
            {
                if (time >= skip)
                {
                    sums[written - 1] = sums[written - 1] with { Value = sums[written - 1].Value + points[i].Value };
                }

                continue;
            }

            time++;
            if (time >= skip)
            {
                // From zero, as Enumerable.Sum starts: -0.0 alone sums to +0.0 there too.
                sums[written++] = new TimedValue(points[i].Time, 0.0 + points[i].Value);
            }
        }

        return written;
    }

    /// <summary>The newest point of a series if it is fresh (within <see cref="DetectionOptions.StaleAfter"/>).</summary>
    public static bool IsFresh(RuleContext context, IReadOnlyList<TimedValue> series) =>
        series.Count > 0 && context.Now - series[^1].Time <= context.Options.StaleAfter;

    /// <summary><see cref="IsFresh(RuleContext, IReadOnlyList{TimedValue})"/> of points read in place or into a buffer.</summary>
    public static bool IsFresh(RuleContext context, ReadOnlySpan<TimedValue> series) =>
        series.Length > 0 && context.Now - series[^1].Time <= context.Options.StaleAfter;

    /// <summary><see cref="IsFresh(RuleContext, IReadOnlyList{TimedValue})"/> of a series read in place.</summary>
    public static bool IsFresh(RuleContext context, SeriesView series) =>
        series.Count > 0 && context.Now - series.TimeAt(series.Count - 1) <= context.Options.StaleAfter;

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
        var failed = OwnLast(context, host, service, DeliveryMetrics, DeliveryReasons, 1);
        return (IsFresh(context, deferred) && deferred[^1].Value >= context.Options.QueueBacklogMessages)
               || (IsFresh(context, failed) && failed[^1].Value >= context.Options.DeliveryFailureRate);
    }

    // A point read for a sum by time, with the order it was read in.
    private readonly record struct OrderedPoint(DateTimeOffset Time, int Read, double Value);

    // The hosts and their services, each service's buckets on each of its hosts, and the names of
    // the host-scoped entities the rules read.
    private sealed class Layout
    {
        public Layout(SiteTopology topology)
        {
            Hosts = [.. topology.Services
                .SelectMany(s => s.Hosts.Select(h => (Host: h, Service: s)))
                .GroupBy(x => x.Host, StringComparer.Ordinal)
                .Select(g => (g.Key, (IReadOnlyList<MailService>)[.. g.Select(x => x.Service)]))];
            var buckets = new Dictionary<(string, string), (MailService, IReadOnlyList<string>)>();
            foreach (var (host, services) in Hosts)
            {
                foreach (var service in services)
                {
                    buckets.TryAdd((host, service.Id), (service, topology.MailDomains.BucketsOf(host, service)));
                }
            }

            Buckets = buckets.ToFrozenDictionary();
        }

        public IReadOnlyList<(string Host, IReadOnlyList<MailService> Services)> Hosts { get; }

        public FrozenDictionary<(string Host, string Service), (MailService Service, IReadOnlyList<string> Buckets)> Buckets { get; }

        // Filled as the rules ask: bounded by the topology's hosts and buckets and the rules' fixed parts.
        public ConcurrentDictionary<(string Host, string Part), string> Names { get; } = new();

        public ConcurrentDictionary<(string Host, string Bucket, string Reason), string> BucketNames { get; } = new();
    }
}
