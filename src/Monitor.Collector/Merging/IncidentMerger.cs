using Google.Protobuf.WellKnownTypes;
using Monitor.Contracts.V1;
using IdempotencyKey = Monitor.Core.Incidents.IdempotencyKey;

namespace Monitor.Collector.Merging;

/// <summary>
/// Folds the newest revisions of the agent incidents of one fault into one revision, so the
/// report, the classification and the alert see one incident. Affected users are combined by
/// population key: the same population seen by several agents counts once (its highest count),
/// different populations add up; the series over time is combined the same way. Sums saturate
/// (<see cref="Saturating"/>): no stored count can make the merge throw.
/// </summary>
public static class IncidentMerger
{
    /// <summary>Combines <paramref name="members"/> (at least one) into one revision with id <paramref name="mergedId"/>.</summary>
    public static IncidentRevision Combine(string mergedId, IReadOnlyList<IncidentRevision> members)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("A merged incident has at least one member.", nameof(members));
        }

        var ordered = members.OrderBy(m => m.OpenedAt.ToDateTimeOffset()).ThenBy(m => m.IncidentId, StringComparer.Ordinal).ToList();
        var first = ordered[0];
        var revision = Saturating.Sum(ordered.Select(m => m.Revision));
        var combined = new IncidentRevision
        {
            IncidentId = mergedId,
            Revision = revision,
            IdempotencyKey = IdempotencyKey.For(mergedId, revision),
            Agent = first.Agent?.Clone(),
            State = State(ordered),
            Severity = ordered.Max(m => m.Severity),
            Title = first.Title,
            OpenedAt = first.OpenedAt,
            UpdatedAt = ordered.Select(m => m.UpdatedAt).MaxBy(t => t.ToDateTimeOffset()),
            RootCause = first.RootCause?.Clone(),
            Site = Site(ordered),
        };

        if (ordered.All(m => m.RecoveredAt is not null || m.ResolvedAt is not null))
        {
            combined.RecoveredAt = ordered.Select(m => m.RecoveredAt ?? m.ResolvedAt).MaxBy(t => t!.ToDateTimeOffset());
        }

        if (ordered.All(m => m.ResolvedAt is not null))
        {
            combined.ResolvedAt = ordered.Select(m => m.ResolvedAt).MaxBy(t => t.ToDateTimeOffset());
        }

        combined.CausalChain.AddRange(ordered.SelectMany(m => m.CausalChain)
            .DistinctBy(l => (l.FromEntity, l.ToEntity, l.Relation, string.Join(',', l.ReadObservedKinds()))));
        combined.Symptoms.AddRange(ordered.SelectMany(m => m.Symptoms)
            .GroupBy(s => (s.Entity, s.Kind, s.Scope))
            .Select(g => g.MinBy(s => s.FirstSeen?.ToDateTimeOffset() ?? DateTimeOffset.MaxValue)!));
        combined.AffectedUsers.AddRange(AffectedUsersByPopulation(ordered));
        combined.AffectedUsersSeries.AddRange(CombineSeries(ordered, out _));
        var seriesMax = combined.AffectedUsersSeries.Count == 0 ? 0 : combined.AffectedUsersSeries.Max(p => p.Count);
        combined.AffectedUsersMax = Math.Max(seriesMax, ordered.Max(m => m.AffectedUsersMax));
        combined.Services.AddRange(ordered.SelectMany(m => m.Services)
            .GroupBy(s => (s.Service, s.Function))
            .Select(g => g.MaxBy(s => Worse(s.Impact))!));
        combined.Timeline.AddRange(ordered.SelectMany(m => m.Timeline)
            .DistinctBy(e => (e.Time, e.Kind, e.Text, e.Entity))
            .OrderBy(e => e.Time.ToDateTimeOffset()));
        return combined;
    }

    private static IncidentState State(List<IncidentRevision> members)
    {
        if (members.Any(m => m.State == IncidentState.Open))
        {
            return IncidentState.Open;
        }

        return members.Any(m => m.State == IncidentState.Recovering) ? IncidentState.Recovering : IncidentState.Resolved;
    }

    private static SiteContext? Site(List<IncidentRevision> members)
    {
        var withSite = members.Where(m => m.Site is not null).ToList();
        if (withSite.Count == 0)
        {
            return null;
        }

        var site = withSite[0].Site.Clone();
        site.Devices.Clear();
        site.Devices.AddRange(withSite.SelectMany(m => m.Site.Devices).DistinctBy(d => d.Entity));
        return site;
    }

    /// <summary>One entry per population key: the highest count any agent saw for it.</summary>
    private static IEnumerable<AffectedUsers> AffectedUsersByPopulation(List<IncidentRevision> members) =>
        members.SelectMany(m => m.AffectedUsers)
            .GroupBy(u => u.PopulationKey)
            .Select(g =>
            {
                var highest = g.MaxBy(u => u.Count)!.Clone();
                highest.TotalContracts = g.Max(u => u.TotalContracts);
                return highest;
            });

    /// <summary>
    /// Members that count the same populations form a group whose value at a time is the highest
    /// of theirs (the same users seen from several hosts); the groups add up. Each member's series
    /// is a step function: a count holds until its next point, and is 0 before its first. One
    /// sweep over every point in time order (n log n for the sort, each point examined once), so
    /// a revision at the series limit merges in milliseconds; <paramref name="pointsExamined"/> says how many.
    /// </summary>
    public static List<AffectedUsersPoint> CombineSeries(IReadOnlyList<IncidentRevision> members, out long pointsExamined)
    {
        var groups = members
            .Where(m => m.AffectedUsersSeries.Count > 0)
            .GroupBy(m => string.Join('\n', m.AffectedUsers.Select(u => u.PopulationKey).Distinct().Order(StringComparer.Ordinal)))
            .Select(g => g.ToList())
            .ToList();
        var changes = new List<SeriesChange>();
        var memberValues = new List<long>();
        var highest = new SortedSet<(long Count, int Member)>[groups.Count];
        for (var group = 0; group < groups.Count; group++)
        {
            highest[group] = [];
            foreach (var member in groups[group])
            {
                var memberIndex = memberValues.Count;
                memberValues.Add(0);
                highest[group].Add((0, memberIndex));
                foreach (var point in member.AffectedUsersSeries)
                {
                    changes.Add(new SeriesChange(point.Time.ToDateTimeOffset().UtcTicks, changes.Count, group, memberIndex, point.Count));
                }
            }
        }

        // Stable by arrival: of two points of a member at one time, the later one holds.
        changes.Sort(static (x, y) => x.Ticks != y.Ticks ? x.Ticks.CompareTo(y.Ticks) : x.Order.CompareTo(y.Order));
        var groupMax = new long[groups.Count];
        Int128 total = 0;
        var points = new List<AffectedUsersPoint>();
        for (var index = 0; index < changes.Count; index++)
        {
            var change = changes[index];
            var values = highest[change.Group];
            values.Remove((memberValues[change.Member], change.Member));
            values.Add((change.Count, change.Member));
            memberValues[change.Member] = change.Count;
            var max = values.Max.Count;
            total += (Int128)max - groupMax[change.Group];
            groupMax[change.Group] = max;
            if (index + 1 < changes.Count && changes[index + 1].Ticks == change.Ticks)
            {
                continue;
            }

            var count = total > long.MaxValue ? long.MaxValue : total < long.MinValue ? long.MinValue : (long)total;
            if (points.Count == 0 || points[^1].Count != count)
            {
                points.Add(new AffectedUsersPoint { Time = Timestamp.FromDateTimeOffset(new DateTimeOffset(change.Ticks, TimeSpan.Zero)), Count = count });
            }
        }

        pointsExamined = changes.Count;
        return points;
    }

    private static int Worse(ImpactLevel impact) => impact switch
    {
        ImpactLevel.Stopped => 3,
        ImpactLevel.Degraded => 2,
        ImpactLevel.NotAffected => 1,
        _ => 0,
    };

    /// <summary>One point of one member, in the order the sweep meets them.</summary>
    private readonly record struct SeriesChange(long Ticks, int Order, int Group, int Member, long Count);
}
