using Monitor.Contracts.V1;

namespace Monitor.Collector.Merging;

/// <summary>
/// The time zone an incident's times are shown in: the site's own, as its agent sent it from the
/// topology (<c>site.time_zone</c>, contract v1.4), else the collector's <c>Collector:TimeZone</c>
/// (an older agent, or a zone this machine does not know).
/// </summary>
public static class SiteTimeZone
{
    /// <summary>Longest zone id taken, in characters; IANA's longest is 32 ("America/Argentina/ComodRivadavia").</summary>
    public const int MaxIdLength = 64;

    /// <summary>The zone named <paramref name="id"/>, or null when it is empty, too long or not a zone this machine knows.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : null;

    /// <summary>Why <paramref name="id"/> is not taken, or null when it is a known zone or empty (not sent).</summary>
    public static string? Problem(string id)
    {
        if (id.Length == 0)
        {
            return null;
        }

        if (id.Length > MaxIdLength)
        {
            return $"site.time_zone is {id.Length} characters long; at most {MaxIdLength} (an IANA zone id such as Asia/Tokyo)";
        }

        return Find(id) is null ? $"site.time_zone '{id}' is not a known IANA time zone; expected e.g. Asia/Tokyo" : null;
    }

    /// <summary>The site's zone of <paramref name="incident"/>, else <paramref name="collectorZone"/>.</summary>
    public static TimeZoneInfo Of(IncidentRevision incident, TimeZoneInfo collectorZone) =>
        Find(incident.Site?.TimeZone) ?? collectorZone;
}
