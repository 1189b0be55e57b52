using Monitor.Core.Findings;
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
        var threshold = context.Options.LatencyThreshold.TotalSeconds;
        var count = context.Options.LatencyBuildUpSamples;
        foreach (var controller in context.Topology.Controllers.Values)
        {
            var recent = context.Fresh(controller.Id, MetricCatalog.ControllerLatency, count);
            if (recent.Count < count || recent.Any(p => p.Value < threshold) || IsDraining(recent))
            {
                continue;
            }

            var since = context.Onset(controller.Id, FindingKinds.LatencyAccumulation, context.RunStart(controller.Id, MetricCatalog.ControllerLatency, v => v >= threshold) ?? recent[0].Time);
            var evidence = RuleContext.Evidence(controller.Id, MetricCatalog.ControllerLatency, recent).ToList();
            var queue = context.Fresh(controller.Id, MetricCatalog.ControllerQueueDepth, 1);
            evidence.AddRange(RuleContext.Evidence(controller.Id, MetricCatalog.ControllerQueueDepth, queue));
            var queueText = queue.Count == 1 ? $", {Figures.Count(queue[0].Value)} I/Os queued" : "";

            yield return new Finding(
                controller.Id,
                FindingKinds.LatencyAccumulation,
                Name,
                $"Latency on {controller.Name} ({controller.Id}) has built up for {Figures.Minutes(context.Now - since)}: "
                    + $"{Figures.Milliseconds(recent[^1].Value)} now{queueText}, above {Figures.Milliseconds(threshold)} since "
                    + $"{context.Topology.Clock(since)} and not falling; I/O is queueing faster than it is served.",
                since,
                evidence,
                "seed 001 (CTY, 2017)");
        }
    }

    // Falling clearly (the later half at least 5% below the earlier half) means the queue drains.
    private static bool IsDraining(IReadOnlyList<TimedValue> recent)
    {
        var half = recent.Count / 2;
        var earlier = recent.Take(half).Average(p => p.Value);
        var later = recent.Skip(recent.Count - half).Average(p => p.Value);
        return later < earlier * 0.95;
    }
}
