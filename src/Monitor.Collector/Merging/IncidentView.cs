using Monitor.Collector.Configuration;
using Monitor.Collector.Regulation;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Merging;

/// <summary>
/// One merged incident as on-call and the report see it at one moment: the agents' revisions
/// folded into one, the site's service names and categories applied, a person's resolve taken
/// into account, classified against the regulator's criteria, with its deadlines.
/// </summary>
/// <param name="Record">What the store holds.</param>
/// <param name="Incident">The combined revision; its id is the merged incident's id.</param>
/// <param name="Classification">What the regulator's criteria make of it.</param>
/// <param name="Deadlines">Its deadlines, in the order they fall due.</param>
/// <param name="DetectedAt">When it was detected: the first DETECTED event, else the onset.</param>
/// <param name="AsOf">The moment the view describes.</param>
public sealed record IncidentView(
    MergedIncidentRecord Record,
    IncidentRevision Incident,
    Classification Classification,
    IReadOnlyList<Deadline> Deadlines,
    DateTimeOffset DetectedAt,
    DateTimeOffset AsOf)
{
    /// <summary>
    /// The zone its times are shown in: the site's (from its agent's topology), else the
    /// collector's <c>Collector:TimeZone</c>.
    /// </summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The merged incident's id.</summary>
    public string Id => Record.Id;

    /// <summary>True once resolved, by the agents or by a person.</summary>
    public bool IsResolved => Incident.State == IncidentState.Resolved;

    /// <summary>The first acknowledgement, if anyone acknowledged.</summary>
    public OperatorAction? Acknowledgement => Record.Actions.FirstOrDefault(a => a.Kind == OperatorActionKind.Acknowledged);

    /// <summary>The person's resolve that closed it, if a person did.</summary>
    public OperatorAction? ResolvedByPerson { get; init; }

    /// <summary>The notices to users and to the regulator its records show, oldest first.</summary>
    public IReadOnlyList<RecordedNotice> Notices { get; init; } = [];

    /// <summary>The site's configuration of its services (Collector:Services), by service id.</summary>
    public IReadOnlyDictionary<string, ServiceOptions> SiteServices { get; init; } = new Dictionary<string, ServiceOptions>();

    /// <summary>Its continuous episodes of user impact, each split into stop and degradation ranges, oldest first.</summary>
    public IReadOnlyList<ImpactEpisode> Episodes { get; init; } = [];

    /// <summary>The next deadline not yet done, if any.</summary>
    public Deadline? NextDeadline => Deadlines.FirstOrDefault(d => d.DoneAt is null);
}
