using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// Mail is lost: messages dropped without delivery, an undeliverable bounce discarded or queued
/// mail deleted (seed 004, Asahi Net 2017: a mistyped relay, the mail and then its bounce
/// undeliverable, the mail deleted). Every discarded message counts: there is no threshold for
/// losing mail. A deferral is never a loss (Postfix retries it); a failing store is
/// <see cref="MailboxDelivery"/>'s. On a shared host the loss lands on the services whose own
/// mail there is failing; when none is, on every service of the host (whose mail it was cannot
/// be told, and a loss is never dismissed).
/// </summary>
public sealed class MailLoss : IRule
{
    private const int Recent = 5;

    /// <inheritdoc/>
    public string Name => "mail-loss";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var (host, services) in MailHosts.All(context.Topology))
        {
            var lost = context.Fresh(host, MetricCatalog.MailDiscarded, Recent).Where(p => p.Value > 0).ToList();
            if (lost.Count == 0)
            {
                continue;
            }

            IReadOnlyList<MailService> whose = services;
            if (services.Count > 1 && services.Where(s => MailHosts.OwnMailFailing(context, host, s)).ToList() is { Count: > 0 } failing)
            {
                whose = failing;
            }

            foreach (var service in whose)
            {
                var since = context.Onset(service.Id, FindingKinds.MailLoss, lost[0].Time, host);
                var perMinute = lost.Sum(p => p.Value) * 60 / lost.Count;
                yield return context.Explained(
                    service.Id,
                    FindingKinds.MailLoss,
                    Name,
                    FindingMessage.Of(
                        MailMessages.MailLoss,
                        context.Named("host", host),
                        MessageArgument.Number("rate", perMinute),
                        MessageArgument.At("since", since),
                        context.Named("service", service.Id)),
                    since,
                    RuleContext.Evidence(host, MetricCatalog.MailDiscarded, lost),
                    "seed 004 (Asahi Net, 2017)") with
                {
                    Scope = host,
                };
            }
        }
    }
}
