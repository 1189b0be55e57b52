using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Monitor.Collector.Store;

namespace Monitor.Collector.Tests.Store;

/// <summary>What only the SQLite store does: its file, WAL, schema versions. The shared behaviour is in <see cref="IncidentStoreContractTests"/>.</summary>
public sealed class SqliteIncidentStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2017, 1, 13, 0, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _directory.Dispose();

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
    public async Task ListIncidentsAsync_BeforeInitialize_Throws()
    {
        using var store = new SqliteIncidentStore(_directory.File("collector.db"), _time);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ListIncidentsAsync(default));
    }

    [Fact]
    public async Task InitializeAsync_VersionOneFile_MigratesAndMakesEachIncidentItsOwnMergedIncident()
    {
        var path = _directory.File("collector.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE revisions (incident_id TEXT NOT NULL, revision INTEGER NOT NULL, idempotency_key TEXT NOT NULL, agent_id TEXT NOT NULL,
                    host TEXT NOT NULL, received_at TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (incident_id, revision));
                CREATE TABLE incidents (incident_id TEXT NOT NULL PRIMARY KEY, latest_revision INTEGER NOT NULL, state TEXT NOT NULL, severity TEXT NOT NULL,
                    title TEXT NOT NULL, opened_at TEXT NOT NULL, recovered_at TEXT, resolved_at TEXT, affected_users_max INTEGER NOT NULL,
                    root_entity TEXT NOT NULL, root_kind TEXT NOT NULL, updated_at TEXT NOT NULL, payload BLOB NOT NULL);
                CREATE INDEX incidents_by_opened_at ON incidents (opened_at DESC);
                INSERT INTO incidents VALUES ('inc-old', 2, 'open', 'critical', 't', '2017-01-12T23:53:00.0000000Z', NULL, NULL, 5, 'ctl-a', 'controller_failed',
                    '2017-01-12T23:55:00.0000000Z', $payload);
                PRAGMA user_version = 1;
                """;
            command.Parameters.AddWithValue("$payload", Google.Protobuf.MessageExtensions.ToByteArray(CtyIncident.Revision(2, "inc-old")));
            command.ExecuteNonQuery();
        }

        using var store = new SqliteIncidentStore(path, _time);
        await store.InitializeAsync(default);

        var merged = Assert.Single(await store.ListMergedIncidentsAsync(10, default));
        Assert.Equal("inc-old", merged.Id);
        Assert.Equal("inc-old", Assert.Single(merged.Members).IncidentId);

        // Taken as told, not firing: an upgrade alerts what is open once, and never replays what resolved before it.
        Assert.Equal(new AlertState("inc-old", false, "unknown", 0), Assert.Single(await store.ReadAlertStatesAsync(default)).Value);
    }
}
