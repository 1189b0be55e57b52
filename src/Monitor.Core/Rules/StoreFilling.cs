using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// A filesystem of the mail store runs out: at the rate it filled over the last
/// <see cref="DetectionOptions.StoreRateWindow"/> (least squares, so one burst or one expunge
/// does not decide) it would have no bytes available or no inodes free within
/// <see cref="DetectionOptions.StoreFullWithin"/>, or less than
/// <see cref="DetectionOptions.StoreLowShare"/> is left. Once full, every delivery fails
/// (mailbox_store_full); before that it is planned work. Bytes and inodes are judged alike: a
/// Maildir of small messages runs out of inodes with bytes to spare.
/// </summary>
public sealed class StoreFilling : IRule
{
    // Fewer points than this give no rate: a slope through two points is one burst.
    private const int MinimumPoints = 3;

    /// <inheritdoc/>
    public string Name => "store-filling";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var entity in context.Topology.Entities)
        {
            var active = context.IsActive(entity.Id, FindingKinds.StoreFilling);
            var bytes = Judge(context, entity.Id, MetricCatalog.FilesystemAvailBytes, MetricCatalog.FilesystemSizeBytes, active);
            var files = Judge(context, entity.Id, MetricCatalog.FilesystemFilesFree, MetricCatalog.FilesystemFiles, active);
            if (bytes is null && files is null)
            {
                continue;
            }

            var arguments = new List<MessageArgument?> { context.Named("store", entity.Id) };
            var evidence = new List<Sample>();
            DateTimeOffset? fromWindow = null;
            foreach (var (state, unit) in new[] { (bytes, Unit.Bytes), (files, Unit.Files) })
            {
                if (state is not { } s)
                {
                    continue;
                }

                arguments.AddRange(Describe(s, unit));
                evidence.AddRange(RuleContext.Evidence(entity.Id, s.Metric, s.Points));
                fromWindow = fromWindow is { } f && f < s.Points[0].Time ? f : s.Points[0].Time;
            }

            var since = context.Onset(entity.Id, FindingKinds.StoreFilling, fromWindow ?? context.Now);
            var message = (bytes, files) switch
            {
                (not null, not null) => StorageMessages.StoreFillingBoth,
                (not null, null) => StorageMessages.StoreFillingBytes,
                _ => StorageMessages.StoreFillingFiles,
            };
            yield return context.Explained(
                entity.Id,
                FindingKinds.StoreFilling,
                Name,
                FindingMessage.Of(message, [.. arguments]),
                since,
                evidence,
                "issue 9: a store that fills is a precursor of deliveries failing");
        }
    }

    private enum Unit
    {
        Bytes,
        Files,
    }

    /// <summary>What one resource (bytes or inodes) of a filesystem looks like now.</summary>
    private readonly record struct State(string Metric, IReadOnlyList<TimedValue> Points, double Left, double Total, double RatePerSecond);

    private static State? Judge(RuleContext context, string entity, string leftMetric, string totalMetric, bool active)
    {
        var total = context.FreshValue(entity, totalMetric);
        var latest = context.FreshValue(entity, leftMetric);
        if (total is not > 0 || latest is null)
        {
            return null; // No fixed size (btrfs inodes) or no data: unknown, never "filling".
        }

        var options = context.Options;
        var points = context.Window.Since(entity, leftMetric, context.Now - options.StoreRateWindow);
        if (points.Count == 0)
        {
            return null;
        }

        var rate = Slope(points, points.Count, options);
        if (!Raised(points[^1].Value, rate, total.Value, options, 1.0))
        {
            if (!active)
            {
                return null;
            }

            // Hysteresis: an active warning clears only once the fits ending at each of the newest
            // ClearSamples points all stand clear of the raise levels by ClearFraction.
            var clearSamples = options.ClearSamples;
            var cleared = points.Count >= clearSamples + MinimumPoints - 1;
            for (var k = 0; cleared && k < clearSamples; k++)
            {
                var end = points.Count - k;
                cleared = !Raised(points[end - 1].Value, Slope(points, end, options), total.Value, options, options.ClearFraction);
            }

            if (cleared)
            {
                return null;
            }
        }

        return new State(leftMetric, points, points[^1].Value, total.Value, rate ?? 0);
    }

    /// <summary>
    /// Whether the store is low or would be full within the horizon; <paramref name="clearFraction"/>
    /// below 1 widens both levels (share over it, horizon over it) for the clearing test.
    /// </summary>
    private static bool Raised(double left, double? rate, double total, DetectionOptions options, double clearFraction)
    {
        if (left / total < options.StoreLowShare / clearFraction)
        {
            return true;
        }

        return rate is < 0 and var r && left / -r <= options.StoreFullWithin.TotalSeconds / clearFraction;
    }

    /// <summary>
    /// The fitted rate of the first <paramref name="count"/> points per second, when it stands out
    /// of their noise: a least-squares slope within its 99.9% confidence bound of zero (Student's t
    /// on the residuals) is what a store that merely wobbles shows, however few its points, and no
    /// rate. Null with too few points, or no rate beyond the noise, or points that span less than a
    /// third of <see cref="DetectionOptions.StoreRateWindow"/>: mail coming and going is a random
    /// walk, which over a minute or two looks like a steady trend to any fit (three points of a
    /// healthy store's churn once read as 40 GiB an hour), but not over ten minutes.
    /// </summary>
    private static double? Slope(IReadOnlyList<TimedValue> points, int count, DetectionOptions options) =>
        count >= MinimumPoints && points[count - 1].Time - points[0].Time >= options.StoreRateWindow / 3
            && Fit(points, count) is var (slope, error) && Math.Abs(slope) > StudentT(count - 2) * error ? slope : null;

    /// <summary>Least-squares slope per second of the first <paramref name="count"/> points and its standard error, or null with too few.</summary>
    private static (double Slope, double Error)? Fit(IReadOnlyList<TimedValue> points, int count)
    {
        if (count < MinimumPoints)
        {
            return null;
        }

        var origin = points[0].Time;
        double sumT = 0, sumV = 0;
        for (var i = 0; i < count; i++)
        {
            sumT += (points[i].Time - origin).TotalSeconds;
            sumV += points[i].Value;
        }

        var (meanT, meanV) = (sumT / count, sumV / count);
        double covariance = 0, variance = 0;
        for (var i = 0; i < count; i++)
        {
            var dt = (points[i].Time - origin).TotalSeconds - meanT;
            covariance += dt * (points[i].Value - meanV);
            variance += dt * dt;
        }

        if (variance <= 0)
        {
            return null;
        }

        var slope = covariance / variance;
        double residuals = 0;
        for (var i = 0; i < count; i++)
        {
            var fitted = meanV + (slope * ((points[i].Time - origin).TotalSeconds - meanT));
            residuals += (points[i].Value - fitted) * (points[i].Value - fitted);
        }

        return (slope, Math.Sqrt(residuals / (count - 2) / variance));
    }

    // Student's t, 99.9% one-sided, for the degrees of freedom of a fit (tabled to 10, then close to it):
    // evaluated every interval, a laxer level would let a wobbling store through now and then.
    private static double StudentT(int degrees) => degrees switch
    {
        <= 1 => 318.3,
        2 => 22.33,
        3 => 10.21,
        4 => 7.173,
        5 => 5.893,
        6 => 5.208,
        7 => 4.785,
        8 => 4.501,
        9 => 4.297,
        10 => 4.144,
        _ => 3.09 + (10.0 / degrees),
    };

    // The arguments of one resource's part: "bytes_left" and "bytes_share", then either the
    // rate and when it is full, or that it is not filling; "files_..." for inodes.
    private static IEnumerable<MessageArgument> Describe(State state, Unit unit)
    {
        var prefix = unit == Unit.Files ? "files" : "bytes";
        yield return Amount($"{prefix}_left", state.Left, unit);
        yield return MessageArgument.Share($"{prefix}_share", state.Left / state.Total);
        if (state.RatePerSecond >= 0)
        {
            yield return MessageArgument.Term($"{prefix}_steady", "store.not_filling");
            yield break;
        }

        var full = Math.Min(state.Left / -state.RatePerSecond, TimeSpan.FromDays(3650).TotalSeconds);
        yield return Amount($"{prefix}_rate", -state.RatePerSecond * 3600, unit);
        yield return MessageArgument.Seconds($"{prefix}_full", Math.Max(60, full));
    }

    private static MessageArgument Amount(string name, double value, Unit unit) =>
        unit == Unit.Files ? MessageArgument.Count(name, value) : MessageArgument.Bytes(name, value);
}
