using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>
/// The embedded store for a small site: one SQLite file in WAL mode, so the web pages read
/// while an agent's batch is written. Every batch is one <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
public sealed class SqliteIncidentStore : IIncidentStore, IDisposable
{
    private readonly string _databasePath;
    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private volatile bool _initialized;

    /// <summary>Creates the store for <paramref name="databasePath"/>; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    public SqliteIncidentStore(string databasePath, TimeProvider timeProvider)
    {
        _databasePath = Path.GetFullPath(databasePath);
        _timeProvider = timeProvider;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string DatabasePath => _databasePath;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(_databasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);
        using (var command = connection.CreateCommand())
        {
            // WAL is remembered by the file; readers then never wait for the writer.
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteScalarAsync(cancellationToken);
        }

        SqliteMigrations.Apply(connection);
        _initialized = true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RevisionOutcome>> SaveRevisionsAsync(
        AgentIdentity agent,
        IReadOnlyList<IncidentRevision> revisions,
        CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: false);
        var receivedAt = StoredTime.Of(_timeProvider.GetUtcNow());
        var outcomes = new List<RevisionOutcome>(revisions.Count);
        for (var index = 0; index < revisions.Count; index++)
        {
            outcomes.Add(SaveOne(connection, transaction, agent, revisions[index], index, receivedAt));
        }

        transaction.Commit();
        return outcomes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IncidentSummary>> ListIncidentsAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT incident_id, latest_revision, state, severity, title, opened_at, recovered_at,
                   resolved_at, affected_users_max, root_entity, root_kind, updated_at
            FROM incidents
            ORDER BY opened_at DESC, incident_id
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var incidents = new List<IncidentSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            incidents.Add(new IncidentSummary(
                IncidentId: reader.GetString(0),
                LatestRevision: reader.GetInt64(1),
                State: IncidentWords.ParseState(reader.GetString(2)),
                Severity: IncidentWords.ParseSeverity(reader.GetString(3)),
                Title: reader.GetString(4),
                OpenedAt: StoredTime.Parse(reader.GetString(5)),
                RecoveredAt: reader.IsDBNull(6) ? null : StoredTime.Parse(reader.GetString(6)),
                ResolvedAt: reader.IsDBNull(7) ? null : StoredTime.Parse(reader.GetString(7)),
                AffectedUsersMax: reader.GetInt64(8),
                RootEntity: reader.GetString(9),
                RootKind: reader.GetString(10),
                UpdatedAt: StoredTime.Parse(reader.GetString(11))));
        }

        return incidents;
    }

    /// <inheritdoc />
    public async Task<IncidentRevision?> GetLatestRevisionAsync(string incidentId, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM incidents WHERE incident_id = $id";
        command.Parameters.AddWithValue("$id", incidentId);
        var payload = await command.ExecuteScalarAsync(cancellationToken);
        return payload is byte[] bytes ? IncidentRevision.Parser.ParseFrom(bytes) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredRevision>> GetRevisionsAsync(string incidentId, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT agent_id, host, received_at, payload
            FROM revisions
            WHERE incident_id = $id
            ORDER BY revision
            """;
        command.Parameters.AddWithValue("$id", incidentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var revisions = new List<StoredRevision>();
        while (await reader.ReadAsync(cancellationToken))
        {
            revisions.Add(new StoredRevision(
                Revision: IncidentRevision.Parser.ParseFrom(reader.GetFieldValue<byte[]>(3)),
                AgentId: reader.GetString(0),
                Host: reader.GetString(1),
                ReceivedAt: StoredTime.Parse(reader.GetString(2))));
        }

        return revisions;
    }

    /// <inheritdoc />
    public async Task<int> CountUnresolvedIncidentsAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM incidents WHERE state <> $resolved";
        command.Parameters.AddWithValue("$resolved", IncidentWords.Of(IncidentState.Resolved));
        var count = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt32(count, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM incidents LIMIT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Closes the pooled connections, so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static RevisionOutcome SaveOne(
        SqliteConnection connection,
        SqliteTransaction transaction,
        AgentIdentity agent,
        IncidentRevision revision,
        int index,
        string receivedAt)
    {
        var storedKey = FindIdempotencyKey(connection, transaction, revision);
        if (storedKey is not null)
        {
            return storedKey == revision.IdempotencyKey
                ? RevisionOutcome.Duplicate
                : throw new RevisionConflictException(
                    $"revisions[{index}]: incident '{revision.IncidentId}' revision {revision.Revision} is already stored "
                    + $"with idempotency key '{storedKey}', not '{revision.IdempotencyKey}'; a revision number must not be reused");
        }

        InsertRevision(connection, transaction, agent, revision, receivedAt);
        var latest = FindLatestRevision(connection, transaction, revision.IncidentId);
        if (latest is not null && latest >= revision.Revision)
        {
            return RevisionOutcome.Stale;
        }

        UpsertIncident(connection, transaction, revision);
        return RevisionOutcome.Stored;
    }

    private static string? FindIdempotencyKey(SqliteConnection connection, SqliteTransaction transaction, IncidentRevision revision)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT idempotency_key FROM revisions WHERE incident_id = $id AND revision = $revision";
        command.Parameters.AddWithValue("$id", revision.IncidentId);
        command.Parameters.AddWithValue("$revision", revision.Revision);
        return command.ExecuteScalar() as string;
    }

    private static long? FindLatestRevision(SqliteConnection connection, SqliteTransaction transaction, string incidentId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT latest_revision FROM incidents WHERE incident_id = $id";
        command.Parameters.AddWithValue("$id", incidentId);
        return command.ExecuteScalar() is long latest ? latest : null;
    }

    private static void InsertRevision(
        SqliteConnection connection,
        SqliteTransaction transaction,
        AgentIdentity agent,
        IncidentRevision revision,
        string receivedAt)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO revisions (incident_id, revision, idempotency_key, agent_id, host, received_at, payload)
            VALUES ($id, $revision, $key, $agent, $host, $received, $payload)
            """;
        command.Parameters.AddWithValue("$id", revision.IncidentId);
        command.Parameters.AddWithValue("$revision", revision.Revision);
        command.Parameters.AddWithValue("$key", revision.IdempotencyKey);
        command.Parameters.AddWithValue("$agent", agent.AgentId);
        command.Parameters.AddWithValue("$host", agent.Host);
        command.Parameters.AddWithValue("$received", receivedAt);
        command.Parameters.AddWithValue("$payload", revision.ToByteArray());
        command.ExecuteNonQuery();
    }

    private static void UpsertIncident(SqliteConnection connection, SqliteTransaction transaction, IncidentRevision revision)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO incidents (incident_id, latest_revision, state, severity, title, opened_at, recovered_at,
                                   resolved_at, affected_users_max, root_entity, root_kind, updated_at, payload)
            VALUES ($id, $revision, $state, $severity, $title, $opened, $recovered,
                    $resolved, $users, $rootEntity, $rootKind, $updated, $payload)
            ON CONFLICT (incident_id) DO UPDATE SET
                latest_revision = excluded.latest_revision,
                state = excluded.state,
                severity = excluded.severity,
                title = excluded.title,
                opened_at = excluded.opened_at,
                recovered_at = excluded.recovered_at,
                resolved_at = excluded.resolved_at,
                affected_users_max = excluded.affected_users_max,
                root_entity = excluded.root_entity,
                root_kind = excluded.root_kind,
                updated_at = excluded.updated_at,
                payload = excluded.payload
            """;
        command.Parameters.AddWithValue("$id", revision.IncidentId);
        command.Parameters.AddWithValue("$revision", revision.Revision);
        command.Parameters.AddWithValue("$state", IncidentWords.Of(revision.State));
        command.Parameters.AddWithValue("$severity", IncidentWords.Of(revision.Severity));
        command.Parameters.AddWithValue("$title", revision.Title);
        command.Parameters.AddWithValue("$opened", StoredTime.Of(revision.OpenedAt.ToDateTimeOffset()));
        command.Parameters.AddWithValue("$recovered", OptionalTime(revision.RecoveredAt));
        command.Parameters.AddWithValue("$resolved", OptionalTime(revision.ResolvedAt));
        command.Parameters.AddWithValue("$users", revision.AffectedUsersMax);
        command.Parameters.AddWithValue("$rootEntity", revision.RootCause?.Entity ?? "");
        command.Parameters.AddWithValue("$rootKind", revision.RootCause?.Kind ?? "");
        command.Parameters.AddWithValue("$updated", StoredTime.Of(revision.UpdatedAt.ToDateTimeOffset()));
        command.Parameters.AddWithValue("$payload", revision.ToByteArray());
        command.ExecuteNonQuery();
    }

    private static object OptionalTime(Google.Protobuf.WellKnownTypes.Timestamp? time) =>
        time is null ? DBNull.Value : StoredTime.Of(time.ToDateTimeOffset());

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void EnsureInitialized()
    {
        if (!_initialized)
        {
            throw new InvalidOperationException($"The store {_databasePath} is used before InitializeAsync.");
        }
    }
}
