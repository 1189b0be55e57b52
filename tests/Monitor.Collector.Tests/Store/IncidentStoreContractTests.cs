using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Configuration;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Store;

/// <summary>
/// What every store must do, run against SQLite and against a real PostgreSQL server (one per
/// test run, <see cref="PostgresServer"/>), each test on a fresh database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IncidentStoreContractTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2017, 1, 13, 0, 0, 0, TimeSpan.Zero);

    private readonly PostgresServer _postgres;
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly List<IDisposable> _stores = [];

    public IncidentStoreContractTests(PostgresServer postgres)
    {
        _postgres = postgres;
    }

    public static TheoryData<string> Stores => ["sqlite", "postgresql"];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _directory.Dispose();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_NewRevisions_StoresEachAndKeepsTheNewest(string kind)
    {
        var store = await OpenAsync(kind);

        var outcomes = await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), CtyIncident.Revision(2)], default);

        Assert.Equal([RevisionOutcome.Stored, RevisionOutcome.Stored], outcomes);
        Assert.Equal(2, (await store.GetLatestRevisionAsync(CtyIncident.Id, default))?.Revision);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_SameRevisionAndKeyAgain_ReportsDuplicateAndStoresNothingNew(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        var outcomes = await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        Assert.Equal([RevisionOutcome.Duplicate], outcomes);
        Assert.Single(await store.GetRevisionsAsync(CtyIncident.Id, default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_OlderRevisionAfterNewer_KeepsItInHistoryButNotInTheView(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(3)], default);

        var outcomes = await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2)], default);

        Assert.Equal([RevisionOutcome.Stale], outcomes);
        Assert.Equal([2L, 3L], (await store.GetRevisionsAsync(CtyIncident.Id, default)).Select(r => r.Revision.Revision));
        var incident = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal(3, incident.LatestRevision);
        Assert.Equal(IncidentState.Recovering, incident.State);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_RevisionNumberReusedWithAnotherKey_ThrowsAndStoresNothingOfTheBatch(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        var reused = CtyIncident.Revision(1);
        reused.IdempotencyKey = "another-key";

        var conflict = await Assert.ThrowsAsync<RevisionConflictException>(
            () => store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2), reused], default));

        Assert.Contains("revisions[1]", conflict.Message, StringComparison.Ordinal);
        Assert.Single(await store.GetRevisionsAsync(CtyIncident.Id, default));
        Assert.Equal(1, (await store.GetLatestRevisionAsync(CtyIncident.Id, default))?.Revision);
        Assert.Single(await store.ListMergedIncidentsAsync(10, default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_Always_RecordsAgentAndReceiptTimeFromTheTimeProvider(string kind)
    {
        var store = await OpenAsync(kind);
        _time.Advance(TimeSpan.FromMinutes(7));

        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        var stored = Assert.Single(await store.GetRevisionsAsync(CtyIncident.Id, default));
        Assert.Equal(Now.AddMinutes(7), stored.ReceivedAt);
        Assert.Equal(("mail01.cty.example.jp", "mail01"), (stored.AgentId, stored.Host));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ListIncidentsAsync_TwoIncidents_ReturnsTheMostRecentlyOpenedFirstWithTheirFields(string kind)
    {
        var store = await OpenAsync(kind);
        var later = CtyIncident.Revision(1, "inc-later");
        later.OpenedAt = Timestamp.FromDateTimeOffset(CtyIncident.Onset.AddHours(1));
        later.RootCause.Entity = "ctl-b";

        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), later], default);

        var incidents = await store.ListIncidentsAsync(default);
        Assert.Equal(["inc-later", CtyIncident.Id], incidents.Select(i => i.IncidentId));
        Assert.Equal((CtyIncident.Onset, 50_511L, "ctl-a", "controller_failed"), (incidents[1].OpenedAt, incidents[1].AffectedUsersMax, incidents[1].RootEntity, incidents[1].RootKind));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task CountUnresolvedIncidentsAsync_OneResolvedOneOpen_CountsOnlyTheOpenOne(string kind)
    {
        var store = await OpenAsync(kind);
        var resolved = CtyIncident.Revision(4, "inc-resolved");
        resolved.State = IncidentState.Resolved;

        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), resolved], default);

        Assert.Equal(1, await store.CountUnresolvedIncidentsAsync(default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task GetLatestRevisionAsync_UnknownId_ReturnsNull(string kind)
    {
        var store = await OpenAsync(kind);

        Assert.Null(await store.GetLatestRevisionAsync("inc-unknown", default));
        Assert.Null(await store.GetMergedIncidentAsync("inc-unknown", default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_SameFaultFromThreeHosts_JoinsOneMergedIncident(string kind)
    {
        var store = await OpenAsync(kind);

        foreach (var host in new[] { "mail01", "mail02", "mail03" })
        {
            await store.SaveRevisionsAsync(CtyFixture.AgentOn(host), CtyFixture.AsHost(host, TimeSpan.FromMinutes(host == "mail02" ? 29 : 0)), default);
        }

        var merged = Assert.Single(await store.ListMergedIncidentsAsync(10, default));
        Assert.Equal(3, merged.Members.Count);
        Assert.Equal(CtyFixture.AsHost("mail01")[0].IncidentId, merged.Id);
        Assert.Equal(("cty", "ctl-a", "controller_failed"), (merged.Site, merged.RootEntity, merged.RootKind));
        Assert.Equal(merged.Id, (await store.GetMergedIncidentAsync(CtyFixture.AsHost("mail03")[0].IncidentId, default))?.Id);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_OnsetOutsideTheWindowOrAnotherRoot_OpensAnotherMergedIncident(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyFixture.AgentOn("mail01"), [CtyFixture.AsHost("mail01")[0]], default);
        var late = CtyFixture.AsHost("mail02", TimeSpan.FromMinutes(31))[0];
        var otherRoot = CtyFixture.AsHost("mail03")[0];
        otherRoot.RootCause.Entity = "ctl-b";

        await store.SaveRevisionsAsync(CtyFixture.AgentOn("mail02"), [late], default);
        await store.SaveRevisionsAsync(CtyFixture.AgentOn("mail03"), [otherRoot], default);

        Assert.Equal(3, (await store.ListMergedIncidentsAsync(10, default)).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AddActionAsync_KnownIncident_KeepsActionsInOrderWithWhoAndWhen(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        Assert.True(await store.AddActionAsync(CtyIncident.Id, new OperatorAction(OperatorActionKind.Acknowledged, "Sato", "", Now.AddMinutes(3)), default));
        Assert.True(await store.AddActionAsync(CtyIncident.Id, new OperatorAction(OperatorActionKind.UserNoticePosted, "Suzuki", "第1報 掲載", Now.AddMinutes(9)), default));
        Assert.False(await store.AddActionAsync("inc-unknown", new OperatorAction(OperatorActionKind.Note, "Sato", "x", Now), default));

        var merged = await store.GetMergedIncidentAsync(CtyIncident.Id, default);
        Assert.Equal(
            [(OperatorActionKind.Acknowledged, "Sato", "", Now.AddMinutes(3)), (OperatorActionKind.UserNoticePosted, "Suzuki", "第1報 掲載", Now.AddMinutes(9))],
            merged!.Actions.Select(a => (a.Kind, a.Actor, a.Text, a.At)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task InitializeAsync_Twice_KeepsTheData(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        await store.InitializeAsync(default);

        Assert.Single(await store.ListIncidentsAsync(default));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_NewRevisionBeyondTheCap_RefusesTheBatchButADuplicatePasses(string kind)
    {
        var store = await OpenAsync(kind, maxRevisionsPerIncident: 2);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), CtyIncident.Revision(2)], default);

        var error = await Assert.ThrowsAsync<RevisionLimitException>(
            () => store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2), CtyIncident.Revision(3)], default));
        var again = await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2)], default);

        Assert.StartsWith($"revisions[1]: incident '{CtyIncident.Id}' already has 2 revisions", error.Message, StringComparison.Ordinal);
        Assert.Equal([RevisionOutcome.Duplicate], again);
        Assert.Equal([1L, 2L], (await store.GetRevisionsAsync(CtyIncident.Id, default)).Select(r => r.Revision.Revision));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SaveRevisionsAsync_RevisionOfAnotherAgentsIncident_IsRefusedNamingTheOwner(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        var intruder = CtyIncident.Agent.Clone();
        intruder.AgentId = "mail07.cty";

        var error = await Assert.ThrowsAsync<IncidentOwnerException>(
            () => store.SaveRevisionsAsync(intruder, [CtyIncident.Revision(2)], default));

        Assert.Equal(
            $"revisions[0]: incident '{CtyIncident.Id}' was opened by agent '{CtyIncident.Agent.AgentId}'; agent 'mail07.cty' may add revisions only to its own incidents",
            error.Message);
        Assert.Equal(1, (await store.GetLatestRevisionAsync(CtyIncident.Id, default))?.Revision);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RecordAlertAsync_StateAndActions_AreReadBackAndOnTheTimeline(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        var sent = new OperatorAction(OperatorActionKind.AlertSent, "monitor-collector", "alert firing", Now);

        await store.RecordAlertAsync(new AlertState(CtyIncident.Id, true, "becomes", 1), [sent], default);
        await store.RecordAlertAsync(new AlertState(CtyIncident.Id, true, "yes", 2), [], default);

        Assert.Equal(new AlertState(CtyIncident.Id, true, "yes", 2), Assert.Single(await store.ReadAlertStatesAsync(default)).Value);
        Assert.Equal([OperatorActionKind.AlertSent], (await store.GetMergedIncidentAsync(CtyIncident.Id, default))!.Actions.Select(a => a.Kind));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ListMergedIncidentsAsync_OpenIncidentOlderThanTheLimitOfResolvedOnes_ListsItFirst(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [.. Enumerable.Range(1, 3).Select(i => Resolved($"inc-newer-{i}", hoursLater: i))], default);

        var listed = await store.ListMergedIncidentsAsync(2, default);

        Assert.Equal([CtyIncident.Id, "inc-newer-3"], listed.Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ListAlertCandidatesAsync_OpenNeverToldAndTold_ListsWhatOnCallMustStillHearOfOldestFirst(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [.. Enumerable.Range(1, 300).Select(i => Resolved($"inc-newer-{i}", hoursLater: i))], default);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        foreach (var i in Enumerable.Range(1, 299))
        {
            await store.RecordAlertAsync(new AlertState($"inc-newer-{i}", false, "no", 2), [], default);
        }

        await store.RecordAlertAsync(new AlertState(CtyIncident.Id, true, "no", 1), [], default);

        var candidates = await store.ListAlertCandidatesAsync(default);

        // The open one (firing), and the newest resolved one, whose alert was never sent; not the 299 told resolved.
        Assert.Equal([new AlertCandidate(CtyIncident.Id, "mail01.cty.example.jp"), new AlertCandidate("inc-newer-300", "mail01.cty.example.jp")], candidates);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task GetMergedIncidentAsync_ReadAgain_DecodesEachStoredRevisionOnce(string kind)
    {
        var store = await OpenAsync(kind);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        var first = Assert.Single((await store.GetMergedIncidentAsync(CtyIncident.Id, default))!.Members);
        var again = Assert.Single((await store.GetMergedIncidentAsync(CtyIncident.Id, default))!.Members);
        var listed = Assert.Single(Assert.Single(await store.ListMergedIncidentsAsync(10, default)).Members);
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2)], default);
        var newer = Assert.Single((await store.GetMergedIncidentAsync(CtyIncident.Id, default))!.Members);

        Assert.Same(first, again);
        Assert.Same(first, listed);
        Assert.NotSame(first, newer);
        Assert.Equal((1L, 2L), (first.Revision, newer.Revision));
    }

    /// <summary>A resolved incident of its own (another root), opened <paramref name="hoursLater"/> hours after CTY's.</summary>
    private static IncidentRevision Resolved(string id, int hoursLater)
    {
        var revision = CtyIncident.Revision(4, id);
        revision.RootCause.Entity = $"ctl-{id}";
        revision.OpenedAt = Timestamp.FromDateTimeOffset(CtyIncident.Onset.AddHours(hoursLater));
        revision.UpdatedAt = Timestamp.FromDateTimeOffset(CtyIncident.Onset.AddHours(hoursLater + 1));
        revision.State = IncidentState.Resolved;
        revision.RecoveredAt = revision.UpdatedAt;
        revision.ResolvedAt = revision.UpdatedAt;
        return revision;
    }

    private async Task<IIncidentStore> OpenAsync(string kind, int maxRevisionsPerIncident = int.MaxValue)
    {
        SqlIncidentStore store = kind == "sqlite"
            ? new SqliteIncidentStore(_directory.File("collector.db"), _time, new MergingOptions()) { MaxRevisionsPerIncident = maxRevisionsPerIncident }
            : new PostgresIncidentStore(await _postgres.CreateDatabaseAsync(), _time, new MergingOptions()) { MaxRevisionsPerIncident = maxRevisionsPerIncident };
        _stores.Add((IDisposable)store);
        await store.InitializeAsync(default);
        return store;
    }
}
