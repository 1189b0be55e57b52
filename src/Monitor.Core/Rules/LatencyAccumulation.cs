using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// A controller's latency has stayed above the threshold for several samples in a row and is
/// not falling: I/O is queueing faster than it is served. A single spike is not a build-up.
/// Lesson of seed 001 (CTY, 2017): delay accumulated on the surviving controller until the mail
/// service stopped.
/// </summary>
public sealed class LatencyAccumulation : IRule
{
    /// <inheritdoc/>
    public string Name => "latency-accumulation";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var options = context.Options;
        var threshold = options.LatencyThreshold.TotalSeconds;
        var clearLevel = threshold * options.ClearFraction;
        var count = options.LatencyBuildUpSamples;
        foreach (var controller in context.Topology.Controllers.Values)
        {
            var points = context.Fresh(controller.Id, MetricCatalog.ControllerLatency, Math.Max(count, options.ClearSamples));
            if (points.Count == 0)
            {
                continue;
            }

            // Raised, it stays until latency has been under the clear level for a while: a dip on
            // a plateau, or a short drain, is not the end of the build-up.
            var active = context.IsActive(controller.Id, FindingKinds.LatencyAccumulation);
            var recent = points.Newest(count);
            var holds = active
                ? !RuleContext.Cleared(points, options.ClearSamples, v => v < clearLevel)
                : recent.Count == count && AllAtLeast(recent, threshold) && !IsDraining(recent);
            if (!holds)
            {
                continue;
            }

            var since = context.Onset(controller.Id, FindingKinds.LatencyAccumulation, context.RunStart(controller.Id, MetricCatalog.ControllerLatency, v => v >= threshold) ?? recent[0].Time);
            var evidence = RuleContext.Evidence(controller.Id, MetricCatalog.ControllerLatency, recent).ToList();
            var queue = context.Fresh(controller.Id, MetricCatalog.ControllerQueueDepth, 1);
            evidence.AddRange(RuleContext.Evidence(controller.Id, MetricCatalog.ControllerQueueDepth, queue));
            var now = recent[^1].Value;
            yield return context.Explained(
                controller.Id,
                FindingKinds.LatencyAccumulation,
                Name,
                FindingMessage.Of(
                    now >= threshold ? StorageMessages.LatencyRising : StorageMessages.LatencyNotCleared,
                    context.Named("controller", controller.Id),
                    MessageArgument.Lasting("for", context.Now - since),
                    MessageArgument.Seconds("now", now),
                    queue.Count == 1 ? MessageArgument.Count("queued", queue[0].Value) : null,
                    MessageArgument.Seconds("threshold", threshold),
                    MessageArgument.At("since", since),
                    MessageArgument.Seconds("clear", clearLevel),
                    MessageArgument.Count("samples", options.ClearSamples)),
                since,
                evidence,
                "seed 001 (CTY, 2017)");
        }
    }

    private static bool AllAtLeast(SeriesView points, double threshold)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (!(points.ValueAt(i) >= threshold))
            {
                return false;
            }
        }

        return true;
    }

    // Falling clearly (the later half at least 5% below the earlier half) means the queue drains:
    // judged only before the finding is raised (hysteresis).
    private static bool IsDraining(IReadOnlyList<TimedValue> recent)
    {
        var half = recent.Count / 2;
        var earlier = recent.Take(half).Average(p => p.Value);
        var later = recent.Skip(recent.Count - half).Average(p => p.Value);
        return later < earlier * 0.95;
    }
}
