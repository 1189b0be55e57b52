using Monitor.Core.Findings;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// Deferred mail piles up, or the oldest message has waited too long: users get their mail late,
/// a quality degradation the regulator counts. When most deferrals are DNS-lookup failures the
/// finding says so: seed 004 (Asahi Net, 2017), a relay written a.b.c.d instead of [a.b.c.d] made
/// Postfix look it up in DNS. Also seed 000 (Alpha Mail, 2016): inbound mail queued and arrived late.
/// </summary>
public sealed class MailQueueBacklog : IRule
{
    private static readonly TimeSpan Rising = TimeSpan.FromMinutes(15);

    /// <inheritdoc/>
    public string Name => "mail-queue-backlog";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var options = context.Options;
        foreach (var (host, services) in MailHosts.All(context.Topology))
        {
            var deferred = $"{host}/deferred";
            var count = context.Window.Since(deferred, MetricCatalog.MailQueueMessages, context.Now - Rising);
            var fresh = count.Count > 0 && context.Now - count[^1].Time <= options.StaleAfter;
            var growing = fresh && count[^1].Value >= options.QueueBacklogMessages && count[^1].Value > count[0].Value;
            // An old message alone is normal on a relay (Postfix keeps undeliverable mail up to
            // maximal_queue_lifetime, 5 days): age counts only with volume behind it.
            var volume = fresh && count[^1].Value >= options.QueueBacklogMessages;
            var oldest = new[] { deferred, $"{host}/active" }
                .Select(e => (Entity: e, Age: context.FreshValue(e, MetricCatalog.MailQueueOldestAge)))
                .Where(x => volume && x.Age >= options.QueueOldestAge.TotalSeconds)
                .OrderByDescending(x => x.Age)
                .FirstOrDefault();
            if (!growing && oldest.Entity is null)
            {
                continue;
            }

            var recipients = context.FreshValue(host, MetricCatalog.MailDeferredRecipients) ?? 0;
            var dns = context.FreshValue($"{host}/dns", MetricCatalog.MailDeferredByReason) ?? 0;
            var dnsDominant = dns >= 10 && dns >= recipients / 2;
            var kind = dnsDominant ? FindingKinds.MailDeferredDns : FindingKinds.MailQueueBacklog;
            var messages = fresh ? count[^1].Value : 0;
            var age = oldest.Entity is null ? "" : $", the oldest waiting {Figures.Minutes(TimeSpan.FromSeconds(oldest.Age!.Value))}";
            var reason = dnsDominant
                ? $"; {Figures.Count(dns)} of {Figures.Count(recipients)} deferred recipients fail on a DNS lookup: check relay and transport settings changed lately (a relay IP must be written in [brackets])"
                : "";
            var evidence = new List<Sample>(RuleContext.Evidence(deferred, MetricCatalog.MailQueueMessages, count.TakeLast(5)));
            if (oldest.Entity is not null)
            {
                evidence.AddRange(RuleContext.Evidence(oldest.Entity, MetricCatalog.MailQueueOldestAge, context.Fresh(oldest.Entity, MetricCatalog.MailQueueOldestAge, 1)));
            }

            if (dnsDominant)
            {
                evidence.AddRange(RuleContext.Evidence($"{host}/dns", MetricCatalog.MailDeferredByReason, context.Fresh($"{host}/dns", MetricCatalog.MailDeferredByReason, 1)));
            }

            foreach (var service in services)
            {
                var start = context.RunStart(deferred, MetricCatalog.MailQueueMessages, v => v >= options.QueueBacklogMessages) ?? context.Now;
                var since = context.Onset(service.Id, kind, start, host);
                yield return new Finding(
                    service.Id,
                    kind,
                    Name,
                    $"Mail on {host} is piling up: {Figures.Count(messages)} messages deferred{age}{reason}; users of {service.Name} get their mail late.",
                    since,
                    evidence,
                    dnsDominant ? "seed 004 (Asahi Net, 2017)" : "seed 000 (Alpha Mail, 2016)")
                { Scope = host };
            }
        }
    }
}
