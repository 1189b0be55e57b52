using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// While its partner is down, a surviving controller runs above its rated capacity, judged in
/// I/O operations per second and in throughput separately. Lesson of seed 001 (CTY, 2017): two
/// controllers planned at 60% each left B at ~120% alone, and the extra load was small, frequent
/// I/O: the same bytes, many more operations, so a bytes-only check would have stayed silent.
/// </summary>
public sealed class DegradedModeOverload : IRule
{
    /// <inheritdoc/>
    public string Name => "degraded-mode-overload";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var survivor in context.Topology.Controllers.Values)
        {
            if (survivor.Partner is null
                || context.FreshValue(survivor.Partner, MetricCatalog.ControllerUp) != 0
                || context.FreshValue(survivor.Id, MetricCatalog.ControllerUp) != 1)
            {
                continue;
            }

            var iops = Check(context, survivor, MetricCatalog.ControllerIops, FindingKinds.DegradedOverloadIops, survivor.RatedIops);
            var bytes = Check(context, survivor, MetricCatalog.ControllerThroughput, FindingKinds.DegradedOverloadThroughput, survivor.RatedThroughput);
            var iopsShare = Share(context, survivor.Id, MetricCatalog.ControllerIops, survivor.RatedIops);
            var bytesShare = Share(context, survivor.Id, MetricCatalog.ControllerThroughput, survivor.RatedThroughput);

            if (iops is { } i)
            {
                // Only the operations over: the load is many small I/Os, the bytes look fine.
                var bytesFine = bytes is null && bytesShare is { } b ? MessageArgument.Share("throughput", b) : null;
                yield return context.Explained(
                    survivor.Id,
                    FindingKinds.DegradedOverloadIops,
                    Name,
                    FindingMessage.Of(
                        StorageMessages.DegradedOverloadIops,
                        context.Named("controller", survivor.Id),
                        context.Named("partner", survivor.Partner),
                        MessageArgument.Count("rated", survivor.RatedIops),
                        MessageArgument.At("since", i.Since),
                        iopsShare is { } now ? MessageArgument.Share("now", now) : null,
                        bytesFine),
                    i.Since,
                    i.Evidence,
                    "seed 001 (CTY, 2017)");
            }

            if (bytes is { } t)
            {
                yield return context.Explained(
                    survivor.Id,
                    FindingKinds.DegradedOverloadThroughput,
                    Name,
                    FindingMessage.Of(
                        StorageMessages.DegradedOverloadThroughput,
                        context.Named("controller", survivor.Id),
                        context.Named("partner", survivor.Partner),
                        MessageArgument.Bytes("rated", survivor.RatedThroughput),
                        MessageArgument.At("since", t.Since),
                        bytesShare is { } now ? MessageArgument.Share("now", now) : null,
                        iopsShare is { } ops ? MessageArgument.Share("iops", ops) : null),
                    t.Since,
                    t.Evidence,
                    "seed 001 (CTY, 2017)");
            }
        }
    }

    private static (DateTimeOffset Since, IReadOnlyList<Sample> Evidence)? Check(RuleContext context, Controller survivor, string metric, string kind, double rated)
    {
        var options = context.Options;
        var limit = rated * options.OverloadRatio;
        var points = context.Fresh(survivor.Id, metric, Math.Max(options.OverloadSamples, options.ClearSamples));
        IReadOnlyList<TimedValue> recent = points.Count > options.OverloadSamples ? [.. points.Skip(points.Count - options.OverloadSamples)] : points;
        var holds = context.IsActive(survivor.Id, kind)
            ? points.Count > 0 && !RuleContext.Cleared(points, options.ClearSamples, v => v <= limit * options.ClearFraction)
            : recent.Count == options.OverloadSamples && recent.All(p => p.Value > limit);
        if (!holds)
        {
            return null;
        }

        // Busy before the partner stopped is not degraded-mode overload: count from the failure.
        var runStart = context.RunStart(survivor.Id, metric, v => v > limit) ?? recent[0].Time;
        var partnerDown = context.RunStart(survivor.Partner!, MetricCatalog.ControllerUp, v => v == 0) ?? runStart;
        var since = context.Onset(survivor.Id, kind, runStart > partnerDown ? runStart : partnerDown);
        return (since, RuleContext.Evidence(survivor.Id, metric, recent));
    }

    private static double? Share(RuleContext context, string controller, string metric, double rated) =>
        context.FreshValue(controller, metric) is { } value ? value / rated : null;
}
