using Monitor.Core.Findings;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// Mail is lost: messages dropped without delivery (an undeliverable bounce discarded, seed 004,
/// Asahi Net 2017), or deliveries failing into a mailbox store whose user binding is broken
/// (seed 002, Canon MJ 2020: mailboxes came back before the user/mail binding was verified).
/// Every discarded message counts: there is no threshold for losing mail.
/// </summary>
public sealed class MailLoss : IRule
{
    private const int Recent = 5;
    private const int Needed = 3;

    /// <inheritdoc/>
    public string Name => "mail-loss";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var (host, services) in MailHosts.All(context.Topology))
        {
            var discarded = context.Fresh(host, MetricCatalog.MailDiscarded, Recent);
            var lost = discarded.Where(p => p.Value > 0).ToList();
            var failing = context.Fresh(host, MetricCatalog.MailDeliveryFailures, Needed);
            var deliveryFailing = failing.Count == Needed && failing.All(p => p.Value >= context.Options.DeliveryFailureRate);
            foreach (var service in services)
            {
                if (lost.Count > 0)
                {
                    var since = context.Onset(service.Id, FindingKinds.MailLoss, lost[0].Time, host);
                    var perMinute = lost.Sum(p => p.Value) * 60 / lost.Count;
                    yield return new Finding(
                        service.Id,
                        FindingKinds.MailLoss,
                        Name,
                        $"Mail is being lost on {host}: about {Figures.Number(perMinute, "0.#")} messages a minute dropped without delivery since {context.Topology.Clock(since)}; "
                            + $"users of {service.Name} never receive them. Keep copies (archive) before anything else.",
                        since,
                        RuleContext.Evidence(host, MetricCatalog.MailDiscarded, lost),
                        "seed 004 (Asahi Net, 2017)")
                    { Scope = host };
                }

                if (deliveryFailing)
                {
                    var since = context.Onset(service.Id, FindingKinds.MailboxDeliveryFailing, failing[0].Time, host);
                    yield return new Finding(
                        service.Id,
                        FindingKinds.MailboxDeliveryFailing,
                        Name,
                        $"Deliveries into the mailbox store on {host} fail at {Figures.Number(failing[^1].Value * 60, "0.#")} a minute since {context.Topology.Clock(since)}: "
                            + "mail accepted for users is not stored; stop delivery and check the user/mailbox binding before redelivering from the archive.",
                        since,
                        RuleContext.Evidence(host, MetricCatalog.MailDeliveryFailures, failing),
                        "seed 002 (Canon MJ, 2020)")
                    { Scope = host };
                }
            }
        }
    }
}
