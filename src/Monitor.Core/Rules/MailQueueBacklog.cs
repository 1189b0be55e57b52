using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// Deferred mail piles up, or the oldest message has waited too long: users get their mail late,
/// a quality degradation the regulator counts. When most deferrals are DNS-lookup failures the
/// finding says so: seed 004 (Asahi Net, 2017), a relay written a.b.c.d instead of [a.b.c.d] made
/// Postfix look it up in DNS. Also seed 000 (Alpha Mail, 2016): inbound mail queued and arrived late.
/// On a host that runs several services the backlog is counted per service, by the recipient
/// domains the topology gives each: a backlog for one service's domains raises nothing for another.
/// </summary>
public sealed class MailQueueBacklog : IRule
{
    private static readonly TimeSpan Rising = TimeSpan.FromMinutes(15);

    /// <inheritdoc/>
    public string Name => "mail-queue-backlog";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var (host, services) in MailHosts.All(context.Topology))
        {
            if (services.Count == 1)
            {
                if (WholeHost(context, host, services[0]) is { } whole)
                {
                    yield return whole;
                }

                continue;
            }

            for (var i = 0; i < services.Count; i++)
            {
                if (OwnMail(context, host, services[i]) is { } own)
                {
                    yield return own;
                }
            }
        }
    }

    // A host with one service: the whole queue is its mail.
    private Finding? WholeHost(RuleContext context, string host, MailService service)
    {
        var options = context.Options;
        var deferred = MailHosts.Entity(context.Topology, host, "deferred");
        var count = context.Window.Since(deferred, MetricCatalog.MailQueueMessages, context.Now - Rising);
        var fresh = MailHosts.IsFresh(context, count);
        var growing = fresh && count[^1].Value >= options.QueueBacklogMessages && count[^1].Value > count[0].Value;
        // An old message alone is normal on a relay (Postfix keeps undeliverable mail up to
        // maximal_queue_lifetime, 5 days): age counts only with volume behind it.
        var volume = fresh && count[^1].Value >= options.QueueBacklogMessages;
        if (!growing && !volume)
        {
            return null; // nearly always: nothing more to read
        }

        // The older of the two queues' oldest messages, the deferred queue's on a tie.
        (string? Entity, double? Age) oldest = default;
        foreach (var queue in new[] { deferred, MailHosts.Entity(context.Topology, host, "active") })
        {
            var age = context.FreshValue(queue, MetricCatalog.MailQueueOldestAge);
            if (age >= options.QueueOldestAge.TotalSeconds && (oldest.Entity is null || age > oldest.Age))
            {
                oldest = (queue, age);
            }
        }

        if (!growing && oldest.Entity is null)
        {
            return null;
        }

        var dnsEntity = MailHosts.Entity(context.Topology, host, "dns");
        var recipients = context.FreshValue(host, MetricCatalog.MailDeferredRecipients) ?? 0;
        var dns = context.FreshValue(dnsEntity, MetricCatalog.MailDeferredByReason) ?? 0;
        var evidence = new List<Sample>(RuleContext.Evidence(deferred, MetricCatalog.MailQueueMessages, count.TakeLast(5)));
        if (oldest.Entity is not null)
        {
            evidence.AddRange(RuleContext.Evidence(oldest.Entity, MetricCatalog.MailQueueOldestAge, context.Fresh(oldest.Entity, MetricCatalog.MailQueueOldestAge, 1)));
        }

        if (DnsDominant(dns, recipients))
        {
            evidence.AddRange(RuleContext.Evidence(dnsEntity, MetricCatalog.MailDeferredByReason, context.Fresh(dnsEntity, MetricCatalog.MailDeferredByReason, 1)));
        }

        var start = BacklogStart(context, deferred, options.QueueBacklogMessages);
        return Backlog(context, host, service, shared: false, count[^1].Value, oldest.Age, dns, recipients, start, evidence);
    }

    // A shared host: only the service's own recipients (by domain bucket) count for it.
    private Finding? OwnMail(RuleContext context, string host, MailService service)
    {
        var options = context.Options;
        var own = MailHosts.OwnSeries(context, host, service, MetricCatalog.MailDeferredByDomain, MailHosts.DeferReasons, DateTimeOffset.MinValue);
        if (!MailHosts.IsFresh(context, own))
        {
            return null;
        }

        var recent = own.Where(p => p.Time >= context.Now - Rising).ToList();
        var volume = own[^1].Value >= options.QueueBacklogMessages;
        var growing = volume && recent.Count > 0 && own[^1].Value > recent[0].Value;
        var buckets = MailHosts.BucketsOf(context.Topology, host, service);
        var age = buckets
            .Select(b => context.FreshValue(MailHosts.Entity(context.Topology, host, b), MetricCatalog.MailDeferredDomainOldestAge) ?? 0)
            .DefaultIfEmpty(0)
            .Max();
        double? oldest = volume && age >= options.QueueOldestAge.TotalSeconds ? age : null;
        if (!growing && oldest is null)
        {
            return null;
        }

        var dnsEntities = buckets.Select(b => MailHosts.Entity(context.Topology, host, b, "dns")).ToList();
        var dns = dnsEntities.Sum(e => context.FreshValue(e, MetricCatalog.MailDeferredByDomain) ?? 0);
        // The service's own series that hold deferred mail now, each as recorded.
        var evidence = new List<Sample>(buckets
            .SelectMany(b => MailHosts.DeferReasons.Select(r => MailHosts.Entity(context.Topology, host, b, r)))
            .Select(e => (Entity: e, Points: context.Fresh(e, MetricCatalog.MailDeferredByDomain, 5)))
            .Where(x => x.Points.Count > 0 && x.Points[^1].Value > 0)
            .SelectMany(x => RuleContext.Evidence(x.Entity, MetricCatalog.MailDeferredByDomain, x.Points)));

        var start = own[^1].Time;
        for (var i = own.Count - 1; i >= 0 && own[i].Value >= options.QueueBacklogMessages; i--)
        {
            start = own[i].Time;
        }

        return Backlog(context, host, service, shared: true, own[^1].Value, oldest, dns, own[^1].Value, start, evidence);
    }

    // Where the trailing run at or above the backlog level began (apart from WholeHost: the level
    // its lambda captures is then allocated only for a host with a backlog, not for every host).
    private static DateTimeOffset BacklogStart(RuleContext context, string deferred, double level) =>
        context.RunStart(deferred, MetricCatalog.MailQueueMessages, v => v >= level) ?? context.Now;

    private static bool DnsDominant(double dns, double recipients) => dns >= 10 && dns >= recipients / 2;

    // On a host of one service the messages deferred are counted; on a shared host its own recipients.
    private Finding Backlog(
        RuleContext context, string host, MailService service, bool shared, double deferred, double? oldestAge, double dns, double recipients, DateTimeOffset start, IReadOnlyList<Sample> evidence)
    {
        var dnsDominant = DnsDominant(dns, recipients);
        var kind = dnsDominant ? FindingKinds.MailDeferredDns : FindingKinds.MailQueueBacklog;
        var message = (shared, dnsDominant) switch
        {
            (false, false) => MailMessages.MailQueueBacklog,
            (true, false) => MailMessages.MailQueueBacklogShared,
            (false, true) => MailMessages.MailQueueBacklogDns,
            (true, true) => MailMessages.MailQueueBacklogSharedDns,
        };
        return context.Explained(
            service.Id,
            kind,
            Name,
            FindingMessage.Of(
                message,
                context.Named("host", host),
                shared ? null : MessageArgument.Count("messages", deferred),
                shared || dnsDominant ? MessageArgument.Count("recipients", recipients) : null,
                shared ? MailHosts.DomainsNamed(service) : null,
                oldestAge is { } seconds ? MessageArgument.Seconds("oldest", seconds) : null,
                dnsDominant ? MessageArgument.Count("dns", dns) : null,
                // Written as an argument: brackets in a sentence mark its optional parts.
                dnsDominant ? MessageArgument.Verbatim("brackets", "[brackets]") : null,
                context.Named("service", service.Id)),
            context.Onset(service.Id, kind, start, host),
            evidence,
            dnsDominant ? "seed 004 (Asahi Net, 2017)" : "seed 000 (Alpha Mail, 2016)") with
        {
            Scope = host,
        };
    }
}
