using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// Deliveries into the mailbox store fail, and each reason wants other hands: a store that
/// cannot be written or reached (its mount, the storage under it), a full store or mailboxes over
/// quota (space), unknown users: the user/mailbox binding broken (seed 002, Canon MJ 2020:
/// mailboxes came back before the binding was verified; check it before redelivering from the
/// archive). The reason is the one Postfix logged; the finding says whether the failures are
/// temporary (deferred: retried, nothing lost yet) or permanent (bounced: Postfix returns them to
/// their senders if it can; a bounce dropped is <see cref="MailLoss"/>'s), and never calls a
/// deferral a loss. On a shared host only the service whose recipient domains fail
/// is named.
/// </summary>
public sealed class MailboxDelivery : IRule
{
    private const int Needed = 3;

    /// <inheritdoc/>
    public string Name => "mailbox-delivery";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var (host, services) in MailHosts.All(context.Topology))
        {
            var total = context.Fresh(host, MetricCatalog.MailDeliveryFailures, Needed);
            var totalFailing = total.Count == Needed && AllAtLeast(total, context.Options.DeliveryFailureRate);
            for (var i = 0; i < services.Count; i++)
            {
                if (Evaluate(context, host, services[i], services.Count == 1 && totalFailing ? total : null) is { } finding)
                {
                    yield return finding;
                }
            }
        }
    }

    private static bool AllAtLeast(SeriesView points, double rate)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (!(points.ValueAt(i) >= rate))
            {
                return false;
            }
        }

        return true;
    }

    private Finding? Evaluate(RuleContext context, string host, MailService service, IReadOnlyList<TimedValue>? wholeHost)
    {
        var rate = context.Options.DeliveryFailureRate;
        // Read for every service at every evaluation, and almost always not failing: summed on the stack.
        Span<TimedValue> last = stackalloc TimedValue[Needed];
        var ownLast = last[..MailHosts.OwnLast(context, host, service, MailHosts.DeliveryMetrics, MailHosts.DeliveryReasons, Needed, last)];
        var ownFailing = ownLast.Length == Needed && MailHosts.IsFresh(context, ownLast) && AllAtLeast(ownLast, rate);
        if (!ownFailing && wholeHost is null)
        {
            return null;
        }

        IReadOnlyList<TimedValue> own = [.. ownLast];
        return Failing(context, host, service, own, ownFailing ? own : wholeHost!);
    }

    // The finding of failing deliveries, named by their dominant reason (made apart from the
    // judgement: what its queries capture is then allocated only when deliveries fail).
    private Finding Failing(RuleContext context, string host, MailService service, IReadOnlyList<TimedValue> own, IReadOnlyList<TimedValue> failing)
    {
        var byReason = MailHosts.DeliveryReasons.ToDictionary(
            r => r,
            r => (Deferred: MailHosts.OwnLast(context, host, service, [MetricCatalog.MailDeliveryDeferred], [r], Needed),
                  Bounced: MailHosts.OwnLast(context, host, service, [MetricCatalog.MailDeliveryBounced], [r], Needed)),
            StringComparer.Ordinal);

        // The reason with the most failures over the last samples; none logged: unclassified.
        var (reason, counts) = byReason
            .Select(x => (Reason: x.Key, Counts: x.Value, Sum: x.Value.Deferred.Sum(p => p.Value) + x.Value.Bounced.Sum(p => p.Value)))
            .Where(x => x.Sum > 0 && MailHosts.IsFresh(context, own))
            .OrderByDescending(x => x.Sum)
            .Select(x => (x.Reason, x.Counts))
            .FirstOrDefault();
        var kind = reason switch
        {
            "store_unavailable" => FindingKinds.MailboxStoreUnavailable,
            "store_full" => FindingKinds.MailboxStoreFull,
            "unknown_user" => FindingKinds.MailboxBindingBroken,
            _ => FindingKinds.MailboxDeliveryFailing,
        };
        var since = context.Onset(service.Id, kind, failing[0].Time, host);
        var perMinute = failing[^1].Value * 60;
        var evidence = reason is null
            ? RuleContext.Evidence(host, MetricCatalog.MailDeliveryFailures, failing)
            : Evidence(context, host, service, reason);

        // Temporary or permanent, from the last sample of the dominant reason; nothing said when the log gave no reason.
        var deferred = counts.Deferred is { Count: > 0 } d ? d[^1].Value * 60 : 0;
        var bounced = counts.Bounced is { Count: > 0 } b ? b[^1].Value * 60 : 0;
        var outcome = bounced <= 0 ? Outcome.Deferred : deferred <= 0 ? Outcome.Bounced : Outcome.Mixed;
        return context.Explained(
            service.Id,
            kind,
            Name,
            FindingMessage.Of(
                Message(kind, outcome),
                context.Named("host", host),
                MailHosts.DomainsNamed(service),
                MessageArgument.Number("rate", perMinute),
                MessageArgument.At("since", since),
                outcome == Outcome.Mixed ? MessageArgument.Number("bounced", bounced) : null,
                outcome == Outcome.Mixed ? MessageArgument.Number("deferred", deferred) : null),
            since,
            evidence,
            reason == "unknown_user" ? "seed 002 (Canon MJ, 2020)" : "seed 000 (Alpha Mail, 2016)") with
        {
            Scope = host,
        };
    }

    // The sentence of each kind and outcome; a failure without a logged reason says nothing of its outcome.
    private static string Message(string kind, Outcome outcome) => (kind, outcome) switch
    {
        (FindingKinds.MailboxStoreUnavailable, Outcome.Deferred) => MailMessages.MailboxStoreUnavailableDeferred,
        (FindingKinds.MailboxStoreUnavailable, Outcome.Bounced) => MailMessages.MailboxStoreUnavailableBounced,
        (FindingKinds.MailboxStoreUnavailable, _) => MailMessages.MailboxStoreUnavailableMixed,
        (FindingKinds.MailboxStoreFull, Outcome.Deferred) => MailMessages.MailboxStoreFullDeferred,
        (FindingKinds.MailboxStoreFull, Outcome.Bounced) => MailMessages.MailboxStoreFullBounced,
        (FindingKinds.MailboxStoreFull, _) => MailMessages.MailboxStoreFullMixed,
        (FindingKinds.MailboxBindingBroken, Outcome.Deferred) => MailMessages.MailboxBindingBrokenDeferred,
        (FindingKinds.MailboxBindingBroken, Outcome.Bounced) => MailMessages.MailboxBindingBrokenBounced,
        (FindingKinds.MailboxBindingBroken, _) => MailMessages.MailboxBindingBrokenMixed,
        _ => MailMessages.MailboxDeliveryFailing,
    };

    private static IReadOnlyList<Sample> Evidence(RuleContext context, string host, MailService service, string reason) =>
        [.. MailHosts.BucketsOf(context.Topology, host, service)
            .SelectMany(b => MailHosts.DeliveryMetrics.Select(m => (Entity: MailHosts.Entity(context.Topology, host, b, reason), Metric: m)))
            .Select(x => (x.Entity, x.Metric, Points: context.Fresh(x.Entity, x.Metric, Needed)))
            .Where(x => x.Points.Count > 0 && x.Points[^1].Value > 0)
            .SelectMany(x => RuleContext.Evidence(x.Entity, x.Metric, x.Points))];

    private static bool AllAtLeast(ReadOnlySpan<TimedValue> points, double rate)
    {
        foreach (var point in points)
        {
            if (!(point.Value >= rate))
            {
                return false;
            }
        }

        return true;
    }

    // Whether the failures are retried.
    private enum Outcome
    {
        Deferred,
        Bounced,
        Mixed,
    }
}
