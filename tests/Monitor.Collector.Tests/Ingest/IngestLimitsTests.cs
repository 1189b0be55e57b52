using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>Collector:Limits through the real collector: each limit refuses with the status the agent acts on.</summary>
public sealed class IngestLimitsTests
{
    [Fact]
    public async Task Push_StringOverMaxStringLength_IsInvalidNamingTheFieldAndStoresNothing()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:Limits:MaxStringLength=512");
        var revision = CtyFixture.Revisions[0];
        revision.Timeline[0].Text = new string('x', 513);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revision])));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("revisions[0].timeline[0].text is 513 bytes long; at most 512 (Collector:Limits:MaxStringLength)", error.Status.Detail);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
        Assert.Contains("monitor_collector_pushes_refused_total{reason=\"invalid\"} 1\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_TwoAgentsWithUserCountsNearTheLongLimit_AreRefusedNamingTheFieldAndThePagesStillAnswer()
    {
        // Severe 1 of issue 13: both were stored, and their merged sum overflowed every page and alert round.
        await using var collector = await RunningCollector.StartAsync();
        foreach (var host in new[] { "mail01", "mail02" })
        {
            var revision = CtyIncident.Revision(1, $"inc-{host}");
            revision.Agent = CtyFixture.AgentOn(host);
            revision.AffectedUsers[0].PopulationKey = "pop-" + host;
            revision.AffectedUsersSeries[^1].Count = 1L << 62;

            var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn(host), [revision])));

            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith($"revisions[0].affected_users_series[{revision.AffectedUsersSeries.Count - 1}].count is {1L << 62}; at most 1000000000", error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
        using var page = await collector.Http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("opened_at", "0001-01-01T00:00:00Z")]
    [InlineData("updated_at", "9999-12-31T23:59:59Z")]
    public async Task Push_TimeAtTheEndOfTheTimestampRange_IsInvalidNamingTheFieldAndTheNextPushIsStored(string field, string time)
    {
        // Found by the chaos suite: opened_at 0001-01-01 passed validation, then the store's merge
        // window (onset - 30 min) overflowed and the push failed as "Exception was thrown by handler".
        await using var collector = await RunningCollector.StartAsync();
        var revision = CtyFixture.Revisions[0];
        var at = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
        if (field == "opened_at")
        {
            revision.OpenedAt = at;
        }
        else
        {
            revision.UpdatedAt = at;
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revision])));
        var next = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [CtyFixture.Revisions[0]]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal($"revisions[0].{field} is {time}; expected between 1970-01-01 and 3000-01-01 (the agent's clock is wrong)", error.Status.Detail);
        Assert.Equal(AckOutcome.Stored, Assert.Single(next.Acknowledgements).Outcome);
    }

    [Fact]
    public async Task Push_RevisionBeyondMaxRevisionsPerIncident_FailsThePreconditionAndADuplicateIsStillAcknowledged()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:Limits:MaxRevisionsPerIncident=2");
        var revisions = CtyFixture.Revisions;
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, revisions.Take(2)));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revisions[2]])));
        var retry = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revisions[1]]));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(
            $"revisions[0]: incident '{CtyFixture.IncidentId}' already has 2 revisions, the most Collector:Limits:MaxRevisionsPerIncident allows (2); revision 3 is refused",
            error.Status.Detail);
        Assert.Equal(AckOutcome.Duplicate, Assert.Single(retry.Acknowledgements).Outcome);
        Assert.Equal(2, (await collector.Store.GetRevisionsAsync(CtyFixture.IncidentId, default)).Count);
        Assert.Contains("monitor_collector_pushes_refused_total{reason=\"revision_limit\"} 1\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_MoreOftenThanAllowed_IsExhaustedUntilTheClockMovesOn()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2017, 1, 13, 0, 0, 0, TimeSpan.Zero));
        await using var collector = await RunningCollector.StartAsync(
            services => services.AddSingleton<TimeProvider>(clock),
            "--Collector:Limits:PushesPerAgentPerSecond=1",
            "--Collector:Limits:PushBurst=2");
        var revisions = CtyFixture.Revisions;
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revisions[0]]));
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revisions[1]]));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revisions[2]])));
        var otherAgent = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail02"), CtyFixture.AsHost("mail02").Take(1)));
        clock.Advance(TimeSpan.FromSeconds(1));
        var later = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, [revisions[2]]));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(
            "agent 'mail01.cty' pushes more often than Collector:Limits:PushesPerAgentPerSecond allows (1 a second, burst 2); retry in 1000 ms",
            error.Status.Detail);
        Assert.Equal(AckOutcome.Stored, Assert.Single(otherAgent.Acknowledgements).Outcome);
        Assert.Equal(AckOutcome.Stored, Assert.Single(later.Acknowledgements).Outcome);
        Assert.Contains("monitor_collector_pushes_refused_total{reason=\"rate_limited\"} 1\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_OverMaxMessageBytes_IsInvalidNamingTheLimitAndTheChannelStillWorks()
    {
        await using var collector = await RunningCollector.StartAsync("--Collector:Limits:MaxMessageBytes=65536");
        var big = CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions);
        while (big.CalculateSize() <= 65536)
        {
            big.Revisions.AddRange(CtyFixture.Revisions);
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(big));
        var small = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(1)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            $"the request is {big.CalculateSize()} bytes, more than Collector:Limits:MaxMessageBytes (65536); send fewer revisions per push",
            error.Status.Detail);
        Assert.Equal(AckOutcome.Stored, Assert.Single(small.Acknowledgements).Outcome);
        Assert.Single(await collector.Store.GetRevisionsAsync(CtyFixture.IncidentId, default));
        Assert.Contains("monitor_collector_pushes_refused_total{reason=\"too_large\"} 1\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}
