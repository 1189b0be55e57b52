using Monitor.Agent.Tests.Delivery;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;

namespace Monitor.Agent.Tests.Revisions;

/// <summary>Two findings of one kind at one entity, seen on two hosts, reach the collector told apart (v1.3).</summary>
public sealed class RevisionMapperScopeTests
{
    private static readonly DateTimeOffset Onset = new(2020, 4, 12, 1, 0, 0, TimeSpan.Zero);

    private static Finding Logins(string host) =>
        new("mail/pop3", "login_failures", "login-failures", Severity.Critical, $"logins on {host} fail.", Onset, [], "seed 000") { Scope = host };

    private static IncidentRevision Revision(Finding root, params Finding[] symptoms) => new()
    {
        IncidentId = "inc-1",
        Revision = 1,
        State = IncidentState.Open,
        Severity = Severity.Critical,
        Title = "logins failing",
        OpenedAt = Onset,
        UpdatedAt = Onset.AddMinutes(5),
        RootCause = root,
        CausalChain = [],
        Symptoms = symptoms,
        AffectedUsers = [],
        AffectedUsersSeries = [],
        AffectedUsersMax = 0,
        Services = [],
        Timeline = [],
    };

    [Fact]
    public void ToWire_SameKindAtOneEntityOnTwoHosts_SendsEachWithItsScope()
    {
        var wire = TestRevisions.Mapper().ToWire(Revision(Logins("pop-a"), Logins("pop-b")));

        Assert.Equal("pop-a", wire.RootCause.Scope);
        Assert.Equal("pop-b", Assert.Single(wire.Symptoms).Scope);
    }

    [Fact]
    public void ToWire_FindingWithoutScope_SendsItEmpty()
    {
        var wire = TestRevisions.Mapper().ToWire(Revision(Logins("pop-a") with { Scope = null }));

        Assert.Equal("", wire.RootCause.Scope);
    }
}
