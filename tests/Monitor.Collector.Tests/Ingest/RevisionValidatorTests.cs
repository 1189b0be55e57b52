using Monitor.Collector.Ingest;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Ingest;

public sealed class RevisionValidatorTests
{
    [Fact]
    public void FindProblem_CompleteRevisions_ReturnsNull()
    {
        Assert.Null(RevisionValidator.FindProblem(CtyIncident.Push(CtyIncident.Revision(1), CtyIncident.Revision(3))));
    }

    [Fact]
    public void FindProblem_MissingIncidentId_NamesTheRevisionAndField()
    {
        var revision = CtyIncident.Revision(1);
        revision.IncidentId = "";

        Assert.Equal("revisions[0].incident_id is required", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_ProblemInSecondRevision_NamesIndexOne()
    {
        var revision = CtyIncident.Revision(2);
        revision.IdempotencyKey = "";

        Assert.Equal(
            "revisions[1].idempotency_key is required",
            RevisionValidator.FindProblem(CtyIncident.Push(CtyIncident.Revision(1), revision)));
    }

    [Theory]
    [InlineData("inc 1", ' ')]
    [InlineData("inc/1", '/')]
    [InlineData("../etc", '/')]
    public void FindProblem_IncidentIdWithUnsafeCharacter_NamesTheCharacter(string id, char bad)
    {
        var revision = CtyIncident.Revision(1);
        revision.IncidentId = id;

        var problem = RevisionValidator.FindProblem(CtyIncident.Push(revision));

        Assert.StartsWith("revisions[0].incident_id", problem, StringComparison.Ordinal);
        Assert.Contains($"contains '{bad}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_IncidentIdLongerThan200_IsRejected()
    {
        var revision = CtyIncident.Revision(1);
        revision.IncidentId = new string('a', 201);

        Assert.Equal("revisions[0].incident_id is 201 characters long; at most 200", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_RevisionZero_IsRejected()
    {
        var revision = CtyIncident.Revision(1);
        revision.Revision = 0;

        Assert.Equal("revisions[0].revision must be 1 or more (got 0)", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_UnspecifiedState_IsRejected()
    {
        var revision = CtyIncident.Revision(1);
        revision.State = IncidentState.Unspecified;

        Assert.Equal("revisions[0].state is required", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_UnknownStateNumber_IsRejectedWithTheNumber()
    {
        var revision = CtyIncident.Revision(1);
        revision.State = (IncidentState)42;

        Assert.Equal(
            "revisions[0].state has the value 42, which this collector does not know",
            RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_UnknownEnumDeepInside_NamesTheFullPath()
    {
        var revision = CtyIncident.Revision(1);
        revision.Services[1].Impact = (ImpactLevel)9;

        Assert.Equal(
            "revisions[0].services[1].impact has the value 9, which this collector does not know",
            RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_UnknownEnumAfterWireRoundTrip_IsStillRejected()
    {
        var revision = CtyIncident.Revision(1);
        revision.Severity = (Severity)7;
        var fromWire = PushRevisionsRequest.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(CtyIncident.Push(revision)));

        Assert.Equal(
            "revisions[0].severity has the value 7, which this collector does not know",
            RevisionValidator.FindProblem(fromWire));
    }

    [Fact]
    public void FindProblem_MissingOpenedAt_IsRejected()
    {
        var revision = CtyIncident.Revision(1);
        revision.OpenedAt = null;

        Assert.Equal("revisions[0].opened_at is required", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_MissingRootCause_IsRejected()
    {
        var revision = CtyIncident.Revision(1);
        revision.RootCause = null;

        Assert.StartsWith("revisions[0].root_cause is required", RevisionValidator.FindProblem(CtyIncident.Push(revision)), StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_RootCauseWithoutKind_IsRejected()
    {
        var revision = CtyIncident.Revision(1);
        revision.RootCause.Kind = "";

        Assert.Equal("revisions[0].root_cause.kind is required", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_StringOver4KiB_NamesFieldAndSize()
    {
        var revision = CtyIncident.Revision(1);
        revision.Symptoms[0].Explanation = new string('x', RevisionValidator.MaxStringBytes + 1);

        Assert.Equal(
            "revisions[0].symptoms[0].explanation is 4097 bytes long; at most 4096 (Collector:Limits:MaxStringLength)",
            RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_JapaneseTextOver4KiBInUtf8_IsRejectedByBytesNotCharacters()
    {
        var revision = CtyIncident.Revision(1);

        // 1,400 characters of 3 bytes each: under 4,096 characters, over 4,096 bytes.
        revision.Title = new string('障', 1400);

        Assert.Equal("revisions[0].title is 4200 bytes long; at most 4096 (Collector:Limits:MaxStringLength)", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_TooManyEvidenceSamples_IsRejected()
    {
        var revision = CtyIncident.Revision(1);
        var evidence = revision.RootCause.Evidence;
        while (evidence.Count <= RevisionValidator.MaxListItems)
        {
            evidence.Add(evidence[0].Clone());
        }

        Assert.Equal(
            "revisions[0].root_cause.evidence has 1001 entries; at most 1000",
            RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Fact]
    public void FindProblem_MissingAgent_IsRejected()
    {
        var request = CtyIncident.Push(CtyIncident.Revision(1));
        request.Agent = null;

        Assert.StartsWith("agent is required", RevisionValidator.FindProblem(request), StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_AgentWithoutHost_IsRejected()
    {
        var request = CtyIncident.Push(CtyIncident.Revision(1));
        request.Agent.Host = "";

        Assert.Equal("agent.host is required", RevisionValidator.FindProblem(request));
    }

    [Fact]
    public void FindProblem_ServiceCategorySix_IsRejected()
    {
        var revision = CtyIncident.Revision(1);
        revision.Services[0].Category = 6;

        Assert.StartsWith("revisions[0].services[0].category must be 0", RevisionValidator.FindProblem(CtyIncident.Push(revision)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("affected_users[0].count")]
    [InlineData("affected_users[0].total_contracts")]
    [InlineData("affected_users_series[0].count")]
    [InlineData("affected_users_max")]
    public void FindProblem_UserCountAboveTheBound_NamesTheFieldAndTheBound(string field)
    {
        var revision = CtyIncident.Revision(1);
        const long count = 1L << 62;
        switch (field)
        {
            case "affected_users[0].count": revision.AffectedUsers[0].Count = count; break;
            case "affected_users[0].total_contracts": revision.AffectedUsers[0].TotalContracts = count; break;
            case "affected_users_series[0].count": revision.AffectedUsersSeries[0].Count = count; break;
            default: revision.AffectedUsersMax = count; break;
        }

        Assert.Equal(
            $"revisions[0].{field} is {count}; at most {RevisionValidator.MaxUserCount} (more people than any operator serves)",
            RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public void FindProblem_IncidentIdOfOnlyDots_IsRefused(string id)
    {
        var revision = CtyIncident.Revision(1, id);

        Assert.Equal($"revisions[0].incident_id '{id}' is only dots; an id needs a letter or digit", RevisionValidator.FindProblem(CtyIncident.Push(revision)));
    }
}
