namespace Monitor.Collector.Regulation;

/// <summary>
/// Derives an accident's time ranges from when users were affected: an episode is a continuous
/// stretch of the affected-users series above zero (Alpha Mail: three, with restored time between,
/// seed 000); within it, the findings that stop a function and those that degrade one give
/// separate ranges (Canon: a 2-hour stop of POP, IMAP, webmail and sending, and 81h32m of incoming
/// mail delayed and lost, seed 002). An episode starts at the first user impact: the series, or
/// an earlier first sighting of a finding that hits users.
/// </summary>
public static class ImpactEpisodes
{
    /// <summary>
    /// The episodes of an incident opened at <paramref name="onset"/> and recovered at
    /// <paramref name="end"/> (null while it goes on), from its affected-users
    /// <paramref name="series"/> and the <paramref name="spans"/> of its findings that hit users.
    /// Without a series, a count above zero is taken as true from the onset (one episode).
    /// </summary>
    public static IReadOnlyList<ImpactEpisode> Derive(
        IReadOnlyList<(DateTimeOffset Time, long Users)> series,
        DateTimeOffset onset,
        DateTimeOffset? end,
        long maxUsers,
        IReadOnlyList<FunctionImpactSpan> spans)
    {
        var stretches = Stretches(series, end);
        if (stretches.Count == 0 && maxUsers > 0 && series.Count == 0)
        {
            stretches.Add((onset, end, [(onset, maxUsers)]));
        }

        var episodes = new List<ImpactEpisode>();
        DateTimeOffset? previousEnd = null;
        for (var i = 0; i < stretches.Count; i++)
        {
            var (start, stop, points) = stretches[i];
            var last = i == stretches.Count - 1;
            var mine = spans
                .Where(s => (previousEnd is null || s.LastSeen > previousEnd) && (last || stop is null || s.LastSeen <= stop))
                .Select(s => previousEnd is { } after && s.FirstSeen < after ? s with { FirstSeen = after } : s)
                .ToList();
            var first = mine.Count == 0 ? start : Min(start, mine.Min(s => s.FirstSeen));
            var episodeSeries = new List<(DateTimeOffset Time, long Users)> { (first, points[0].Users) };
            episodeSeries.AddRange(points.Skip(1));
            var peak = episodeSeries.Max(p => p.Users);
            var ranges = mine.Count == 0
                ? [new ImpactRange(ImpactRangeKind.Unspecified, first, stop, peak, [])]
                : Ranges(mine, first, stop, episodeSeries);
            episodes.Add(new ImpactEpisode(first, stop, peak, episodeSeries, ranges));
            previousEnd = stop;
        }

        return episodes;
    }

    // Maximal stretches of the series above zero, each with its points; the last one open
    // ends at the incident's end (null while it goes on).
    private static List<(DateTimeOffset Start, DateTimeOffset? End, List<(DateTimeOffset Time, long Users)> Points)> Stretches(
        IReadOnlyList<(DateTimeOffset Time, long Users)> series, DateTimeOffset? end)
    {
        var stretches = new List<(DateTimeOffset, DateTimeOffset?, List<(DateTimeOffset, long)>)>();
        List<(DateTimeOffset Time, long Users)>? open = null;
        foreach (var point in series.OrderBy(p => p.Time))
        {
            if (point.Users > 0)
            {
                open ??= [];
                open.Add(point);
            }
            else if (open is not null)
            {
                stretches.Add((open[0].Time, point.Time, open));
                open = null;
            }
        }

        if (open is not null)
        {
            stretches.Add((open[0].Time, end is { } e && e > open[0].Time ? e : null, open));
        }

        return stretches;
    }

    private static List<ImpactRange> Ranges(
        List<FunctionImpactSpan> spans, DateTimeOffset episodeStart, DateTimeOffset? episodeEnd, List<(DateTimeOffset Time, long Users)> series)
    {
        // What cleared last was in force until the users were no longer affected.
        var lastSeen = spans.Max(s => s.LastSeen);
        var ranges = new List<ImpactRange>();
        foreach (var kind in new[] { ImpactRangeKind.Stop, ImpactRangeKind.Degradation })
        {
            var intervals = spans
                .Where(s => s.Kind == kind)
                .Select(s => (
                    From: Max(s.FirstSeen, episodeStart),
                    To: s.LastSeen == lastSeen ? episodeEnd : Min(s.LastSeen + s.Step, episodeEnd),
                    s.Function))
                .OrderBy(s => s.From)
                .ToList();
            (DateTimeOffset From, DateTimeOffset? To, SortedSet<string> Functions)? current = null;
            foreach (var (from, to, function) in intervals)
            {
                if (current is { } c && (c.To is null || from <= c.To))
                {
                    c.Functions.Add(function);
                    current = (c.From, c.To is null || to is null ? null : Max(c.To.Value, to.Value), c.Functions);
                    continue;
                }

                if (current is { } done)
                {
                    ranges.Add(Range(kind, done, series));
                }

                current = (from, to, new SortedSet<string>(StringComparer.Ordinal) { function });
            }

            if (current is { } tail)
            {
                ranges.Add(Range(kind, tail, series));
            }
        }

        return [.. ranges.OrderBy(r => r.Start).ThenBy(r => r.Kind == ImpactRangeKind.Stop ? 0 : 1)];
    }

    private static ImpactRange Range(
        ImpactRangeKind kind, (DateTimeOffset From, DateTimeOffset? To, SortedSet<string> Functions) span, List<(DateTimeOffset Time, long Users)> series)
    {
        // The count in force at the range's start, and every count set before it ended.
        var inForce = series.LastOrDefault(p => p.Time <= span.From, series[0]).Users;
        var later = series.Where(p => p.Time > span.From && (span.To is null || p.Time < span.To)).Select(p => p.Users);
        return new ImpactRange(kind, span.From, span.To, later.Append(inForce).Max(), [.. span.Functions]);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset? b) => b is { } v && v < a ? v : a;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
