using Grpc.Core;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>Collector:Agents: who may push, and under which site.</summary>
public sealed class AgentAllowListTests
{
    [Fact]
    public async Task Push_AgentNotInTheList_IsDeniedNamingItAndStoresNothing()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:Agents:mail01.cty:Site=cty-tokai");

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail02"), CtyFixture.AsHost("mail02"))));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("agent 'mail02.cty' is not in Collector:Agents; add it there (with its site) to accept its revisions", error.Status.Detail);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
    }

    [Fact]
    public async Task Push_AgentInTheListWithoutASiteOfItsOwn_IsStoredUnderTheConfiguredSite()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:Agents:mail01.cty:Site=cty-tokai");
        var agent = CtyFixture.Agent;
        agent.Site = "";

        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(agent, CtyFixture.Revisions));

        Assert.Equal("cty-tokai", Assert.Single(await collector.Views.ListAsync(default)).Record.Site);
    }

    [Fact]
    public async Task Push_AgentInTheListSayingAnotherSite_IsDeniedNamingBothAndStoresNothing()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:Agents:mail01.cty:Site=cty-tokai");

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions)));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(
            "agent 'mail01.cty' says site 'cty' but Collector:Agents:mail01.cty:Site says 'cty-tokai'; an agent pushes only under its own site",
            error.Status.Detail);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
    }

    [Fact]
    public async Task Push_IncidentOpenedByAnotherAgent_IsDeniedAndTheIncidentKeepsItsRevisions()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(2)));
        var hijack = CtyFixture.Revisions[2];
        hijack.Agent = CtyFixture.AgentOn("mail07");

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail07"), [hijack])));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(
            $"revisions[0]: incident '{CtyFixture.IncidentId}' was opened by agent 'mail01.cty'; agent 'mail07.cty' may add revisions only to its own incidents",
            error.Status.Detail);
        Assert.Equal(2, (await collector.Store.GetRevisionsAsync(CtyFixture.IncidentId, default)).Count);
    }

    [Fact]
    public async Task Push_RevisionOfAnotherAgent_IsRejectedAndStoredDataDoesNotChange()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(2)));
        var foreign = CtyFixture.Revisions[2];
        foreign.Agent = CtyFixture.AgentOn("mail07");

        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [foreign])));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("revisions[0].agent.agent_id 'mail07.cty' is not the pushing agent 'mail01.cty'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await collector.Store.GetLatestRevisionAsync(CtyFixture.IncidentId, default))?.Revision);
    }

    [Fact]
    public async Task Push_OversizedStringUnknownEnumOrMissingField_LeavesTheStoredIncidentAsItWas()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(3)));
        var before = await collector.Store.GetLatestRevisionAsync(CtyFixture.IncidentId, default);
        var oversized = CtyFixture.Revisions[3];
        oversized.Title = new string('x', 5000);
        var unknownEnum = CtyFixture.Revisions[3];
        unknownEnum.Services[0].Impact = (Monitor.Contracts.V1.ImpactLevel)17;
        var missing = CtyFixture.Revisions[3];
        missing.UpdatedAt = null;

        foreach (var (bad, problem) in new[] { (oversized, "revisions[0].title is 5000 bytes long"), (unknownEnum, "revisions[0].services[0].impact has the value 17"), (missing, "revisions[0].updated_at is required") })
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [bad])));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith(problem, error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, await collector.Store.GetLatestRevisionAsync(CtyFixture.IncidentId, default));
        Assert.Equal(3, (await collector.Store.GetRevisionsAsync(CtyFixture.IncidentId, default)).Count);
    }

    [Fact]
    public async Task Push_RevisionGoingBackwards_IsAcknowledgedStaleAndTheIncidentKeepsTheNewest()
    {
        await using var collector = await RunningCollector.StartAsync();
        var revisions = CtyFixture.Revisions;
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revisions[4]]));

        var reply = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revisions[2]]));

        Assert.Equal(Monitor.Contracts.V1.AckOutcome.Stale, Assert.Single(reply.Acknowledgements).Outcome);
        Assert.Equal(5, (await collector.Store.GetLatestRevisionAsync(CtyFixture.IncidentId, default))?.Revision);
    }
}
