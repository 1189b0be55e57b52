using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// While both partners are healthy, would one of them exceed its rated capacity if the other
/// failed? Judged in IOPS and in throughput separately. Lesson of seed 001 (CTY, 2017): two
/// controllers planned at 60% each are 120% for the survivor; the panel asked that load be managed
/// by the number of I/Os, not only bytes. A warning: it opens no incident on its own.
/// </summary>
public sealed class N1Headroom : IRule
{
    /// <inheritdoc/>
    public string Name => "n1-headroom";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var controller in context.Topology.Controllers.Values)
        {
            if (controller.Partner is not { } partner
                || context.FreshValue(controller.Id, MetricCatalog.ControllerUp) != 1
                || context.FreshValue(partner, MetricCatalog.ControllerUp) != 1)
            {
                continue;
            }

            foreach (var (metric, rated, kind) in new[]
            {
                (MetricCatalog.ControllerIops, controller.RatedIops, FindingKinds.N1HeadroomIops),
                (MetricCatalog.ControllerThroughput, controller.RatedThroughput, FindingKinds.N1HeadroomThroughput),
            })
            {
                if (Check(context, controller, partner, metric, rated, kind) is { } finding)
                {
                    yield return finding;
                }
            }
        }
    }

    private static Finding? Check(RuleContext context, Controller controller, string partner, string metric, double rated, string kind)
    {
        var options = context.Options;
        var n = options.HeadroomSamples;
        var limit = rated * options.OverloadRatio;

        // The two loads added at the same times: samples taken apart (a partner back after hours
        // without samples) are not a joint load, and no overlap says nothing.
        var pairs = context.FreshAligned(controller.Id, metric, partner, metric, Math.Max(n, options.ClearSamples));
        if (pairs.Count == 0)
        {
            return null;
        }

        var combined = pairs.Select(p => p.A.Value + p.B.Value).ToList();
        var holds = context.IsActive(controller.Id, kind)
            ? !Cleared(combined, options.ClearSamples, c => c <= limit * options.ClearFraction)
            : combined.Count >= n && combined.Skip(combined.Count - n).All(c => c > limit);
        if (!holds)
        {
            return null;
        }

        var recent = pairs.Skip(Math.Max(0, pairs.Count - n)).ToList();
        var since = context.Onset(controller.Id, kind, recent[0].A.Time);
        var iops = metric == MetricCatalog.ControllerIops;
        return context.Explained(
            controller.Id,
            kind,
            "n1-headroom",
            FindingMessage.Of(
                iops ? StorageMessages.N1HeadroomIops : StorageMessages.N1HeadroomThroughput,
                context.Named("partner", partner),
                context.Named("controller", controller.Id),
                iops ? MessageArgument.Count("load", combined[^1]) : MessageArgument.Bytes("load", combined[^1]),
                MessageArgument.Share("share", combined[^1] / rated)),
            since,
            [.. RuleContext.Evidence(controller.Id, metric, recent.Select(p => p.A)), .. RuleContext.Evidence(partner, metric, recent.Select(p => p.B))],
            "seed 001 (CTY, 2017)");
    }

    private static bool Cleared(List<double> combined, int samples, Func<double, bool> belowClearLevel) =>
        combined.Count >= samples && combined.Skip(combined.Count - samples).All(belowClearLevel);
}
