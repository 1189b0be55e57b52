using Monitor.Core.Findings;
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
            var consequence = (controller.Partner, partnerUp) switch
            {
                (null, _) => "it has no partner, so its volumes are unreachable",
                (_, 1) => $"its partner {controller.Partner} now serves its volumes alone (degraded operation, no redundancy left)",
                (_, 0) => $"its partner {controller.Partner} is down too, so no controller serves its volumes",
                _ => $"the state of its partner {controller.Partner} is unknown",
            };

            yield return new Finding(
                controller.Id,
                FindingKinds.ControllerFailed,
                Name,
                $"{controller.Name} ({controller.Id}) stopped at {context.Topology.Clock(since)}; {consequence}.",
                since,
                RuleContext.Evidence(controller.Id, MetricCatalog.ControllerUp, recent),
                "seed 001 (CTY, 2017)");
        }
    }
}
