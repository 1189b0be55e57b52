using System.Collections.Frozen;
using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// A controller is unhealthy yet still takes I/O, and its partner has not taken over: the failover
/// that should have happened did not. Lesson of seed 002 (NTT Docomo, 2020): a hardware fault on
/// SC1 and a firmware bug in fault detection; the switch SC1 -> SC2 never happened and the servers
/// lost their storage.
/// </summary>
public sealed class FailoverMissing : IRule
{
    private const int Needed = 3;

    // Each controller's paths, found once per topology rather than by a search of every path at every evaluation.
    private static readonly PerTopology<FrozenDictionary<string, AccessPath[]>> PathsOf = new(topology =>
        topology.Paths.GroupBy(p => p.Controller, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));

    /// <inheritdoc/>
    public string Name => "failover-missing";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var controller in context.Topology.Controllers.Values)
        {
            if (controller.Partner is not { } partner
                || context.FreshValue(controller.Id, MetricCatalog.ControllerUp) != 1
                || context.FreshValue(partner, MetricCatalog.ControllerUp) != 1
                || context.FreshValue(partner, MetricCatalog.ControllerTakeover) == 1)
            {
                continue;
            }

            // Critical first: a healthy controller (nearly all of them) needs none of its paths read.
            var health = context.Fresh(controller.Id, MetricCatalog.ControllerHealth, Needed);
            if (health.Count != Needed || !AllCritical(health))
            {
                continue;
            }

            var paths = PathsOf.Of(context.Topology).GetValueOrDefault(controller.Id, []);
            var timingOut = paths.Where(p => context.Fresh(p.Id, MetricCatalog.PathIoTimeouts, Needed) is { Count: Needed } t && t.All(x => x.Value > 0)).ToList();
            // Still used: I/O still reaches it, or still times out on its paths. Paths merely "up"
            // after the hosts moved away are not use.
            var stillUsed = (context.FreshValue(controller.Id, MetricCatalog.ControllerIops) ?? 0) > 0 || timingOut.Count > 0;
            if (!stillUsed)
            {
                continue;
            }

            var since = context.Onset(controller.Id, FindingKinds.FailoverMissing, context.RunStart(controller.Id, MetricCatalog.ControllerHealth, v => v >= 2) ?? health[0].Time);
            yield return context.Explained(
                controller.Id,
                FindingKinds.FailoverMissing,
                Name,
                FindingMessage.Of(
                    StorageMessages.FailoverMissing,
                    context.Named("controller", controller.Id),
                    MessageArgument.At("since", since),
                    context.Named("partner", partner),
                    timingOut.Count > 0 ? context.NamedList("paths", timingOut.Select(p => p.Id)) : null),
                since,
                [.. RuleContext.Evidence(controller.Id, MetricCatalog.ControllerHealth, health),
                 .. timingOut.SelectMany(p => RuleContext.Evidence(p.Id, MetricCatalog.PathIoTimeouts, context.Fresh(p.Id, MetricCatalog.PathIoTimeouts, 1)))],
                "seed 002 (NTT Docomo, 2020)");
        }
    }

    private static bool AllCritical(SeriesView health)
    {
        for (var i = 0; i < health.Count; i++)
        {
            if (!(health.ValueAt(i) >= 2))
            {
                return false;
            }
        }

        return true;
    }
}
