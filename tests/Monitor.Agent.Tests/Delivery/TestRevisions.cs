using Google.Protobuf.WellKnownTypes;
using Monitor.Agent.Revisions;
using Monitor.Contracts.V1;
using Monitor.Core.Topology;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>Incident revisions the real collector accepts, of a chosen size.</summary>
internal static class TestRevisions
{
    public static AgentIdentity Agent { get; } = new() { AgentId = "mail01.cty", Host = "mail01", Site = "cty", AgentVersion = "test" };

    private static readonly DateTimeOffset Onset = new(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);

    /// <summary>Revision <paramref name="revision"/> of <paramref name="incident"/>, padded with about <paramref name="padding"/> bytes of notes.</summary>
    public static IncidentRevision Make(string incident, long revision, int padding = 0)
    {
        var updated = Timestamp.FromDateTimeOffset(Onset.AddMinutes(revision));
        var wire = new IncidentRevision
        {
            IncidentId = incident,
            Revision = revision,
            IdempotencyKey = $"{incident}/{revision}",
            Agent = Agent,
            State = IncidentState.Open,
            Severity = Severity.Critical,
            Title = $"Storage controller ctl-a stopped (revision {revision})",
            OpenedAt = Timestamp.FromDateTimeOffset(Onset),
            UpdatedAt = updated,
            RootCause = new Finding { Entity = "ctl-a", Kind = "controller_failed", Severity = Severity.Critical },
        };

        // Notes of at most 1,000 characters: the collector takes strings up to 4 KiB.
        for (var left = padding; left > 0; left -= 1000)
        {
            wire.Timeline.Add(new TimelineEvent { Time = updated, Kind = TimelineEventKind.Note, Text = new string('x', Math.Min(1000, left)) });
        }

        return wire;
    }

    /// <summary>The mapper the delivery worker takes the agent identity from (CTY's topology).</summary>
    public static RevisionMapper Mapper()
    {
        var path = Path.Combine(RepositoryPaths.Scenario("cty-2017"), "topology.json");
        using var stream = File.OpenRead(path);
        return new RevisionMapper(TopologyLoader.Load(stream, path), Agent);
    }
}
