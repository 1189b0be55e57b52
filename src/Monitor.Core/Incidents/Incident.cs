using Monitor.Core.Events;
using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Signals;

namespace Monitor.Core.Incidents;

/// <summary>The tracker's working state of one incident; the outside world sees its revisions.</summary>
internal sealed class Incident(string id, Finding root, DateTimeOffset openedAt)
{
    public string Id { get; } = id;

    public long Revision { get; set; }

    /// <summary>The last revision made, against which <see cref="RevisionPolicy"/> judges the next.</summary>
    public IncidentRevision? LastRevision { get; set; }

    /// <summary>Something changed since <see cref="LastRevision"/> that it does not show yet.</summary>
    public bool Unsent { get; set; }

    public IncidentState State { get; set; } = IncidentState.Open;

    /// <summary>Onset: the earliest start of any of its findings (a cause found later can move it back).</summary>
    public DateTimeOffset OpenedAt { get; set; } = openedAt;

    public DateTimeOffset? RecoveredAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>The best root-cause candidate seen over the incident's life; it stays when its finding clears.</summary>
    public Finding Root { get; set; } = root;

    /// <summary>The newest version of every finding ever part of the incident.</summary>
    public Dictionary<FindingKey, Finding> Findings { get; } = [];

    public HashSet<FindingKey> Active { get; } = [];

    public List<AffectedUsersPoint> AffectedSeries { get; } = [];

    /// <summary>The highest count of each population during the incident, with its basis.</summary>
    public Dictionary<string, PopulationImpact> PopulationPeaks { get; } = new(StringComparer.Ordinal);

    /// <summary>The distinct users seen failing to log in during the incident, per population.</summary>
    public ObservedUsers ObservedUsers { get; } = new();

    /// <summary>The samples that made each finding fire first; the report shows them beside the latest.</summary>
    public Dictionary<FindingKey, IReadOnlyList<Sample>> OnsetEvidence { get; } = [];

    public List<TimelineEntry> Timeline { get; } = [];

    /// <summary>Events already on the timeline, so each goes there once.</summary>
    public HashSet<SiteEvent> NotedEvents { get; } = [];

    /// <summary>When the agent resumed this incident after a restart, until its findings are seen again; null otherwise.</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>The last time the agent before the restart knew the incident's state (see <see cref="SavedTracker.SavedAt"/>).</summary>
    public DateTimeOffset? DownSince { get; set; }

    /// <summary>Resumed and not yet revised: the next evaluation sends a revision saying the agent was down.</summary>
    public bool ResumeNotePending { get; set; }

    public long AffectedNow => AffectedSeries.Count == 0 ? 0 : AffectedSeries[^1].Count;

    public long AffectedMax => AffectedSeries.Count == 0 ? 0 : AffectedSeries.Max(p => p.Count);
}
