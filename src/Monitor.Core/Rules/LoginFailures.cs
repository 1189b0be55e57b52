using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// Many POP3/IMAP logins fail: users cannot receive mail. Counted by distinct users, which is also
/// the observed affected-user count. Lesson of seed 000 (Alpha Mail, 2016): under storage load POP
/// receive failed while sending kept working.
/// </summary>
public sealed class LoginFailures : IRule
{
    private const int Recent = 5;

    // The hosts' protocol entities and the services they serve, once per topology: the same at every evaluation.
    private static readonly PerTopology<Protocol[]> Protocols = new(Of);

    /// <inheritdoc/>
    public string Name => "login-failures";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var (host, protocol, entity, targets) in Protocols.Of(context.Topology))
        {
            if (Judge(context, host, entity, targets) is not { } run)
            {
                continue;
            }

            foreach (var finding in Findings(context, host, protocol, entity, targets, run))
            {
                yield return finding;
            }
        }
    }

    // The findings of a run of failing logins, on the services whose users fail (made apart from
    // Evaluate: what they capture is then allocated only when logins fail).
    private List<Finding> Findings(RuleContext context, string host, string protocol, string entity, Target[] targets, Run run)
    {
        var (failed, users, _, seenSince, failures, total) = run;
        var findings = new List<Finding>();
        foreach (var (service, target) in targets.Where(s => targets.Length == 1 || TheirUsersFail(context, s.Service, host, protocol, seenSince)))
        {
            var since = context.Onset(target, FindingKinds.LoginFailures, run.Start, host);
            findings.Add(context.Explained(
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
            });
        }

        return findings;
    }

    // Whether logins fail on the host over the protocol now, and since when; judged for every
    // host at every evaluation, so the shares are made on the stack.
    private static Run? Judge(RuleContext context, string host, string entity, Target[] targets)
    {
        var failed = context.Fresh(entity, MetricCatalog.MailLoginFailures, Recent);
        if (targets.Length == 0 || failed.Count == 0)
        {
            return null;
        }

        var options = context.Options;
        var look = Math.Max(Recent, options.ClearSamples);
        var pairs = look <= 64 ? stackalloc (TimedValue A, TimedValue B)[look] : new (TimedValue A, TimedValue B)[look];
        var shares = look <= 64 ? stackalloc TimedValue[look] : new TimedValue[look];
        shares = shares[..Shares(context, entity, look, pairs, shares)];
        var users = context.FreshValue(entity, MetricCatalog.MailLoginFailedUsers) ?? 0;
        var active = false;
        foreach (var target in targets)
        {
            if (context.IsActive(target.Function, FindingKinds.LoginFailures, host))
            {
                active = true;
                break;
            }
        }

        if (!(active ? Holds(context, entity, shares) : Raises(context, entity, failed, shares, users)))
        {
            return null;
        }

        // Dated from the first failing sample of the run, not from the oldest sample judged.
        // A sample counts the logins of the interval before it, so the people seen failing
        // in the run are those seen since the sample before it (the run's first interval).
        var start = failed[0].Time;
        var seenSince = start;
        for (var i = shares.Length - 1; i >= 0 && shares[i].Value >= options.LoginFailureRatio; i--)
        {
            start = shares[i].Time;
            seenSince = i > 0 ? shares[i - 1].Time : shares.Length > 1 ? start - (shares[1].Time - shares[0].Time) : start;
        }

        var failures = Sum(failed);
        var total = failures + Sum(context.Fresh(entity, MetricCatalog.MailLoginSuccesses, Recent));
        return new Run(failed, users, start, seenSince, failures, total);
    }

    private static double Sum(SeriesView points)
    {
        var sum = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            sum += points.ValueAt(i);
        }

        return sum;
    }

    // Each host's POP3 and IMAP entities, with the services there that offer the protocol.
    private static Protocol[] Of(SiteTopology topology) =>
        [.. MailHosts.All(topology).SelectMany(x => new[] { "pop3", "imap" }.Select(protocol => new Protocol(
            x.Host,
            protocol,
            $"{x.Host}/{protocol}",
            [.. x.Services.Where(s => s.Functions.Contains(protocol)).Select(s => new Target(s, s.FunctionId(protocol)))])))];

    // Raised: over the last samples together, enough logins fail and enough people fail, and the
    // newest sample fails too (failures that have stopped raise nothing again).
    private static bool Raises(RuleContext context, string entity, SeriesView failed, ReadOnlySpan<TimedValue> shares, double users)
    {
        if (shares.Length == 0 || shares[^1].Value < context.Options.LoginFailureRatio)
        {
            return false;
        }

        var failures = Sum(failed);
        var total = failures + Sum(context.Fresh(entity, MetricCatalog.MailLoginSuccesses, Recent));
        return failed.Count >= Recent && total > 0 && failures / total >= context.Options.LoginFailureRatio && users >= context.Options.LoginFailedUsers;
    }

    // Once raised it holds until the share failing, or the people failing, have stayed under the
    // clear level for ClearSamples samples: a sum over the last five samples would outlive the
    // storm by four, and one sample's dip would not end it either.
    private static bool Holds(RuleContext context, string entity, ReadOnlySpan<TimedValue> shares)
    {
        var options = context.Options;
        var users = context.Fresh(entity, MetricCatalog.MailLoginFailedUsers, options.ClearSamples);
        return !RuleContext.Cleared(shares, options.ClearSamples, v => v < options.LoginFailureRatio * options.ClearFraction)
            && !RuleContext.Cleared(users, options.ClearSamples, v => v < options.LoginFailedUsers * options.ClearFraction);
    }

    // The share of logins failing, sample by sample (failures and successes come from one read).
    private static int Shares(RuleContext context, string entity, int count, Span<(TimedValue A, TimedValue B)> pairs, Span<TimedValue> shares)
    {
        var paired = context.FreshAligned(entity, MetricCatalog.MailLoginFailures, entity, MetricCatalog.MailLoginSuccesses, count, pairs);
        for (var i = 0; i < paired; i++)
        {
            var (a, b) = pairs[i];
            shares[i] = new TimedValue(a.Time, a.Value + b.Value > 0 ? a.Value / (a.Value + b.Value) : 0);
        }

        return paired;
    }

    /// <summary>
    /// On a host that runs several services, whether the users seen failing there are this
    /// service's: at least <see cref="DetectionOptions.LoginFailureRatio"/> of them may be its
    /// users. The host's counts cannot tell whose logins fail; the sightings can, by the login's
    /// domain. Without sightings every service there is judged hit, as before.
    /// </summary>
    private static bool TheirUsersFail(RuleContext context, MailService service, string host, string protocol, DateTimeOffset since) =>
        context.Logins?.ShareOf(service.Id, host, protocol, since) is not { } share || share >= context.Options.LoginFailureRatio;

    // A protocol of a host: its entity ("mail01/pop3") and the services there that offer it.
    private sealed record Protocol(string Host, string Name, string Entity, Target[] Targets);

    // A service that offers the protocol, and its function's entity ("svc-01/pop3").
    private sealed record Target(MailService Service, string Function);

    // Logins failing now: over what, how many, since when.
    private readonly record struct Run(SeriesView Failed, double Users, DateTimeOffset Start, DateTimeOffset SeenSince, double Failures, double Total);
}
