namespace Monitor.Collector.Regulation;

/// <summary>
/// Applies the regulator's criteria (seed 002) to an incident as it stands: a recovered incident
/// is judged on its whole duration; an ongoing one on its duration so far, and if its users
/// already meet a criterion, with the moment it becomes a major accident unless recovered.
/// Every threshold is inclusive ("以上").
/// </summary>
public sealed class IncidentClassifier
{
    private readonly RegulatoryThresholds _thresholds;

    /// <summary>Creates the classifier for <paramref name="thresholds"/>.</summary>
    public IncidentClassifier(RegulatoryThresholds thresholds)
    {
        _thresholds = thresholds;
    }

    /// <summary>The criteria in force.</summary>
    public RegulatoryThresholds Thresholds => _thresholds;

    /// <summary>Classifies <paramref name="exposure"/> of a service of <paramref name="category"/> as of <paramref name="now"/>.</summary>
    public Classification Classify(int category, IncidentExposure exposure, DateTimeOffset now)
    {
        var end = exposure.End ?? now;
        var duration = end < exposure.Onset ? TimeSpan.Zero : end - exposure.Onset;
        var ongoing = exposure.End is null;
        var (quarterly, quarterlyAt) = Quarterly(exposure, end, ongoing);
        var thresholds = _thresholds.For(category);
        if (thresholds.Count == 0)
        {
            return new Classification(0, exposure.MaxUsers, duration, ongoing, quarterly, quarterlyAt, MajorAccidentStatus.CategoryUnknown, null, null);
        }

        (DateTimeOffset At, MajorAccidentThreshold Threshold)? met = null;
        (DateTimeOffset At, MajorAccidentThreshold Threshold)? projected = null;
        foreach (var threshold in thresholds)
        {
            if (exposure.FirstReached(threshold.Users) is not { } usersReached)
            {
                continue;
            }

            var at = Max(exposure.Onset + threshold.Duration, usersReached);
            if (at <= end)
            {
                met = met is null || at < met.Value.At ? (at, threshold) : met;
            }
            else if (ongoing)
            {
                projected = projected is null || at < projected.Value.At ? (at, threshold) : projected;
            }
        }

        if (met is { } yes)
        {
            return new Classification(category, exposure.MaxUsers, duration, ongoing, quarterly, quarterlyAt, MajorAccidentStatus.Yes, yes.At, yes.Threshold);
        }

        return projected is { } becomes
            ? new Classification(category, exposure.MaxUsers, duration, ongoing, quarterly, quarterlyAt, MajorAccidentStatus.BecomesOne, becomes.At, becomes.Threshold)
            : new Classification(category, exposure.MaxUsers, duration, ongoing, quarterly, quarterlyAt, MajorAccidentStatus.No, null, null);
    }

    private (bool Required, DateTimeOffset? At) Quarterly(IncidentExposure exposure, DateTimeOffset end, bool ongoing)
    {
        var options = _thresholds.Options;
        var byDuration = exposure.Onset + options.QuarterlyDuration;
        var byUsers = exposure.FirstReached(options.QuarterlyUsers);
        var at = byUsers is { } users && users < byDuration ? users : byDuration;
        if (at <= end)
        {
            return (true, at);
        }

        return ongoing ? (false, at) : (false, null);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
