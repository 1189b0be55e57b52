using Monitor.Agent.Tests.Delivery;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;

namespace Monitor.Agent.Tests.Revisions;

/// <summary>A causal link's observed findings go out in both fields: one per entry (v1.2) and comma-joined for older collectors.</summary>
public sealed class RevisionMapperObservedKindsTests
{
    private static readonly DateTimeOffset Onset = new(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);

    [Fact]
    public void ToWire_LinkWithTwoObservedKinds_FillsTheListAndTheJoinedText()
    {
        var root = new Finding("ctl-a", "controller_failed", "controller-failed", Severity.Critical, "ctl-a stopped.", Onset, [], "seed 001");
        var revision = new IncidentRevision
        {
            IncidentId = "inc-1",
            Revision = 2,
            State = IncidentState.Open,
            Severity = Severity.Critical,
            Title = "Storage controller ctl-a stopped",
            OpenedAt = Onset,
            UpdatedAt = Onset.AddMinutes(5),
            RootCause = root,
            CausalChain = [new CausalLink("ctl-a", "ctl-b", "hands its load to", ["degraded_overload_iops", "paths_degraded"])],
            Symptoms = [],
            AffectedUsers = [],
            AffectedUsersSeries = [],
            AffectedUsersMax = 0,
            Services = [],
            Timeline = [],
        };

        var wire = TestRevisions.Mapper().ToWire(revision);

        var link = Assert.Single(wire.CausalChain);
        Assert.Equal(["degraded_overload_iops", "paths_degraded"], link.ObservedKinds);
        Assert.Equal("degraded_overload_iops,paths_degraded", link.ObservedKind);
        Assert.Equal(IdempotencyKey.For("inc-1", 2), wire.IdempotencyKey);
    }
}
