using Monitor.Core.Findings;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// A mail function (POP3, IMAP, SMTP, webmail) fails its synthetic probes several times in a row:
/// users are hit. This is where a causal chain reaches the users (seed 001: mail send/receive and
/// webmail stopped for 3h38m; seed 003: the report's 具体的な支障内容).
/// </summary>
public sealed class ServiceDown : IRule
{
    /// <inheritdoc/>
    public string Name => "service-down";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var count = context.Options.ProbeFailuresInARow;
        foreach (var service in context.Topology.Services)
        {
            foreach (var function in service.Functions)
            {
                var entity = service.FunctionId(function);
                var recent = context.Fresh(entity, MetricCatalog.ProbeSuccess, count);
                if (recent.Count < count || recent.Any(p => p.Value > 0))
                {
                    continue;
                }

                var since = context.Onset(entity, FindingKinds.ServiceDown, context.RunStart(entity, MetricCatalog.ProbeSuccess, v => v <= 0) ?? recent[0].Time);
                yield return new Finding(
                    entity,
                    FindingKinds.ServiceDown,
                    Name,
                    $"{function} of {service.Name} ({entity}) has failed every probe since {context.Topology.Clock(since)}: {UserImpact(function)}.",
                    since,
                    RuleContext.Evidence(entity, MetricCatalog.ProbeSuccess, recent),
                    "seed 001 (CTY, 2017)");
            }
        }
    }

    private static string UserImpact(string function) => function switch
    {
        "pop3" or "imap" => "users cannot read their mail",
        "smtp-in" => "mail to users is not accepted and queues at the senders",
        "smtp-out" or "submission" => "users cannot send mail",
        "webmail" => "webmail is unreachable",
        _ => "users of this function are hit",
    };
}
