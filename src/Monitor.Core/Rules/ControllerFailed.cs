using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// A storage controller stopped: its partner, if it has one, now carries its volumes alone.
/// Lesson of seed 001 (CTY, 2017): controller A stopped on a software bug and B ran degraded.
/// </summary>
public sealed class ControllerFailed : IRule
{
    /// <inheritdoc/>
    public string Name => "controller-failed";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var controller in context.Topology.Controllers.Values)
        {
            var recent = context.Fresh(controller.Id, MetricCatalog.ControllerUp, 5);
            if (recent.Count == 0 || recent[^1].Value != 0)
            {
                continue;
            }

            var since = context.Onset(controller.Id, FindingKinds.ControllerFailed, context.RunStart(controller.Id, MetricCatalog.ControllerUp, v => v == 0) ?? recent[^1].Time);
            var partnerUp = controller.Partner is null ? null : context.FreshValue(controller.Partner, MetricCatalog.ControllerUp);
            var message = (controller.Partner, partnerUp) switch
            {
                (null, _) => StorageMessages.ControllerFailedNoPartner,
                (_, 1) => StorageMessages.ControllerFailedPartnerAlone,
                (_, 0) => StorageMessages.ControllerFailedPartnerDown,
                _ => StorageMessages.ControllerFailedPartnerUnknown,
            };

            yield return context.Explained(
                controller.Id,
                FindingKinds.ControllerFailed,
                Name,
                FindingMessage.Of(
                    message,
                    context.Named("controller", controller.Id),
                    MessageArgument.At("since", since),
                    controller.Partner is { } partner ? context.Named("partner", partner) : null),
                since,
                RuleContext.Evidence(controller.Id, MetricCatalog.ControllerUp, recent),
                "seed 001 (CTY, 2017)");
        }
    }
}
