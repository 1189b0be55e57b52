using System.Collections.Concurrent;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>
/// The newest revision of each agent incident, decoded once per stored revision rather than on
/// every read: an alert round, a page and a report write each read every member of the incidents
/// they show, and a revision at the limits (100,000 series points) takes tens of milliseconds to
/// decode. Bounded by the encoded size held, so one agent's largest revisions cannot grow the
/// collector without end; past the budget the cache starts again empty and readers decode anew.
/// The revisions are shared between readers and must not be changed.
/// </summary>
internal sealed class DecodedRevisions
{
    /// <summary>Encoded bytes held at most: about a thousand ordinary revisions, or 16 at the series limit.</summary>
    public const long BudgetBytes = 32L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _heldBytes;

    /// <summary>The decoded revision stored as <paramref name="version"/> of <paramref name="incidentId"/>, or null when not held.</summary>
    public IncidentRevision? Find(string incidentId, string version) =>
        _entries.TryGetValue(incidentId, out var entry) && entry.Version == version ? entry.Revision : null;

    /// <summary>Decodes <paramref name="payload"/>, keeps it as <paramref name="version"/> of <paramref name="incidentId"/> and returns it.</summary>
    public IncidentRevision Decode(string incidentId, string version, byte[] payload)
    {
        var revision = IncidentRevision.Parser.ParseFrom(payload);
        if (payload.Length > BudgetBytes / 4)
        {
            // Larger than any revision the collector accepts; never worth pushing the others out.
            return revision;
        }

        if (Interlocked.Add(ref _heldBytes, payload.Length) > BudgetBytes)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _heldBytes, payload.Length);
        }

        if (_entries.TryGetValue(incidentId, out var previous))
        {
            Interlocked.Add(ref _heldBytes, -previous.Bytes);
        }

        _entries[incidentId] = new Entry(version, revision, payload.Length);
        return revision;
    }

    /// <summary>The version key of a stored newest revision: its number and when it was updated.</summary>
    public static string VersionOf(long revision, string updatedAt) => $"{revision}\t{updatedAt}";

    private sealed record Entry(string Version, IncidentRevision Revision, long Bytes);
}
