using Google.Protobuf;
using Monitor.Collector.Configuration;
using Monitor.Collector.Merging;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests;

/// <summary>
/// Revisions the real agent pushed for the seed scenarios (Fixtures/alpha-mail-2016.revision.json,
/// canon-2020.revision.json, freebit-2020.revisions.jsonl, asahi-2017.revision.json,
/// docomo-2020.revision.json; written by deploy/capture-revisions.sh, see Fixtures/README.md), and their views.
/// </summary>
internal static class SeedRevisions
{
    /// <summary>Every revision of <paramref name="file"/> in Fixtures, oldest first.</summary>
    public static IReadOnlyList<IncidentRevision> Load(string file) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", file))
            .Where(line => line.Length > 0)
            .Select(line => JsonParser.Default.Parse<IncidentRevision>(line))
            .ToList();

    /// <summary>Alpha Mail's last revision: three episodes, resolved.</summary>
    public static IncidentRevision AlphaMail => Load("alpha-mail-2016.revision.json")[^1];

    /// <summary>Canon's last revision: a 2-hour stop inside 81h32m of degraded mail, resolved.</summary>
    public static IncidentRevision Canon => Load("canon-2020.revision.json")[^1];

    /// <summary>Freebit's revisions, from the gray path at 2:51 to the resolve.</summary>
    public static IReadOnlyList<IncidentRevision> Freebit => Load("freebit-2020.revisions.jsonl");

    /// <summary>Asahi Net's last revision: mail to a mistyped relay deleted, resolved.</summary>
    public static IncidentRevision Asahi => Load("asahi-2017.revision.json")[^1];

    /// <summary>Docomo's last revision: the path switch SC1 to SC2 that never happened, resolved.</summary>
    public static IncidentRevision Docomo => Load("docomo-2020.revision.json")[^1];

    /// <summary>The view of <paramref name="revision"/> alone, as of <paramref name="now"/> (default: its own update time).</summary>
    public static IncidentView View(IncidentRevision revision, DateTimeOffset? now = null)
    {
        var record = new MergedIncidentRecord(revision.IncidentId, revision.Agent.Site, revision.RootCause.Entity, revision.RootCause.Kind, [revision], []);
        return new IncidentViewBuilder(new CollectorOptions()).Build(record, now ?? revision.UpdatedAt.ToDateTimeOffset());
    }
}
