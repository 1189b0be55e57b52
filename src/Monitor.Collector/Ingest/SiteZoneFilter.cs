using Monitor.Collector.Merging;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Ingest;

/// <summary>
/// Keeps a revision whose site zone (<c>site.time_zone</c>) is too long or not a zone this
/// collector knows, and drops only the zone: an incident is never lost for how its times are
/// shown. Its times then show in the collector's <c>Collector:TimeZone</c>, and the problem is
/// returned for the log.
/// </summary>
public static class SiteZoneFilter
{
    /// <summary>Empties every unusable <c>site.time_zone</c> of <paramref name="request"/>, in place; returns one sentence per zone dropped, naming the field.</summary>
    public static IReadOnlyList<string> DropUnknownZones(PushRevisionsRequest request)
    {
        var dropped = new List<string>();
        for (var index = 0; index < request.Revisions.Count; index++)
        {
            var site = request.Revisions[index].Site;
            if (site is null || SiteTimeZone.Problem(site.TimeZone) is not { } problem)
            {
                continue;
            }

            dropped.Add($"revisions[{index}].{problem}; the revision is kept and shown in the collector's zone");
            site.TimeZone = "";
        }

        return dropped;
    }
}
