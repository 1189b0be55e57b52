using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Monitor.Core.Incidents;

/// <summary>
/// The one place that knows the idempotency key's format, <c>&lt;incident_id&gt;/&lt;revision&gt;</c>
/// (the wire's <c>idempotency_key</c>): <see cref="IncidentRevision.IdempotencyKey"/> and the
/// collector build it with <see cref="For"/>; the agent reads the incident id back with
/// <see cref="TryParse"/> from a collector that does not send the acknowledgement's incident id.
/// </summary>
public static class IdempotencyKey
{
    private const char Separator = '/';

    /// <summary>The key of revision <paramref name="revision"/> of incident <paramref name="incidentId"/>.</summary>
    public static string For(string incidentId, long revision) =>
        string.Create(CultureInfo.InvariantCulture, $"{incidentId}{Separator}{revision}");

    /// <summary>
    /// Reads a key made by <see cref="For"/>: the incident id is everything before the last '/',
    /// the revision the positive number after it. False for anything else.
    /// </summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out string? incidentId, out long revision)
    {
        incidentId = null;
        revision = 0;
        var separator = key?.LastIndexOf(Separator) ?? -1;
        if (key is null || separator <= 0
            || !long.TryParse(key.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number <= 0)
        {
            return false;
        }

        incidentId = key[..separator];
        revision = number;
        return true;
    }
}
