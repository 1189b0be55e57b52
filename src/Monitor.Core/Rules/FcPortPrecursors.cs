using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>
/// The signs an FC port gives before it fails: error counters climbing, optical power falling,
/// the kernel's Marginal state. Lesson of seed 002 (Freebit, 2020): the remedy was "monitor FC port
/// failure precursors" (FC ポートの故障予兆サインを監視する). Warnings: they open no incident alone,
/// but when a failure downstream opens one, the sick port is its root cause.
/// </summary>
public sealed class FcPortPrecursors : IRule
{
    private const int Recent = 5;
    private const int Needed = 3;

    private static readonly string[] PowerMetrics = [MetricCatalog.FcTxPower, MetricCatalog.FcRxPower];

    private static readonly string[] ErrorCounters =
    [
        MetricCatalog.FcInvalidCrc,
        MetricCatalog.FcLinkFailures,
        MetricCatalog.FcLossOfSync,
        MetricCatalog.FcLossOfSignal,
        MetricCatalog.FcInvalidTxWords,
        MetricCatalog.FcErrorFrames,
    ];

    // The FC ports of the topology, found once per topology.
    private static readonly PerTopology<Entity[]> Ports = new(topology =>
        [.. topology.Entities.Where(e => e.Type is EntityType.HbaPort or EntityType.ControllerPort)]);

    /// <inheritdoc/>
    public string Name => "fc-port-precursors";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var port in Ports.Of(context.Topology))
        {
            if (Errors(context, port) is { } errors)
            {
                yield return errors;
            }

            // A port switched off by hand shows "no light"; that is not a degrading signal.
            if (context.FreshValue(port.Id, MetricCatalog.FcPortUp) != 0 && Power(context, port) is { } power)
            {
                yield return power;
            }

            var marginal = context.Fresh(port.Id, MetricCatalog.FcPortMarginal, 1);
            if (marginal.Count == 1 && marginal[0].Value == 1)
            {
                var since = context.Onset(port.Id, FindingKinds.FcPortMarginal, context.RunStart(port.Id, MetricCatalog.FcPortMarginal, v => v == 1) ?? marginal[0].Time);
                yield return Warning(context, port, FindingKinds.FcPortMarginal, since,
                    FindingMessage.Of(PathMessages.FcPortMarginal, context.Named("port", port.Id), MessageArgument.At("since", since)),
                    RuleContext.Evidence(port.Id, MetricCatalog.FcPortMarginal, marginal));
            }
        }
    }

    private static Finding? Errors(RuleContext context, Entity port)
    {
        var options = context.Options;
        if (!context.IsActive(port.Id, FindingKinds.FcPortErrors) && CountsNoErrors(context, port, Math.Max(Recent, options.ClearSamples)))
        {
            return null; // most ports count no errors: no sum by time to make
        }

        return Counted(context, port);
    }

    // The port's errors summed by time and judged (apart from Errors: the options its lambdas
    // capture are then allocated only for a port that counts errors, not for every port).
    private static Finding? Counted(RuleContext context, Entity port)
    {
        var options = context.Options;
        var perSample = new Dictionary<DateTimeOffset, double>();
        foreach (var counter in ErrorCounters)
        {
            foreach (var point in context.Fresh(port.Id, counter, Math.Max(Recent, options.ClearSamples)))
            {
                perSample[point.Time] = perSample.GetValueOrDefault(point.Time) + point.Value;
            }
        }

        var active = context.IsActive(port.Id, FindingKinds.FcPortErrors);
        if (perSample.Count == 0 || (!active && perSample.Values.Count(v => v >= options.FcErrorRate) < Needed))
        {
            return null; // most ports count no errors: nothing more to sort
        }

        // Read again for the evidence only now: a port with a stray error or two makes none.
        var evidence = new List<Sample>();
        foreach (var counter in ErrorCounters)
        {
            var points = context.Fresh(port.Id, counter, Math.Max(Recent, options.ClearSamples));
            evidence.AddRange(RuleContext.Evidence(port.Id, counter, points.Skip(Math.Max(0, points.Count - Recent)).Where(p => p.Value > 0)));
        }

        // Counters of one port come from one read, so they share their times: summed by time.
        var rates = perSample.OrderBy(kv => kv.Key).Select(kv => new TimedValue(kv.Key, kv.Value)).ToList();
        var recent = rates.Skip(Math.Max(0, rates.Count - Recent)).ToList();
        var climbing = recent.Where(p => p.Value >= options.FcErrorRate).ToList();
        var holds = active
            ? !RuleContext.Cleared(rates, options.ClearSamples, v => v < options.FcErrorRate * options.ClearFraction)
            : climbing.Count >= Needed; // a single CRC error is noise, not a trend
        if (!holds)
        {
            return null;
        }

        var since = context.Onset(port.Id, FindingKinds.FcPortErrors, climbing.Count > 0 ? climbing[0].Time : recent[0].Time);
        return Warning(context, port, FindingKinds.FcPortErrors, since,
            FindingMessage.Of(
                PathMessages.FcPortErrors,
                context.Named("port", port.Id),
                MessageArgument.Number("rate", recent[^1].Value),
                MessageArgument.Number("limit", options.FcErrorRate),
                MessageArgument.Count("climbing", climbing.Count),
                MessageArgument.Count("samples", recent.Count),
                MessageArgument.At("since", since)),
            evidence);
    }

    private static Finding? Power(RuleContext context, Entity port)
    {
        var options = context.Options;
        var active = context.Onsets.TryGetValue(new FindingKey(port.Id, FindingKinds.FcOpticalPowerLow), out var raisedAt);
        foreach (var metric in PowerMetrics)
        {
            // Raised, it clears only when the power has come back within a fraction of the drop
            // for a while: a reading jittering around the raise level is not a recovery.
            var recent = context.Fresh(port.Id, metric, active ? options.ClearSamples : Needed);
            if (recent.Count < Needed)
            {
                continue;
            }

            var history = context.Window.Since(port.Id, metric, context.Now - context.Options.WindowLength);
            var floor = options.OpticalPowerFloorDbm;
            var drop = active ? options.OpticalPowerDropDb * options.ClearFraction : options.OpticalPowerDropDb;

            // The median is never above the highest point, so a recent value within the drop of
            // the highest is not low whatever the median: most cycles need no sort of the window.
            var highest = Highest(history);
            bool Low(SeriesView points, double usual) => active ? AnyLow(points, usual - drop, floor) : AllLow(points, usual - drop, floor);
            if (!active && !Low(recent, highest))
            {
                continue;
            }

            // The usual level is the port's own before the drop: once raised, the points since then
            // are the fault, and after an hour low they would be the median and clear it.
            var before = active ? history.Slice(0, CountBefore(history, raisedAt)) : history;
            if (before.Count == 0)
            {
                // Low for longer than the window keeps: the level before is gone, so the warning
                // stays until the light comes clearly back up from where it has been.
                var level = Median(history);
                if (AllBackUp(recent, level + drop, floor))
                {
                    continue;
                }

                var held = context.Onset(port.Id, FindingKinds.FcOpticalPowerLow, recent[0].Time);
                return Warning(context, port, FindingKinds.FcOpticalPowerLow, held,
                    FindingMessage.Of(
                        PathMessages.FcOpticalPowerHeldLow,
                        context.Named("port", port.Id),
                        MessageArgument.Term("direction", Direction(metric)),
                        MessageArgument.Number("power", recent[^1].Value),
                        MessageArgument.At("since", held),
                        MessageArgument.Lasting("window", options.WindowLength)),
                    RuleContext.Evidence(port.Id, metric, recent));
            }

            var median = Median(before);
            if (!Low(recent, median))
            {
                continue;
            }

            var since = context.Onset(port.Id, FindingKinds.FcOpticalPowerLow, recent[0].Time);
            return Warning(context, port, FindingKinds.FcOpticalPowerLow, since,
                FindingMessage.Of(
                    PathMessages.FcOpticalPowerLow,
                    context.Named("port", port.Id),
                    MessageArgument.Term("direction", Direction(metric)),
                    MessageArgument.Number("power", recent[^1].Value),
                    MessageArgument.Number("drop", median - recent[^1].Value),
                    MessageArgument.Number("usual", median),
                    MessageArgument.At("since", since)),
                RuleContext.Evidence(port.Id, metric, recent));
        }

        return null;
    }

    private static string Direction(string metric) => metric == MetricCatalog.FcTxPower ? "direction.transmit" : "direction.receive";

    // Counters are rates, never negative: when none is above zero, no sum by time reaches the rate.
    private static bool CountsNoErrors(RuleContext context, Entity port, int count)
    {
        foreach (var counter in ErrorCounters)
        {
            var points = context.Fresh(port.Id, counter, count);
            for (var i = 0; i < points.Count; i++)
            {
                if (points.ValueAt(i) > 0)
                {
                    return false;
                }
            }
        }

        return context.Options.FcErrorRate > 0;
    }

    private static double Highest(SeriesView points)
    {
        var highest = double.NegativeInfinity;
        for (var i = 0; i < points.Count; i++)
        {
            highest = Math.Max(highest, points.ValueAt(i));
        }

        return points.Count > 0 ? highest : throw new InvalidOperationException("no power reading in the window");
    }

    private static bool AnyLow(SeriesView points, double below, double floor)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (points.ValueAt(i) <= below || points.ValueAt(i) <= floor)
            {
                return true;
            }
        }

        return false;
    }

    private static bool AllLow(SeriesView points, double below, double floor)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (!(points.ValueAt(i) <= below || points.ValueAt(i) <= floor))
            {
                return false;
            }
        }

        return true;
    }

    // Every point at or above the level and above the floor (a loop, not a lambda: the lambda's
    // captures would be allocated for every port at every evaluation).
    private static bool AllBackUp(SeriesView points, double level, double floor)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (!(points.ValueAt(i) >= level && points.ValueAt(i) > floor))
            {
                return false;
            }
        }

        return true;
    }

    private static int CountBefore(SeriesView points, DateTimeOffset time)
    {
        var n = 0;
        while (n < points.Count && points.TimeAt(n) < time)
        {
            n++;
        }

        return n;
    }

    private static double Median(SeriesView points)
    {
        var sorted = new double[points.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = points[i].Value;
        }

        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static Finding Warning(RuleContext context, Entity port, string kind, DateTimeOffset since, FindingMessage message, IReadOnlyList<Sample> evidence) =>
        context.Explained(port.Id, kind, "fc-port-precursors", message, since, evidence, "seed 002 (Freebit, 2020)");
}
