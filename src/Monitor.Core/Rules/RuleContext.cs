using System.Buffers;
using System.Runtime.InteropServices;
using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Rules;

/// <summary>What a rule may look at.</summary>
/// <param name="Now">Evaluation time (virtual in replay).</param>
/// <param name="Window">Recent samples.</param>
/// <param name="Topology">The site.</param>
/// <param name="Options">Thresholds.</param>
/// <param name="Onsets">
/// When each finding active at the previous evaluation began: the window forgets old samples,
/// a finding that lasts longer than the window must not forget when it started.
/// </param>
public sealed record RuleContext(
    DateTimeOffset Now,
    SignalWindow Window,
    SiteTopology Topology,
    DetectionOptions Options,
    IReadOnlyDictionary<FindingKey, DateTimeOffset> Onsets)
{
    /// <summary>The users seen failing to log in, when the agent identifies them; null when not.</summary>
    public IFailingLogins? Logins { get; init; }

    /// <summary>
    /// The onset of a finding: the earlier of what the samples in the window show and what the
    /// previous evaluation knew, if the finding was active then.
    /// </summary>
    /// <param name="entity">Topology entity id.</param>
    /// <param name="kind">What was found.</param>
    /// <param name="fromWindow">The onset the samples in the window show.</param>
    /// <param name="scope">The finding's <see cref="Finding.Scope"/>, if it has one.</param>
    public DateTimeOffset Onset(string entity, string kind, DateTimeOffset fromWindow, string? scope = null) =>
        Onsets.TryGetValue(new FindingKey(entity, kind, scope), out var known) && known < fromWindow ? known : fromWindow;

    /// <summary>
    /// The newest points of a series, or nothing when its newest point is older than
    /// <see cref="DetectionOptions.StaleAfter"/>: a silent source means "unknown", never "healthy" or "down".
    /// </summary>
    public SeriesView Fresh(string entity, string metric, int count)
    {
        var points = Window.Last(entity, metric, count);
        return points.Count > 0 && Now - points.TimeAt(points.Count - 1) <= Options.StaleAfter ? points : default;
    }

    /// <summary>The newest value of a series if it is fresh, else null.</summary>
    public double? FreshValue(string entity, string metric) =>
        Window.Latest(entity, metric) is { } newest && Now - newest.Time <= Options.StaleAfter ? newest.Value : null;

    /// <summary>
    /// When the trailing run of points that satisfy <paramref name="holds"/> began (looking back
    /// through the whole window), or null when the newest point does not satisfy it.
    /// </summary>
    public DateTimeOffset? RunStart(string entity, string metric, Func<double, bool> holds)
    {
        // Walked in place from the newest point back: only the run's first time is made.
        var points = Window.All(entity, metric);
        var first = points.Count;
        while (first > 0 && holds(points.ValueAt(first - 1)))
        {
            first--;
        }

        return first < points.Count ? points.TimeAt(first) : null;
    }

    /// <summary>
    /// A finding whose sentence is a catalogue message: its English explanation is written from
    /// the message with the site's clock, and the message travels with it for the reports.
    /// </summary>
    /// <param name="entity">Topology entity id.</param>
    /// <param name="kind">What was found, one of <see cref="FindingKinds"/>.</param>
    /// <param name="rule">Name of the rule that found it.</param>
    /// <param name="message">The sentence's catalogue entry and arguments.</param>
    /// <param name="since">When the trouble began.</param>
    /// <param name="evidence">The samples that made the rule fire.</param>
    /// <param name="lesson">The seed incident the rule encodes.</param>
    public Finding Explained(string entity, string kind, string rule, FindingMessage message, DateTimeOffset since, IReadOnlyList<Sample> evidence, string lesson) =>
        new(entity, kind, rule, MessageWriter.Write(message, MessageLanguage.English, Topology.TimeZone), since, evidence, lesson) { Message = message };

    /// <summary>An entity of the site as a message argument.</summary>
    public MessageArgument Named(string name, string id) => MessageArgument.Entity(name, id, Topology);

    /// <summary>Entities of the site as one message argument.</summary>
    public MessageArgument NamedList(string name, IEnumerable<string> ids) => MessageArgument.EntityList(name, ids, Topology);

    /// <summary>The points as evidence samples.</summary>
    public static IReadOnlyList<Sample> Evidence(string entity, string metric, IEnumerable<TimedValue> points) =>
        [.. points.Select(p => new Sample(p.Time, entity, metric, p.Value))];

    /// <summary>
    /// Whether the finding was active at the previous evaluation. An active finding is judged
    /// against its clear level, not its raise level (hysteresis): jitter on a plateau must not
    /// clear it and raise it again.
    /// </summary>
    public bool IsActive(string entity, string kind, string? scope = null) => Onsets.ContainsKey(new FindingKey(entity, kind, scope));

    /// <summary>
    /// Whether the newest <see cref="DetectionOptions.ClearSamples"/> points all satisfy
    /// <paramref name="belowClearLevel"/>: an active finding clears only then.
    /// </summary>
    public static bool Cleared<TPoints>(TPoints points, int samples, Func<double, bool> belowClearLevel)
        where TPoints : IReadOnlyList<TimedValue>
    {
        if (points.Count < samples)
        {
            return false;
        }

        for (var i = points.Count - samples; i < points.Count; i++)
        {
            if (!belowClearLevel(points[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="Cleared{TPoints}(TPoints, int, Func{double, bool})"/> of points a rule made in a buffer of its own.</summary>
    public static bool Cleared(ReadOnlySpan<TimedValue> points, int samples, Func<double, bool> belowClearLevel)
    {
        if (points.Length < samples)
        {
            return false;
        }

        for (var i = points.Length - samples; i < points.Length; i++)
        {
            if (!belowClearLevel(points[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The points of two series taken at the same time, oldest first: each point is paired at most
    /// once, with the nearest point of the other series within <paramref name="tolerance"/>
    /// (default <see cref="Tolerance"/>). Two series are combined by time, never by position: a
    /// series with a gap must not add samples taken hours apart. No overlap gives no pairs.
    /// </summary>
    public static IReadOnlyList<(TimedValue A, TimedValue B)> Aligned<TA, TB>(TA a, TB b, TimeSpan? tolerance = null)
        where TA : IReadOnlyList<TimedValue>
        where TB : IReadOnlyList<TimedValue>
    {
        var pairs = new List<(TimedValue A, TimedValue B)>();
        CollectionsMarshal.SetCount(pairs, Math.Min(a.Count, b.Count));
        CollectionsMarshal.SetCount(pairs, Aligned(a, b, CollectionsMarshal.AsSpan(pairs), tolerance));
        return pairs;
    }

    /// <summary>
    /// <see cref="Aligned{TA, TB}(TA, TB, TimeSpan?)"/> written into <paramref name="pairs"/>
    /// (room for the shorter series at least), for rules that pair many series and keep none of
    /// the pairs. Returns how many were written.
    /// </summary>
    public static int Aligned<TA, TB>(TA a, TB b, Span<(TimedValue A, TimedValue B)> pairs, TimeSpan? tolerance = null)
        where TA : IReadOnlyList<TimedValue>
        where TB : IReadOnlyList<TimedValue>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs.Length, Math.Min(a.Count, b.Count));
        var within = tolerance ?? Tolerance(a, b);
        var written = 0;
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var gap = (a[i].Time - b[j].Time).Duration();
            if (gap > within)
            {
                if (a[i].Time < b[j].Time)
                {
                    i++;
                }
                else
                {
                    j++;
                }

                continue;
            }

            // Within reach, but the next point of either series may be nearer still.
            if (j + 1 < b.Count && (a[i].Time - b[j + 1].Time).Duration() < gap)
            {
                j++;
                continue;
            }

            if (i + 1 < a.Count && (a[i + 1].Time - b[j].Time).Duration() < gap)
            {
                i++;
                continue;
            }

            pairs[written++] = (a[i], b[j]);
            i++;
            j++;
        }

        return written;
    }

    /// <summary>
    /// How far apart two points may be and still count as taken at the same time: half the smaller
    /// of the two series' median sampling intervals. Two series sampled at the same rate, whatever
    /// their phase, always have a point of the other within half an interval; a point further away
    /// belongs to another sample. Zero (same time only) when neither series has two points.
    /// </summary>
    public static TimeSpan Tolerance<TA, TB>(TA a, TB b)
        where TA : IReadOnlyList<TimedValue>
        where TB : IReadOnlyList<TimedValue> =>
        (MedianInterval(a), MedianInterval(b)) switch
        {
            ({ } x, { } y) => (x < y ? x : y) / 2,
            ({ } x, null) => x / 2,
            (null, { } y) => y / 2,
            _ => TimeSpan.Zero,
        };

    /// <summary>
    /// The newest <paramref name="count"/> pairs of two fresh series taken at the same time
    /// (<see cref="Aligned{TA, TB}(TA, TB, TimeSpan?)"/>), oldest first, back to the last gap of more than two sampling
    /// intervals in either; fewer when they overlap less, none when either is stale.
    /// </summary>
    public IReadOnlyList<(TimedValue A, TimedValue B)> FreshAligned(string entityA, string metricA, string entityB, string metricB, int count)
    {
        var pairs = new List<(TimedValue A, TimedValue B)>();
        CollectionsMarshal.SetCount(pairs, Math.Max(count, 0));
        CollectionsMarshal.SetCount(pairs, FreshAligned(entityA, metricA, entityB, metricB, count, CollectionsMarshal.AsSpan(pairs)));
        return pairs;
    }

    /// <summary>
    /// <see cref="FreshAligned(string, string, string, string, int)"/> written into
    /// <paramref name="pairs"/> (room for <paramref name="count"/> at least), for rules that pair
    /// series at every evaluation and keep none of the pairs. Returns how many were written.
    /// </summary>
    public int FreshAligned(string entityA, string metricA, string entityB, string metricB, int count, Span<(TimedValue A, TimedValue B)> pairs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs.Length, count);
        var a = Fresh(entityA, metricA, count);
        var b = Fresh(entityB, metricB, count);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        // Sampled at other rates or phases, the newest points of one span another stretch of time
        // than the other's: read both over the longer stretch.
        if (a[0].Time != b[0].Time)
        {
            var from = a[0].Time < b[0].Time ? a[0].Time : b[0].Time;
            a = Window.Since(entityA, metricA, from);
            b = Window.Since(entityB, metricB, from);
        }

        // The longer stretch may pair more than the count asked for: the newest are kept.
        var room = Math.Min(a.Count, b.Count);
        var rented = room <= 64 ? null : ArrayPool<(TimedValue A, TimedValue B)>.Shared.Rent(room);
        try
        {
            var all = rented is null ? stackalloc (TimedValue A, TimedValue B)[room] : rented.AsSpan(0, room);
            var paired = Aligned(a, b, all);

            // Joint only while both were sampled throughout: a gap of more than two sampling intervals
            // in either series (a controller down, a source silent) ends the run of pairs.
            var (ia, ib) = (MedianInterval(a) ?? TimeSpan.Zero, MedianInterval(b) ?? TimeSpan.Zero);
            var gapLimit = 2 * (ia > ib ? ia : ib);
            var first = paired - 1;
            while (first > 0 && first > paired - count && Joined(all[first - 1], all[first], gapLimit))
            {
                first--;
            }

            var kept = all[Math.Max(first, 0)..paired];
            kept.CopyTo(pairs);
            return kept.Length;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<(TimedValue A, TimedValue B)>.Shared.Return(rented);
            }
        }
    }

    private static bool Joined((TimedValue A, TimedValue B) earlier, (TimedValue A, TimedValue B) later, TimeSpan gapLimit) =>
        later.A.Time - earlier.A.Time <= gapLimit && later.B.Time - earlier.B.Time <= gapLimit;

    private static TimeSpan? MedianInterval<TPoints>(TPoints points)
        where TPoints : IReadOnlyList<TimedValue>
    {
        if (points.Count < 2)
        {
            return null;
        }

        // Rules pair a few newest points: no allocation for them.
        var gaps = points.Count <= 65 ? stackalloc long[points.Count - 1] : new long[points.Count - 1];
        for (var i = 1; i < points.Count; i++)
        {
            gaps[i - 1] = (points[i].Time - points[i - 1].Time).Ticks;
        }

        gaps.Sort();
        return TimeSpan.FromTicks(gaps[gaps.Length / 2]);
    }
}
