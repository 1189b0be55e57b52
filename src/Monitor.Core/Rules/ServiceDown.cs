using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
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
        foreach (var (service, function, entity) in ServiceFunctions.Of(context.Topology))
        {
            var recent = context.Fresh(entity, MetricCatalog.ProbeSuccess, count);
            if (recent.Count < count || AnySucceeded(recent))
            {
                continue;
            }

            var since = context.Onset(entity, FindingKinds.ServiceDown, context.RunStart(entity, MetricCatalog.ProbeSuccess, v => v <= 0) ?? recent[0].Time);
            yield return context.Explained(
                entity,
                FindingKinds.ServiceDown,
                Name,
                FindingMessage.Of(
                    MailMessages.ServiceDown,
                    MessageArgument.Term("function", MessageTerms.KeyOr("function", function)),
                    context.Named("service", service.Id),
                    context.Named("entity", entity),
                    MessageArgument.At("since", since),
                    MessageArgument.Term("impact", MessageTerms.KeyOr("impact", function))),
                since,
                RuleContext.Evidence(entity, MetricCatalog.ProbeSuccess, recent),
                "seed 001 (CTY, 2017)");
        }
    }

    private static bool AnySucceeded(SeriesView recent)
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
