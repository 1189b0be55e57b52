namespace Monitor.Collector.Regulation;

/// <summary>
/// Applies the regulator's criteria (seed 002) to an incident as it stands: a recovered incident
/// is judged on its whole duration; an ongoing one on its duration so far, and if its users
/// already meet a criterion, with the moment it becomes a major accident unless recovered.
/// Every threshold is inclusive ("以上"). An incident of several episodes is judged episode by
/// episode (restored time is not an accident's duration); where the episodes together would meet
/// a criterion that none meets alone, both readings are given and a person decides.
/// A major accident is foreseen (the first report to MIC becomes due) once the affected users
/// meet a criterion and the impact has lasted <see cref="RegulationOptions.ForeseenShare"/> of
/// its duration (half, by default), not only once the duration is crossed.
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
            return new Classification(0, exposure.MaxUsers, duration, ongoing, quarterly, quarterlyAt, MajorAccidentStatus.CategoryUnknown, null, null) { ForeseenShare = _thresholds.Options.ForeseenShare };
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

        var foreseenAt = ForeseenAt(thresholds, exposure.FirstReached, elapsed => exposure.Onset + elapsed, end, ongoing);
        var classification = met is { } yes
            ? new Classification(category, exposure.MaxUsers, duration, ongoing, quarterly, quarterlyAt, MajorAccidentStatus.Yes, yes.At, yes.Threshold)
            : projected is { } becomes
                ? new Classification(category, exposure.MaxUsers, duration, ongoing, quarterly, quarterlyAt, MajorAccidentStatus.BecomesOne, becomes.At, becomes.Threshold)
                : new Classification(category, exposure.MaxUsers, duration, ongoing, quarterly, quarterlyAt, MajorAccidentStatus.No, null, null);
        return classification with { ForeseenAt = foreseenAt, Foreseen = foreseenAt <= end, ForeseenShare = _thresholds.Options.ForeseenShare };
    }

    /// <summary>
    /// Classifies an incident by its <paramref name="episodes"/> of user impact: each alone, and
    /// with several, together; the incident takes the worst episode's reading. Without episodes
    /// (no affected users recorded) it is judged on <paramref name="whole"/>.
    /// </summary>
    public Classification Classify(int category, IReadOnlyList<ImpactEpisode> episodes, IncidentExposure whole, DateTimeOffset now)
    {
        if (episodes.Count == 0)
        {
            return Classify(category, whole, now);
        }

        var separate = episodes.Select(e => Classify(category, e.Exposure, now)).ToList();
        var worst = separate
            .OrderByDescending(c => c.MajorAccident)
            .ThenBy(c => c.MajorAccidentAt ?? DateTimeOffset.MaxValue)
            .First();
        var quarterlyAt = separate.Where(c => c.QuarterlyReportAt is not null).Select(c => c.QuarterlyReportAt).Min();
        worst = worst with
        {
            Episodes = separate,
            QuarterlyReport = separate.Any(c => c.QuarterlyReport),
            QuarterlyReportAt = quarterlyAt,
        };
        if (episodes.Count == 1 || worst.MajorAccident == MajorAccidentStatus.CategoryUnknown)
        {
            return worst;
        }

        var together = Together(category, episodes, now);
        var decides = worst.MajorAccident != MajorAccidentStatus.Yes
            && (together.MajorAccident is MajorAccidentStatus.Yes or MajorAccidentStatus.BecomesOne)
            && (worst.MajorAccident != MajorAccidentStatus.BecomesOne || together.MajorAccidentAt < worst.MajorAccidentAt);
        return worst with { Together = together, PersonDecides = decides };
    }

    // The episodes as one accident: their impact times added, the restored time between them not
    // counted; a criterion is met when the added time reaches its duration with its users reached.
    private Classification Together(int category, IReadOnlyList<ImpactEpisode> episodes, DateTimeOffset now)
    {
        var last = episodes[^1];
        var ongoing = last.End is null;
        var end = last.End ?? now;
        var duration = TimeSpan.FromTicks(episodes.Sum(e => e.Duration(now).Ticks));
        var users = episodes.Max(e => e.PeakUsers);
        DateTimeOffset? Reached(long count) => episodes.Select(e => e.Exposure.FirstReached(count)).Where(t => t is not null).Min();
        DateTimeOffset AtImpactTime(TimeSpan elapsed) => AtAddedTime(episodes, elapsed, now);

        (DateTimeOffset At, MajorAccidentThreshold Threshold)? met = null;
        (DateTimeOffset At, MajorAccidentThreshold Threshold)? projected = null;
        foreach (var threshold in _thresholds.For(category))
        {
            if (Reached(threshold.Users) is not { } usersReached)
            {
                continue;
            }

            var at = Max(AtImpactTime(threshold.Duration), usersReached);
            if (at <= end)
            {
                met = met is null || at < met.Value.At ? (at, threshold) : met;
            }
            else if (ongoing)
            {
                projected = projected is null || at < projected.Value.At ? (at, threshold) : projected;
            }
        }

        var options = _thresholds.Options;
        var quarterly = users >= options.QuarterlyUsers || duration >= options.QuarterlyDuration;
        var start = episodes[0].Start;
        var (status, majorAt, decided) = met is { } yes
            ? (MajorAccidentStatus.Yes, (DateTimeOffset?)yes.At, (MajorAccidentThreshold?)yes.Threshold)
            : projected is { } becomes ? (MajorAccidentStatus.BecomesOne, becomes.At, becomes.Threshold) : (MajorAccidentStatus.No, null, null);
        var foreseenAt = ForeseenAt(_thresholds.For(category), Reached, AtImpactTime, end, ongoing);
        return new Classification(category, users, duration, ongoing, quarterly, quarterly ? start : null, status, majorAt, decided)
        {
            ForeseenAt = foreseenAt,
            Foreseen = foreseenAt <= end,
            ForeseenShare = options.ForeseenShare,
        };
    }

    // The moment the episodes' added impact time reaches elapsed; past the end while the last goes on.
    private static DateTimeOffset AtAddedTime(IReadOnlyList<ImpactEpisode> episodes, TimeSpan elapsed, DateTimeOffset now)
    {
        var added = TimeSpan.Zero;
        foreach (var episode in episodes)
        {
            var length = episode.Duration(now);
            if (added + length >= elapsed)
            {
                return episode.Start + (elapsed - added);
            }

            added += length;
        }

        // Not reached: it would be reached only if the last episode went on (or a new one came).
        return (episodes[^1].End ?? now) + (elapsed - added);
    }

    // The first moment a criterion's users are reached and the impact has lasted the foreseen share
    // of its duration, while the impact still went on then (or, while it goes on, will).
    private DateTimeOffset? ForeseenAt(
        IReadOnlyList<MajorAccidentThreshold> thresholds,
        Func<long, DateTimeOffset?> reached,
        Func<TimeSpan, DateTimeOffset> atImpactTime,
        DateTimeOffset end,
        bool ongoing)
    {
        DateTimeOffset? foreseen = null;
        foreach (var threshold in thresholds)
        {
            if (reached(threshold.Users) is not { } usersReached)
            {
                continue;
            }

            var at = Max(atImpactTime(threshold.Duration * _thresholds.Options.ForeseenShare), usersReached);
            if ((at <= end || ongoing) && (foreseen is null || at < foreseen))
            {
                foreseen = at;
            }
        }

        return foreseen;
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
