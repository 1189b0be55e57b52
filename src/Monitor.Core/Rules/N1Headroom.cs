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

            if (Check(context, controller, partner, MetricCatalog.ControllerIops, controller.RatedIops, FindingKinds.N1HeadroomIops) is { } iops)
            {
                yield return iops;
            }

            if (Check(context, controller, partner, MetricCatalog.ControllerThroughput, controller.RatedThroughput, FindingKinds.N1HeadroomThroughput) is { } throughput)
            {
                yield return throughput;
            }
        }
    }

    private static Finding? Check(RuleContext context, Controller controller, string partner, string metric, double rated, string kind)
    {
        var options = context.Options;
        var n = options.HeadroomSamples;
        var limit = rated * options.OverloadRatio;

        // The two loads added at the same times: samples taken apart (a partner back after hours
        // without samples) are not a joint load, and no overlap says nothing. Judged at every
        // evaluation for every pair of controllers: the pairs are read on the stack.
        var look = Math.Max(n, options.ClearSamples);
        var buffer = look <= 64 ? stackalloc (TimedValue A, TimedValue B)[look] : new (TimedValue A, TimedValue B)[look];
        var pairs = buffer[..context.FreshAligned(controller.Id, metric, partner, metric, look, buffer)];
        if (pairs.Length == 0)
        {
            return null;
        }

        var holds = context.IsActive(controller.Id, kind)
            ? !Cleared(pairs, options.ClearSamples, limit * options.ClearFraction)
            : pairs.Length >= n && AllAbove(pairs[^n..], limit);
        if (!holds)
        {
            return null;
        }

        var recent = pairs[Math.Max(0, pairs.Length - n)..];
        var load = Combined(pairs[^1]);
        var evidence = new Sample[2 * recent.Length];
        for (var i = 0; i < recent.Length; i++)
        {
            evidence[i] = new Sample(recent[i].A.Time, controller.Id, metric, recent[i].A.Value);
            evidence[recent.Length + i] = new Sample(recent[i].B.Time, partner, metric, recent[i].B.Value);
        }

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
                iops ? MessageArgument.Count("load", load) : MessageArgument.Bytes("load", load),
                MessageArgument.Share("share", load / rated)),
            since,
            evidence,
            "seed 001 (CTY, 2017)");
    }

    private static double Combined((TimedValue A, TimedValue B) pair) => pair.A.Value + pair.B.Value;

    private static bool AllAbove(ReadOnlySpan<(TimedValue A, TimedValue B)> pairs, double limit)
    {
        foreach (var pair in pairs)
        {
            if (!(Combined(pair) > limit))
            {
                return false;
            }
        }

        return true;
    }

    // The newest samples all at or under the clear level; false when there are fewer.
    private static bool Cleared(ReadOnlySpan<(TimedValue A, TimedValue B)> pairs, int samples, double clearLevel)
    {
        if (pairs.Length < samples)
        {
            return false;
        }

        for (var i = pairs.Length - samples; i < pairs.Length; i++)
        {
            if (!(Combined(pairs[i]) <= clearLevel))
            {
                return false;
            }
        }

        return true;
    }
}
