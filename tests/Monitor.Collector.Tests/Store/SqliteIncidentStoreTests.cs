using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Store;

public sealed class SqliteIncidentStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2017, 1, 13, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SaveRevisionsAsync_NewRevisions_StoresEachAndKeepsTheNewest()
    {
        using var store = await OpenAsync();

        var outcomes = await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), CtyIncident.Revision(2)], default);

        Assert.Equal([RevisionOutcome.Stored, RevisionOutcome.Stored], outcomes);
        var latest = await store.GetLatestRevisionAsync(CtyIncident.Id, default);
        Assert.Equal(2, latest?.Revision);
    }

    [Fact]
    public async Task SaveRevisionsAsync_SameRevisionAndKeyAgain_ReportsDuplicateAndStoresNothingNew()
    {
        using var store = await OpenAsync();
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        var outcomes = await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        Assert.Equal([RevisionOutcome.Duplicate], outcomes);
        Assert.Single(await store.GetRevisionsAsync(CtyIncident.Id, default));
    }

    [Fact]
    public async Task SaveRevisionsAsync_OlderRevisionAfterNewer_KeepsItInHistoryButNotInTheView()
    {
        using var store = await OpenAsync();
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(3)], default);

        var outcomes = await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2)], default);

        Assert.Equal([RevisionOutcome.Stale], outcomes);
        Assert.Equal([2L, 3L], (await store.GetRevisionsAsync(CtyIncident.Id, default)).Select(r => r.Revision.Revision));
        var incident = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal(3, incident.LatestRevision);
        Assert.Equal(IncidentState.Recovering, incident.State);
    }

    [Fact]
    public async Task SaveRevisionsAsync_RevisionNumberReusedWithAnotherKey_ThrowsAndStoresNothingOfTheBatch()
    {
        using var store = await OpenAsync();
        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);
        var reused = CtyIncident.Revision(1);
        reused.IdempotencyKey = "another-key";

        var conflict = await Assert.ThrowsAsync<RevisionConflictException>(
            () => store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2), reused], default));

        Assert.Contains("revisions[1]", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("another-key", conflict.Message, StringComparison.Ordinal);
        Assert.Single(await store.GetRevisionsAsync(CtyIncident.Id, default));
        Assert.Equal(1, (await store.GetLatestRevisionAsync(CtyIncident.Id, default))?.Revision);
    }

    [Fact]
    public async Task SaveRevisionsAsync_Always_RecordsAgentAndReceiptTimeFromTheTimeProvider()
    {
        using var store = await OpenAsync();
        _time.Advance(TimeSpan.FromMinutes(7));

        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1)], default);

        var stored = Assert.Single(await store.GetRevisionsAsync(CtyIncident.Id, default));
        Assert.Equal(Now.AddMinutes(7), stored.ReceivedAt);
        Assert.Equal("mail01.cty.example.jp", stored.AgentId);
        Assert.Equal("mail01", stored.Host);
    }

    [Fact]
    public async Task InitializeAsync_SameFileReopened_KeepsTheIncidents()
    {
        var path = _directory.File("nested", "collector.db");
        using (var first = new SqliteIncidentStore(path, _time))
        {
            await first.InitializeAsync(default);
            await first.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), CtyIncident.Revision(2)], default);
        }

        using var second = new SqliteIncidentStore(path, _time);
        await second.InitializeAsync(default);

        var incident = Assert.Single(await second.ListIncidentsAsync(default));
        Assert.Equal(CtyIncident.Id, incident.IncidentId);
        Assert.Equal(2, incident.LatestRevision);
        Assert.Equal(CtyIncident.Onset, incident.OpenedAt);
        Assert.Equal(50_511, incident.AffectedUsersMax);
        Assert.Equal("ctl-a", incident.RootEntity);
        Assert.Equal("controller_failed", incident.RootKind);
        Assert.Equal(RevisionOutcome.Duplicate, (await second.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(2)], default))[0]);
    }

    [Fact]
    public async Task InitializeAsync_NewFile_UsesWalAndRecordsTheSchemaVersion()
    {
        var path = _directory.File("collector.db");
        using var store = new SqliteIncidentStore(path, _time);

        await store.InitializeAsync(default);

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
        Assert.Equal(SqliteMigrations.LatestVersion, SqliteMigrations.ReadVersion(connection));
    }

    [Fact]
    public async Task InitializeAsync_FileFromANewerCollector_RefusesToOpen()
    {
        var path = _directory.File("collector.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteMigrations.LatestVersion + 1};";
            command.ExecuteNonQuery();
        }

        using var store = new SqliteIncidentStore(path, _time);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(default));
        Assert.Contains("newer than this collector knows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListIncidentsAsync_TwoIncidents_ReturnsTheMostRecentlyOpenedFirst()
    {
        using var store = await OpenAsync();
        var later = CtyIncident.Revision(1, "inc-later");
        later.OpenedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(CtyIncident.Onset.AddHours(1));

        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), later], default);

        Assert.Equal(["inc-later", CtyIncident.Id], (await store.ListIncidentsAsync(default)).Select(i => i.IncidentId));
    }

    [Fact]
    public async Task CountUnresolvedIncidentsAsync_OneResolvedOneOpen_CountsOnlyTheOpenOne()
    {
        using var store = await OpenAsync();
        var resolved = CtyIncident.Revision(4, "inc-resolved");
        resolved.State = IncidentState.Resolved;

        await store.SaveRevisionsAsync(CtyIncident.Agent, [CtyIncident.Revision(1), resolved], default);

        Assert.Equal(1, await store.CountUnresolvedIncidentsAsync(default));
    }

    [Fact]
    public async Task GetLatestRevisionAsync_UnknownId_ReturnsNull()
    {
        using var store = await OpenAsync();

        Assert.Null(await store.GetLatestRevisionAsync("inc-unknown", default));
    }

    [Fact]
    public async Task ListIncidentsAsync_BeforeInitialize_Throws()
    {
        using var store = new SqliteIncidentStore(_directory.File("collector.db"), _time);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ListIncidentsAsync(default));
    }

    private async Task<SqliteIncidentStore> OpenAsync()
    {
        var store = new SqliteIncidentStore(_directory.File("collector.db"), _time);
        await store.InitializeAsync(default);
        return store;
    }
}
