using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Ingest;
using Monitor.Contracts.V1;

namespace Monitor.EndToEnd.Tests.Chaos;

/// <summary>
/// The worst pushes a legitimate agent may make, each within every documented limit
/// (<see cref="RevisionValidator"/>, <c>Collector:Limits:MaxMessageBytes</c>): the most series
/// points or timeline events, every list at its maximum, every text at its longest (in
/// three-byte characters, with markup), counts at the ingest bound, ids that look like paths or
/// file names, a thousand new incidents in one push, the earliest and latest times accepted, and
/// a seeded mix of them.
/// </summary>
internal sealed class HostileInputs(AgentIdentity agent, Random random, TimeProvider time)
{
    /// <summary>The collector's default Collector:Limits:MaxMessageBytes.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    private static readonly string[] PathLikeIds =
    [
        "..a", "a..", "...x", ".-.", "-", "_", ":", "..:..", "x.en", "x.ja", "report.en.md", "index.html",
        "incidents", "api", "con", "nul", "x.en.md", "..en", "a:..:b", "healthz",
    ];

    private int _serial;

    /// <summary>What each kind of push is called in the figures.</summary>
    public enum Kind
    {
        MaxSeries,
        MaxTimeline,
        MaxLists,
        LongestTexts,
        PathLikeIds,
        ThousandIncidents,
        RangeEnds,
        Mix,
    }

    /// <summary>The next push and what kind it is.</summary>
    public (Kind Kind, PushRevisionsRequest Request) Next()
    {
        var kind = (Kind)random.Next(System.Enum.GetValues<Kind>().Length);
        var request = new PushRevisionsRequest { Agent = agent };
        switch (kind)
        {
            case Kind.MaxSeries:
                request.Revisions.Add(WithSeries(Base(NewId("series")), RevisionValidator.MaxSeriesPoints));
                break;
            case Kind.MaxTimeline:
                request.Revisions.Add(WithTimeline(Base(NewId("timeline")), RevisionValidator.MaxSeriesPoints));
                break;
            case Kind.MaxLists:
                request.Revisions.Add(WithLists(Base(NewId("lists")), RevisionValidator.MaxListItems));
                break;
            case Kind.LongestTexts:
                request.Revisions.Add(WithLongTexts(Base(NewId("texts")), 60));
                break;
            case Kind.PathLikeIds:
                foreach (var id in PathLikeIds.Take(random.Next(1, PathLikeIds.Length + 1)))
                {
                    // The bare ids the first time, then numbered: each push opens new incidents.
                    var numbered = _serial++ < PathLikeIds.Length ? id : $"{id}{_serial}";
                    request.Revisions.Add(WithPathLikeTexts(Base(numbered)));
                }

                break;
            case Kind.ThousandIncidents:
                for (var i = 0; i < RevisionValidator.MaxRevisionsPerCall; i++)
                {
                    // Each its own root cause: a thousand incidents that do not merge, a thousand alerts,
                    // opened now, so that they are newer than every honest incident (once, that pushed
                    // the honest ones out of the alert round's 200 most recent).
                    var revision = Base(NewId("many"));
                    revision.RootCause.Entity = $"ctl-{revision.IncidentId}";
                    revision.OpenedAt = revision.UpdatedAt;
                    request.Revisions.Add(revision);
                }

                break;
            case Kind.RangeEnds:
                request.Revisions.Add(WithRangeEnds(Base(NewId("ends"))));
                break;
            default:
                request.Revisions.Add(Mixed(Base(NewId("mix"))));
                break;
        }

        var size = request.CalculateSize();
        if (size > MaxMessageBytes)
        {
            throw new InvalidOperationException($"the hostile {kind} push is {size} bytes, over Collector:Limits:MaxMessageBytes {MaxMessageBytes}: it would test the size limit, not the collector within it");
        }

        var problem = RevisionValidator.FindProblem(request);
        if (problem is not null)
        {
            throw new InvalidOperationException($"the hostile {kind} push is not valid ({problem}): it would test validation, not the collector within its limits");
        }

        return (kind, request);
    }

    private static string Longest(string unit, int bytes)
    {
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString() + unit) <= bytes)
        {
            text.Append(unit);
        }

        return text.ToString();
    }

    private string NewId(string kind) => $"{kind}-{_serial++}";

    private IncidentRevision Base(string id)
    {
        var now = time.GetUtcNow();
        return new IncidentRevision
        {
            IncidentId = id,
            Revision = 1,
            IdempotencyKey = $"../../{id}/1",
            Agent = agent,
            State = IncidentState.Open,
            Severity = Severity.Critical,
            Title = $"<b>{id}</b> [x](javascript:alert(1))",
            OpenedAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-random.Next(0, 10_000))),
            UpdatedAt = Timestamp.FromDateTimeOffset(now),

            // One entity for all: every hostile incident merges into one, with the most users.
            RootCause = new Finding { Entity = "ctl-hostile", Kind = "controller_failed", Severity = Severity.Critical },
            AffectedUsersMax = RevisionValidator.MaxUserCount,
            AffectedUsers = { new AffectedUsers { PopulationKey = "everyone", Count = RevisionValidator.MaxUserCount, Basis = UserCountBasis.Contracts, TotalContracts = RevisionValidator.MaxUserCount } },
        };
    }

    private IncidentRevision WithSeries(IncidentRevision revision, int points)
    {
        var start = revision.OpenedAt.ToDateTimeOffset();
        for (var i = 0; i < points; i++)
        {
            revision.AffectedUsersSeries.Add(new AffectedUsersPoint
            {
                Time = Timestamp.FromDateTimeOffset(start.AddSeconds(i * 6)),
                Count = random.NextInt64(RevisionValidator.MaxUserCount + 1),
            });
        }

        return revision;
    }

    private IncidentRevision WithTimeline(IncidentRevision revision, int events)
    {
        var start = revision.OpenedAt.ToDateTimeOffset();
        var kinds = System.Enum.GetValues<TimelineEventKind>().Skip(1).ToArray();
        for (var i = 0; i < events; i++)
        {
            revision.Timeline.Add(new TimelineEvent
            {
                Time = Timestamp.FromDateTimeOffset(start.AddMilliseconds(random.Next(0, 86_400_000))),
                Kind = kinds[random.Next(kinds.Length)],
                Text = "|x|",
            });
        }

        return revision;
    }

    private IncidentRevision WithLists(IncidentRevision revision, int items)
    {
        var now = revision.UpdatedAt;
        revision.AffectedUsers.Clear();
        revision.Site = new SiteContext { Site = "chaos", Location = "../", Area = "/" };
        for (var i = 0; i < items; i++)
        {
            var entity = string.Create(CultureInfo.InvariantCulture, $"e{i}");
            revision.Symptoms.Add(new Finding { Entity = entity, Kind = "k", Severity = Severity.Warning, Evidence = { new EvidenceSample { Time = now, Entity = entity, Metric = "m", Value = double.MaxValue } } });
            revision.CausalChain.Add(new CausalLink { FromEntity = entity, ToEntity = "ctl-hostile", Relation = "r", ObservedKinds = { "a", "b" } });
            revision.AffectedUsers.Add(new AffectedUsers { PopulationKey = $"p{i}", Count = RevisionValidator.MaxUserCount, Basis = UserCountBasis.Contracts, TotalContracts = RevisionValidator.MaxUserCount });
            revision.Services.Add(new ServiceImpact { Service = $"s{i}", Impact = ImpactLevel.Stopped, Category = 1 + (i % 5), DisplayName = $"S{i}" });
            revision.Site.Devices.Add(new Device { Entity = entity, EntityType = "t", Role = "r" });
        }

        return revision;
    }

    private IncidentRevision WithLongTexts(IncidentRevision revision, int symptoms)
    {
        // Three bytes a character, a right-to-left override and markup in every one.
        var longest = Longest("日<script>\u202e](javascript:x)", RevisionValidator.MaxStringBytes);
        revision.Title = longest;
        revision.RootCause.Explanation = longest;
        revision.RootCause.Lesson = longest;
        revision.RootCause.Scope = longest;
        revision.SuspectedChange = new TimelineEvent { Time = revision.UpdatedAt, Kind = TimelineEventKind.Change, Text = longest, Entity = longest };
        for (var i = 0; i < symptoms; i++)
        {
            revision.Symptoms.Add(new Finding { Entity = longest, EntityType = longest, Kind = longest, Rule = longest, Explanation = longest, Lesson = longest, Scope = longest });
            revision.Timeline.Add(new TimelineEvent { Time = revision.UpdatedAt, Kind = TimelineEventKind.Log, Text = longest, Entity = longest });
            revision.Services.Add(new ServiceImpact { Service = longest, Function = longest, Impact = ImpactLevel.Degraded, DisplayName = longest });
        }

        return revision;
    }

    private static IncidentRevision WithPathLikeTexts(IncidentRevision revision)
    {
        revision.Title = "../../../etc/passwd";
        revision.RootCause.Explanation = "%2E%2E/%2e%2e/\\..\\..\\x";
        revision.Timeline.Add(new TimelineEvent { Time = revision.UpdatedAt, Kind = TimelineEventKind.Log, Text = "/incidents/../api/incidents", Entity = "../.." });
        return revision;
    }

    private static IncidentRevision WithRangeEnds(IncidentRevision revision)
    {
        var first = Timestamp.FromDateTimeOffset(RevisionValidator.EarliestTime);
        var last = Timestamp.FromDateTimeOffset(RevisionValidator.LatestTime);
        revision.Revision = long.MaxValue;
        revision.IdempotencyKey = $"{revision.IncidentId}/{long.MaxValue}";
        revision.OpenedAt = first;
        revision.UpdatedAt = last;
        revision.RecoveredAt = last;
        revision.RootCause.FirstSeen = first;
        revision.RootCause.LastSeen = last;
        revision.AffectedUsersSeries.Add(new AffectedUsersPoint { Time = first, Count = RevisionValidator.MaxUserCount });
        revision.AffectedUsersSeries.Add(new AffectedUsersPoint { Time = last, Count = RevisionValidator.MaxUserCount });
        revision.Timeline.Add(new TimelineEvent { Time = first, Kind = TimelineEventKind.Detected, Text = "first" });
        revision.Timeline.Add(new TimelineEvent { Time = last, Kind = TimelineEventKind.Resolved, Text = "last" });
        return revision;
    }

    private IncidentRevision Mixed(IncidentRevision revision)
    {
        // A part of each at random sizes: what a fuzzer would send.
        if (random.Next(2) == 0)
        {
            WithSeries(revision, random.Next(RevisionValidator.MaxSeriesPoints / 2));
        }

        if (random.Next(2) == 0)
        {
            WithTimeline(revision, random.Next(RevisionValidator.MaxSeriesPoints / 4));
        }

        if (random.Next(2) == 0)
        {
            WithLists(revision, random.Next(RevisionValidator.MaxListItems / 2));
        }

        if (random.Next(2) == 0)
        {
            WithLongTexts(revision, random.Next(20));
        }

        if (random.Next(4) == 0)
        {
            revision.IncidentId = PathLikeIds[random.Next(PathLikeIds.Length)] + revision.IncidentId;
            revision.IdempotencyKey = $"{revision.IncidentId}/1";
        }

        return revision;
    }
}
