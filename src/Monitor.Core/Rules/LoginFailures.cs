using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// Many POP3/IMAP logins fail: users cannot receive mail. Counted by distinct users, which is also
/// the observed affected-user count. Lesson of seed 000 (Alpha Mail, 2016): under storage load POP
/// receive failed while sending kept working.
/// </summary>
public sealed class LoginFailures : IRule
{
    private const int Recent = 5;

    /// <inheritdoc/>
    public string Name => "login-failures";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var (host, services) in MailHosts.All(context.Topology))
        {
            foreach (var protocol in new[] { "pop3", "imap" })
            {
                var entity = $"{host}/{protocol}";
                var targets = services.Where(s => s.Functions.Contains(protocol)).ToList();
                var failed = context.Fresh(entity, MetricCatalog.MailLoginFailures, Recent);
                if (targets.Count == 0 || failed.Count == 0)
                {
                    continue;
                }

                var options = context.Options;
                var shares = Shares(context, entity, Math.Max(Recent, options.ClearSamples));
                var users = context.FreshValue(entity, MetricCatalog.MailLoginFailedUsers) ?? 0;
                var active = targets.Any(s => context.IsActive(s.FunctionId(protocol), FindingKinds.LoginFailures, host));
                if (!(active ? Holds(context, entity, shares) : Raises(context, entity, failed, shares, users)))
                {
                    continue;
                }

                // Dated from the first failing sample of the run, not from the oldest sample judged.
                // A sample counts the logins of the interval before it, so the people seen failing
                // in the run are those seen since the sample before it (the run's first interval).
                var start = failed[0].Time;
                var seenSince = start;
                for (var i = shares.Count - 1; i >= 0 && shares[i].Value >= options.LoginFailureRatio; i--)
                {
                    start = shares[i].Time;
                    seenSince = i > 0 ? shares[i - 1].Time : shares.Count > 1 ? start - (shares[1].Time - shares[0].Time) : start;
                }

                var failures = failed.Sum(p => p.Value);
                var total = failures + context.Fresh(entity, MetricCatalog.MailLoginSuccesses, Recent).Sum(p => p.Value);
                foreach (var service in targets.Where(s => targets.Count == 1 || TheirUsersFail(context, s, host, protocol, seenSince)))
                {
                    var target = service.FunctionId(protocol);
                    var since = context.Onset(target, FindingKinds.LoginFailures, start, host);
                    yield return context.Explained(
                        target,
                        FindingKinds.LoginFailures,
                        Name,
                        FindingMessage.Of(
                            MailMessages.LoginFailures,
                            MessageArgument.Share("share", total > 0 ? failures / total : 0),
                            MessageArgument.Verbatim("protocol", protocol.ToUpperInvariant()),
                            context.Named("host", host),
                            MessageArgument.Count("users", users),
                            MessageArgument.At("since", since),
                            context.Named("service", service.Id)),
                        since,
                        [.. RuleContext.Evidence(entity, MetricCatalog.MailLoginFailures, failed), .. RuleContext.Evidence(entity, MetricCatalog.MailLoginFailedUsers, context.Fresh(entity, MetricCatalog.MailLoginFailedUsers, 1))],
                        "seed 000 (Alpha Mail, 2016)") with
                    {
                        Scope = host,
                    };
                }
            }
        }
    }

    // Raised: over the last samples together, enough logins fail and enough people fail, and the
    // newest sample fails too (failures that have stopped raise nothing again).
    private static bool Raises(RuleContext context, string entity, IReadOnlyList<TimedValue> failed, IReadOnlyList<TimedValue> shares, double users)
    {
        if (shares.Count == 0 || shares[^1].Value < context.Options.LoginFailureRatio)
        {
            return false;
        }

        var failures = failed.Sum(p => p.Value);
        var total = failures + context.Fresh(entity, MetricCatalog.MailLoginSuccesses, Recent).Sum(p => p.Value);
        return failed.Count >= Recent && total > 0 && failures / total >= context.Options.LoginFailureRatio && users >= context.Options.LoginFailedUsers;
    }

    // Once raised it holds until the share failing, or the people failing, have stayed under the
    // clear level for ClearSamples samples: a sum over the last five samples would outlive the
    // storm by four, and one sample's dip would not end it either.
    private static bool Holds(RuleContext context, string entity, IReadOnlyList<TimedValue> shares)
    {
        var options = context.Options;
        var users = context.Fresh(entity, MetricCatalog.MailLoginFailedUsers, options.ClearSamples);
        return !RuleContext.Cleared(shares, options.ClearSamples, v => v < options.LoginFailureRatio * options.ClearFraction)
            && !RuleContext.Cleared(users, options.ClearSamples, v => v < options.LoginFailedUsers * options.ClearFraction);
    }

    // The share of logins failing, sample by sample (failures and successes come from one read).
    private static List<TimedValue> Shares(RuleContext context, string entity, int count) =>
        [.. context.FreshAligned(entity, MetricCatalog.MailLoginFailures, entity, MetricCatalog.MailLoginSuccesses, count)
            .Select(p => new TimedValue(p.A.Time, p.A.Value + p.B.Value > 0 ? p.A.Value / (p.A.Value + p.B.Value) : 0))];

    /// <summary>
    /// On a host that runs several services, whether the users seen failing there are this
    /// service's: at least <see cref="DetectionOptions.LoginFailureRatio"/> of them may be its
    /// users. The host's counts cannot tell whose logins fail; the sightings can, by the login's
    /// domain. Without sightings every service there is judged hit, as before.
    /// </summary>
    private static bool TheirUsersFail(RuleContext context, Topology.MailService service, string host, string protocol, DateTimeOffset since) =>
        context.Logins?.ShareOf(service.Id, host, protocol, since) is not { } share || share >= context.Options.LoginFailureRatio;
}
