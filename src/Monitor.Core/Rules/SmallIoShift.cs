using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// More operations, smaller I/Os, the bytes flat or rising far less: a load a bytes-only graph
/// does not show.
/// Lesson of seed 001 (CTY, 2017): another tenant's small, frequent I/O loaded the shared storage
/// ("転送されるデータの総量が同じであっても"). Compares the last 30 minutes with the oldest 30 minutes
/// of the window. A warning: it opens no incident on its own.
/// </summary>
public sealed class SmallIoShift : IRule
{
    private static readonly TimeSpan Span = TimeSpan.FromMinutes(30);

    /// <inheritdoc/>
    public string Name => "small-io-shift";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        var options = context.Options;
        foreach (var controller in context.Topology.Controllers.Values)
        {
            if (context.FreshValue(controller.Id, MetricCatalog.ControllerUp) == 0)
            {
                continue; // a stopped controller's load says nothing about its I/O mix
            }

            var ops = context.Window.Since(controller.Id, MetricCatalog.ControllerIops, context.Now - options.WindowLength);
            var bytes = context.Window.Since(controller.Id, MetricCatalog.ControllerThroughput, context.Now - options.WindowLength);
            if (ops.Count == 0 || bytes.Count == 0 || context.Now - ops[^1].Time > options.StaleAfter
                || ops[^1].Time - ops[0].Time < options.WindowLength - Span || ops[^1].Time - bytes[0].Time < options.WindowLength - Span)
            {
                continue; // not enough history for a before and an after
            }

            // Before and now over the same stretches of time for both series, so that the I/O
            // size divides bytes by the operations of the same half hour.
            var first = ops[0].Time > bytes[0].Time ? ops[0].Time : bytes[0].Time;
            var opsBefore = Mean(ops, first, first + Span);
            var opsNow = Mean(ops, context.Now - Span, context.Now);
            var bytesBefore = Mean(bytes, first, first + Span);
            var bytesNow = Mean(bytes, context.Now - Span, context.Now);
            if (opsBefore <= 0 || opsNow <= 0 || bytesBefore <= 0 || bytesNow <= 0)
            {
                continue;
            }

            var sizeBefore = bytesBefore / opsBefore;
            var sizeNow = bytesNow / opsNow;
            var opsRise = (opsNow / opsBefore) - 1;
            var sizeFall = 1 - (sizeNow / sizeBefore);
            var bytesChange = (bytesNow / bytesBefore) - 1;

            // Raised, the shift holds until it has clearly faded: the half-hour means already
            // smooth sample jitter, the clear fraction keeps them from flapping at the threshold.
            var scale = context.IsActive(controller.Id, FindingKinds.SmallIoShift) ? options.ClearFraction : 1.0;
            // Written so that a NaN (means that overflowed) fails each test instead of passing it.
            // The bytes may have moved with the day's load: what counts is that the operations grew
            // by far more than the bytes explain (the mean I/O shrank), not that the bytes stood still.
            if (!(opsRise >= options.SmallIoOpsRise * scale) || !(sizeFall >= options.SmallIoSizeFall * scale))
            {
                continue;
            }

            var (message, byBytes) = Math.Abs(bytesChange) < 0.05 ? (StorageMessages.SmallIoShiftSameBytes, null)
                : bytesChange > 0 ? (StorageMessages.SmallIoShiftMoreBytes, MessageArgument.Share("bytes", bytesChange))
                : (StorageMessages.SmallIoShiftFewerBytes, MessageArgument.Share("bytes", -bytesChange));

            yield return context.Explained(
                controller.Id,
                FindingKinds.SmallIoShift,
                Name,
                FindingMessage.Of(
                    message,
                    context.Named("controller", controller.Id),
                    MessageArgument.Share("rise", opsRise),
                    MessageArgument.Lasting("ago", context.Now - first),
                    byBytes,
                    MessageArgument.Count("before", sizeBefore / 1024),
                    MessageArgument.Count("after", sizeNow / 1024)),
                context.Onset(controller.Id, FindingKinds.SmallIoShift, context.Now),
                [.. RuleContext.Evidence(controller.Id, MetricCatalog.ControllerIops, [ops[0], ops[^1]]), .. RuleContext.Evidence(controller.Id, MetricCatalog.ControllerThroughput, [bytes[0], bytes[^1]])],
                "seed 001 (CTY, 2017)");
        }
    }

    private static double Mean(SeriesView points, DateTimeOffset from, DateTimeOffset to)
    {
        // Summed in time order, as an average of the same points would be: the same figure.
        var (sum, count) = (0.0, 0);
        for (var i = 0; i < points.Count; i++)
        {
            var time = points.TimeAt(i);
            if (time >= from && time <= to)
            {
                sum += points.ValueAt(i);
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }
}
