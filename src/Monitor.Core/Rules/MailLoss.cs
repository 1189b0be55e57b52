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
            var recent = context.Fresh(host, MetricCatalog.MailDiscarded, Recent);
            if (!AnyLost(recent))
            {
                continue; // nearly always: no list to make
            }

            foreach (var finding in Losses(context, host, services, recent))
            {
                yield return finding;
            }
        }
    }

    // The findings of mail lost on a host (made apart from Evaluate: what its queries capture is
    // then allocated only when mail is lost).
    private List<Finding> Losses(RuleContext context, string host, IReadOnlyList<MailService> services, SeriesView recent)
    {
        var findings = new List<Finding>();
        var lost = recent.Where(p => p.Value > 0).ToList();
        IReadOnlyList<MailService> whose = services;
        if (services.Count > 1 && services.Where(s => MailHosts.OwnMailFailing(context, host, s)).ToList() is { Count: > 0 } failing)
        {
            whose = failing;
        }

        foreach (var service in whose)
        {
            var since = context.Onset(service.Id, FindingKinds.MailLoss, lost[0].Time, host);
            var perMinute = lost.Sum(p => p.Value) * 60 / lost.Count;
            findings.Add(context.Explained(
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
            });
        }

        return findings;
    }

    private static bool AnyLost(SeriesView recent)
    {
        for (var i = 0; i < recent.Count; i++)
        {
            if (recent.ValueAt(i) > 0)
            {
                return true;
            }
        }

        return false;
    }
}
