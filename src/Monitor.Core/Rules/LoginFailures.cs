using Monitor.Core.Findings;
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
                var failed = context.Fresh(entity, MetricCatalog.MailLoginFailures, Recent);
                var succeeded = context.Fresh(entity, MetricCatalog.MailLoginSuccesses, Recent);
                var users = context.FreshValue(entity, MetricCatalog.MailLoginFailedUsers) ?? 0;
                var failures = failed.Sum(p => p.Value);
                var total = failures + succeeded.Sum(p => p.Value);
                if (failed.Count < Recent || total <= 0 || failures / total < context.Options.LoginFailureRatio || users < context.Options.LoginFailedUsers)
                {
                    continue;
                }

                var offering = services.Where(s => s.Functions.Contains(protocol)).ToList();
                DateTimeOffset? start = null;
                foreach (var service in offering.Where(s => offering.Count == 1 || TheirUsersFail(context, s, host, protocol, failed[0].Time)))
                {
                    var target = service.FunctionId(protocol);
                    // An active finding keeps the onset it was raised with; the window is read back only to raise one.
                    var since = context.IsActive(target, FindingKinds.LoginFailures, host)
                        ? context.Onset(target, FindingKinds.LoginFailures, DateTimeOffset.MaxValue, host)
                        : context.Onset(target, FindingKinds.LoginFailures, start ??= StormStart(context, entity) ?? failed[0].Time, host);
                    yield return new Finding(
                        target,
                        FindingKinds.LoginFailures,
                        Name,
                        $"{Figures.Percent(failures / total)} of {protocol.ToUpperInvariant()} logins on {host} fail ({Figures.Count(users)} users in the last interval) since "
                            + $"{context.Topology.Clock(since)}: users of {service.Name} cannot receive their mail.",
                        since,
                        [.. RuleContext.Evidence(entity, MetricCatalog.MailLoginFailures, failed), .. RuleContext.Evidence(entity, MetricCatalog.MailLoginFailedUsers, context.Fresh(entity, MetricCatalog.MailLoginFailedUsers, 1))],
                        "seed 000 (Alpha Mail, 2016)")
                    { Scope = host };
                }
            }
        }
    }

    /// <summary>
    /// When the failures began: the start of the run of samples (failures and successes paired by
    /// time) that fail at <see cref="DetectionOptions.LoginFailureRatio"/>, from the newest such
    /// sample among the last <see cref="Recent"/> back. The ratio is judged on five samples, so it
    /// crosses two samples into a storm; the storm did not begin three samples before it did.
    /// </summary>
    private static DateTimeOffset? StormStart(RuleContext context, string entity)
    {
        var pairs = RuleContext.Aligned(
            context.Window.Since(entity, MetricCatalog.MailLoginFailures, DateTimeOffset.MinValue),
            context.Window.Since(entity, MetricCatalog.MailLoginSuccesses, DateTimeOffset.MinValue));
        bool Failing((TimedValue A, TimedValue B) p) =>
            p.A.Value + p.B.Value > 0 && p.A.Value / (p.A.Value + p.B.Value) >= context.Options.LoginFailureRatio;
        var i = pairs.Count - 1;
        while (i >= 0 && i >= pairs.Count - Recent && !Failing(pairs[i]))
        {
            i--;
        }

        DateTimeOffset? start = null;
        for (; i >= 0 && Failing(pairs[i]); i--)
        {
            start = pairs[i].A.Time;
        }

        return start;
    }

    /// <summary>
    /// On a host that runs several services, whether the users seen failing there are this
    /// service's: at least <see cref="DetectionOptions.LoginFailureRatio"/> of them may be its
    /// users. The host's counts cannot tell whose logins fail; the sightings can, by the login's
    /// domain. Without sightings every service there is judged hit, as before.
    /// </summary>
    private static bool TheirUsersFail(RuleContext context, Topology.MailService service, string host, string protocol, DateTimeOffset since) =>
        context.Logins?.ShareOf(service.Id, host, protocol, since) is not { } share || share >= context.Options.LoginFailureRatio;
}
