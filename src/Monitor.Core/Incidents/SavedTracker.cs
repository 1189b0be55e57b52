using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Impact;
using Monitor.Core.Signals;

namespace Monitor.Core.Incidents;

/// <summary>
/// What the tracker must remember across a restart of the agent, as plain data: the incidents that
/// can still change (open, recovering, or resolved within the re-open window), so a deploy or a
/// crash continues the same incident with the next revision number instead of opening a second one.
/// The signal window is not kept: the rules see the trouble again once the sources have read for a
/// while (<see cref="IncidentLifecycleOptions.ResumeGrace"/>).
/// </summary>
/// <param name="SavedAt">When the tracker last knew the state held: the agent was running until then.</param>
/// <param name="Incidents">The incidents, in the order they were opened.</param>
public sealed record SavedTracker(DateTimeOffset SavedAt, IReadOnlyList<SavedIncident> Incidents);

/// <summary>One incident's working state (see <see cref="SavedTracker"/>).</summary>
/// <param name="Id">Incident id.</param>
/// <param name="Revision">The last revision number made.</param>
/// <param name="State">Open, recovering or resolved.</param>
/// <param name="OpenedAt">Onset.</param>
/// <param name="RecoveredAt">When its findings cleared, if they did.</param>
/// <param name="ResolvedAt">When it was resolved, if it was.</param>
/// <param name="Root">The key of the root cause among <paramref name="Findings"/>.</param>
/// <param name="Findings">Every finding ever part of it, newest version, with the evidence it fired on.</param>
/// <param name="Active">The findings that held at the last evaluation.</param>
/// <param name="AffectedSeries">Affected users over time.</param>
/// <param name="PopulationPeaks">The highest count of each population, with its basis.</param>
/// <param name="Timeline">What happened, in order.</param>
public sealed record SavedIncident(
    string Id,
    long Revision,
    IncidentState State,
    DateTimeOffset OpenedAt,
    DateTimeOffset? RecoveredAt,
    DateTimeOffset? ResolvedAt,
    FindingKey Root,
    IReadOnlyList<SavedFinding> Findings,
    IReadOnlyList<FindingKey> Active,
    IReadOnlyList<AffectedUsersPoint> AffectedSeries,
    IReadOnlyList<PopulationImpact> PopulationPeaks,
    IReadOnlyList<TimelineEntry> Timeline);

/// <summary>A finding as saved: its fields, and the samples that made it fire first.</summary>
/// <param name="Entity">Topology entity id.</param>
/// <param name="Kind">Finding kind.</param>
/// <param name="Scope">What tells it apart from another of its kind at the entity, or null.</param>
/// <param name="Rule">The rule that found it.</param>
/// <param name="Severity">How urgent.</param>
/// <param name="Explanation">Its sentence.</param>
/// <param name="Since">When the trouble began.</param>
/// <param name="Evidence">The newest samples it was seen with.</param>
/// <param name="OnsetEvidence">The samples it fired on first.</param>
/// <param name="Lesson">The seed incident its rule encodes.</param>
public sealed record SavedFinding(
    string Entity,
    string Kind,
    string? Scope,
    string Rule,
    Severity Severity,
    string Explanation,
    DateTimeOffset Since,
    IReadOnlyList<Sample> Evidence,
    IReadOnlyList<Sample> OnsetEvidence,
    string Lesson)
{
    /// <summary>Its sentence as a catalogue message, when its rule wrote one (absent from older state files).</summary>
    public FindingMessage? Message { get; init; }

    /// <summary>The finding as the tracker holds it.</summary>
    public Finding ToFinding() => new(Entity, Kind, Rule, Severity, Explanation, Since, Evidence, Lesson) { Scope = Scope, Message = Message };
}
