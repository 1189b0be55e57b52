using Google.Protobuf.WellKnownTypes;
using Monitor.Contracts.V1;
using IdempotencyKey = Monitor.Core.Incidents.IdempotencyKey;

namespace Monitor.Drill.Agent;

/// <summary>
/// The burst a drill pushes: <see cref="Incidents"/> incidents of <see cref="RevisionsPerIncident"/>
/// revisions each, interleaved (revision 1 of every incident, then revision 2, ...), so the
/// collector sees several incidents at once and order matters per incident. Revision number
/// <c>i</c> of the burst is the same message in every run, so a revision accepted twice (written,
/// then the agent killed before it said so) is a true duplicate at the collector.
/// </summary>
internal sealed record DrillBurst(string Prefix, int Incidents, int RevisionsPerIncident)
{
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Revisions in the whole burst.</summary>
    public int Count => Incidents * RevisionsPerIncident;

    /// <summary>Revision <paramref name="index"/> of the burst (0-based).</summary>
    public IncidentRevision Revision(int index, AgentIdentity agent)
    {
        var incident = index % Incidents;
        var number = (index / Incidents) + 1;
        var id = $"{Prefix}-{incident:D2}";
        var opened = Start.AddHours(incident);
        return new IncidentRevision
        {
            IncidentId = id,
            Revision = number,
            IdempotencyKey = IdempotencyKey.For(id, number),
            Agent = agent,
            State = number == RevisionsPerIncident ? IncidentState.Resolved : IncidentState.Open,
            Severity = Severity.Critical,
            Title = $"drill incident {incident}: controller stopped (revision {number})",
            OpenedAt = Timestamp.FromDateTimeOffset(opened),
            UpdatedAt = Timestamp.FromDateTimeOffset(opened.AddMinutes(number)),
            ResolvedAt = number == RevisionsPerIncident ? Timestamp.FromDateTimeOffset(opened.AddMinutes(number)) : null,
            RootCause = new Finding { Entity = $"ctl-{incident}", Kind = "controller_failed", Severity = Severity.Critical },
            AffectedUsersMax = 1000 + number,
        };
    }
}
