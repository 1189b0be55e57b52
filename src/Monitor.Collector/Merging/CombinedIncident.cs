using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Merging;

/// <summary>
/// The members of one merged incident folded into one revision (<see cref="IncidentMerger"/>),
/// computed once per change and shared by every reader: pages, alert rounds and report writes
/// each take a <see cref="Copy"/>, which shares the (long) series instead of merging it again.
/// </summary>
public sealed class CombinedIncident
{
    private readonly IncidentRevision _withoutSeries;
    private readonly AffectedUsersPoint[] _series;

    private CombinedIncident(IncidentRevision combined, string version)
    {
        _series = [.. combined.AffectedUsersSeries];
        combined.AffectedUsersSeries.Clear();
        _withoutSeries = combined;
        Version = version;
        Exposure = [.. _series.Select(p => (p.Time.ToDateTimeOffset(), p.Count))];
    }

    /// <summary>Which member revisions it was made of: another version means the members changed.</summary>
    public string Version { get; }

    /// <summary>Affected users over time, in time order, as the classifier reads it.</summary>
    public IReadOnlyList<(DateTimeOffset Time, long Users)> Exposure { get; }

    /// <summary>Folds the members of <paramref name="record"/>.</summary>
    public static CombinedIncident Of(MergedIncidentRecord record) =>
        new(IncidentMerger.Combine(record.Id, record.Members), VersionOf(record));

    /// <summary>The member revisions <paramref name="record"/> holds, as one string: equal strings, equal merge.</summary>
    public static string VersionOf(MergedIncidentRecord record) =>
        string.Join('\n', record.Members.Select(m => $"{m.IncidentId}\t{m.Revision}\t{m.UpdatedAt?.ToDateTimeOffset().UtcTicks}"));

    /// <summary>A copy a reader may change (site names, a person's resolve); the series points are shared and must not be changed.</summary>
    public IncidentRevision Copy()
    {
        var copy = _withoutSeries.Clone();
        copy.AffectedUsersSeries.AddRange(_series);
        return copy;
    }
}
