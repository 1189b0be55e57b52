using System.Data.Common;
using System.Globalization;
using Google.Protobuf;
using Monitor.Collector.Configuration;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Store;

/// <summary>
/// The store's queries, written once in the SQL that SQLite and PostgreSQL both speak
/// (<c>@name</c> parameters, <c>INSERT … ON CONFLICT … DO UPDATE</c>, times as fixed-width UTC
/// text). A subclass opens connections, serialises writers and owns its migrations.
/// </summary>
public abstract partial class SqlIncidentStore : IIncidentStore
{
    private readonly TimeProvider _timeProvider;
    private readonly MergingOptions _merging;
    private volatile bool _initialized;
    private volatile StoreWriteFailure? _writeFailure;

    /// <summary>Creates the store; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    protected SqlIncidentStore(TimeProvider timeProvider, MergingOptions merging)
    {
        _timeProvider = timeProvider;
        _merging = merging;
    }

    /// <summary>
    /// Most revisions kept per agent incident (<c>Collector:Limits:MaxRevisionsPerIncident</c>); a new
    /// one beyond fails the batch with <see cref="RevisionLimitException"/>. Default: no limit.
    /// </summary>
    public int MaxRevisionsPerIncident { get; init; } = int.MaxValue;

    /// <summary>Where the data is, for logs: a file path or a server and database, never a password.</summary>
    public abstract string Description { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken);
        _initialized = true;
    }

    /// <inheritdoc />
    public StoreWriteFailure? WriteFailure => _writeFailure;

    /// <inheritdoc />
    public Task<IReadOnlyList<RevisionOutcome>> SaveRevisionsAsync(
        AgentIdentity agent,
        IReadOnlyList<IncidentRevision> revisions,
        CancellationToken cancellationToken) =>
        WritingAsync(() => SaveAsync(agent, revisions, cancellationToken));

    /// <summary>Runs a write, remembering whether it went through (for /healthz: reads may work while writes fail).</summary>
    protected async Task<T> WritingAsync<T>(Func<Task<T>> write)
    {
        try
        {
            var result = await write();
            _writeFailure = null;
            return result;
        }
        catch (DbException ex)
        {
            var now = _timeProvider.GetUtcNow();
            _writeFailure = new StoreWriteFailure(now, _writeFailure?.Since ?? now, ex.Message);
            throw;
        }
    }

    private async Task<IReadOnlyList<RevisionOutcome>> SaveAsync(
        AgentIdentity agent,
        IReadOnlyList<IncidentRevision> revisions,
        CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var receivedAt = StoredTime.Of(_timeProvider.GetUtcNow());
        var outcomes = new List<RevisionOutcome>(revisions.Count);
        for (var index = 0; index < revisions.Count; index++)
        {
            outcomes.Add(await SaveOneAsync(new Write(connection, transaction, cancellationToken), agent, revisions[index], index, receivedAt));
        }

        var newest = revisions.Where((_, index) => outcomes[index] == RevisionOutcome.Stored).Select(r => r.IncidentId).Distinct().ToList();
        if (newest.Count > 0)
        {
            await NotifyAsync(connection, transaction, new StoredChange(StoredChangeKind.Revisions, newest), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IncidentSummary>> ListIncidentsAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT incident_id, latest_revision, state, severity, title, opened_at, recovered_at,
                   resolved_at, affected_users_max, root_entity, root_kind, updated_at, site, merged_id,
                   (SELECT MIN(r.agent_id) FROM revisions r WHERE r.incident_id = incidents.merged_id)
            FROM incidents
            ORDER BY opened_at DESC, incident_id
            """);
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
                UpdatedAt: StoredTime.Parse(reader.GetString(11)))
            {
                Site = reader.GetString(12),
                MergedId = reader.GetString(13),
                MergedOwner = reader.IsDBNull(14) ? "" : reader.GetString(14),
            });
        }

        return incidents;
    }

    /// <inheritdoc />
    public async Task<IncidentRevision?> GetLatestRevisionAsync(string incidentId, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT payload FROM incidents WHERE incident_id = @id", ("id", incidentId));
        var payload = await command.ExecuteScalarAsync(cancellationToken);
        return payload is byte[] bytes ? IncidentRevision.Parser.ParseFrom(bytes) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredRevision>> GetRevisionsAsync(string incidentId, CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT agent_id, host, received_at, payload
            FROM revisions
            WHERE incident_id = @id
            ORDER BY revision
            """, ("id", incidentId));
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
        await using var command = Command(connection, null, "SELECT COUNT(*) FROM incidents WHERE state <> @resolved", ("resolved", IncidentWords.Of(IncidentState.Resolved)));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        EnsureInitialized();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT 1 FROM incidents LIMIT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Opens a connection to the database.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a write transaction that no other writer (in this process or another replica) runs
    /// beside, so two agents' first revisions of one fault never open two merged incidents.
    /// </summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Begins a write of what on-call was told (<see cref="RecordAlertAsync"/>): nothing there
    /// decides a merge, so a store whose writers queue on one lock may let it pass beside them, and
    /// an alert is recorded at once during a burst of pushes. By default, a write like any other.
    /// </summary>
    protected virtual Task<DbTransaction> BeginAlertWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, cancellationToken);

    /// <summary>
    /// Tells the other replicas, on commit of <paramref name="transaction"/>, what it changed; the
    /// announcer tells this replica (<see cref="IncidentStoreChanges"/>). Nothing to do for a store
    /// that only one collector uses.
    /// </summary>
    protected virtual Task NotifyAsync(DbConnection connection, DbTransaction transaction, StoredChange change, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Creates or upgrades the schema to the version this collector writes.</summary>
    protected abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>A command with its parameters; null values are sent as SQL NULL.</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async Task<RevisionOutcome> SaveOneAsync(Write write, AgentIdentity agent, IncidentRevision revision, int index, string receivedAt)
    {
        var storedKey = await write.ScalarAsync(
            "SELECT idempotency_key FROM revisions WHERE incident_id = @id AND revision = @revision",
            ("id", revision.IncidentId),
            ("revision", revision.Revision)) as string;
        if (storedKey is not null)
        {
            return storedKey == revision.IdempotencyKey
                ? RevisionOutcome.Duplicate
                : throw new RevisionConflictException(
                    $"revisions[{index}]: incident '{revision.IncidentId}' revision {revision.Revision} is already stored "
                    + $"with idempotency key '{storedKey}', not '{revision.IdempotencyKey}'; a revision number must not be reused");
        }

        await CheckHistoryAsync(write, agent, revision, index);
        await write.ExecuteAsync(
            """
            INSERT INTO revisions (incident_id, revision, idempotency_key, agent_id, host, received_at, payload)
            VALUES (@id, @revision, @key, @agent, @host, @received, @payload)
            """,
            ("id", revision.IncidentId),
            ("revision", revision.Revision),
            ("key", revision.IdempotencyKey),
            ("agent", agent.AgentId),
            ("host", agent.Host),
            ("received", receivedAt),
            ("payload", revision.ToByteArray()));

        var latest = await write.ScalarAsync("SELECT latest_revision FROM incidents WHERE incident_id = @id", ("id", revision.IncidentId));
        if (latest is not null and not DBNull && Convert.ToInt64(latest, CultureInfo.InvariantCulture) >= revision.Revision)
        {
            return RevisionOutcome.Stale;
        }

        var mergedId = latest is null or DBNull ? await JoinMergedIncidentAsync(write, agent.Site, revision) : null;
        await UpsertIncidentAsync(write, agent.Site, revision, mergedId);
        return RevisionOutcome.Stored;
    }

    /// <summary>
    /// A new revision joins its incident's history only when the pushing agent is the one that
    /// opened it, and the history is under <see cref="MaxRevisionsPerIncident"/>.
    /// </summary>
    private async Task CheckHistoryAsync(Write write, AgentIdentity agent, IncidentRevision revision, int index)
    {
        await using var command = Command(
            write.Connection,
            write.Transaction,
            "SELECT COUNT(*), MIN(agent_id) FROM revisions WHERE incident_id = @id",
            ("id", revision.IncidentId));
        await using var reader = await command.ExecuteReaderAsync(write.CancellationToken);
        await reader.ReadAsync(write.CancellationToken);
        var count = reader.GetInt64(0);
        if (count == 0)
        {
            return;
        }

        var owner = reader.GetString(1);
        if (owner != agent.AgentId)
        {
            throw new IncidentOwnerException(
                $"revisions[{index}]: incident '{revision.IncidentId}' was opened by agent '{owner}'; agent '{agent.AgentId}' may add revisions only to its own incidents");
        }

        if (count >= MaxRevisionsPerIncident)
        {
            throw new RevisionLimitException(
                $"revisions[{index}]: incident '{revision.IncidentId}' already has {count} revisions, the most Collector:Limits:MaxRevisionsPerIncident allows ({MaxRevisionsPerIncident}); revision {revision.Revision} is refused");
        }
    }

    /// <summary>
    /// The merged incident a new agent incident belongs to: the earliest-opened incident of the
    /// same site, root entity and kind whose onset is within the window and which was not resolved
    /// before this one opened; a new merged incident otherwise.
    /// </summary>
    private async Task<string> JoinMergedIncidentAsync(Write write, string site, IncidentRevision revision)
    {
        var onset = revision.OpenedAt.ToDateTimeOffset();
        var existing = await write.ScalarAsync(
            """
            SELECT merged_id FROM incidents
            WHERE site = @site AND root_entity = @entity AND root_kind = @kind
              AND opened_at >= @from AND opened_at <= @to
              AND (resolved_at IS NULL OR resolved_at >= @onset)
            ORDER BY opened_at, incident_id
            LIMIT 1
            """,
            ("site", site),
            ("entity", revision.RootCause.Entity),
            ("kind", revision.RootCause.Kind),
            ("from", StoredTime.Of(onset - _merging.OnsetWindow)),
            ("to", StoredTime.Of(onset + _merging.OnsetWindow)),
            ("onset", StoredTime.Of(onset))) as string;
        if (existing is not null)
        {
            return existing;
        }

        await write.ExecuteAsync(
            """
            INSERT INTO merged_incidents (merged_id, site, root_entity, root_kind, opened_at)
            VALUES (@id, @site, @entity, @kind, @opened)
            """,
            ("id", revision.IncidentId),
            ("site", site),
            ("entity", revision.RootCause.Entity),
            ("kind", revision.RootCause.Kind),
            ("opened", StoredTime.Of(onset)));
        return revision.IncidentId;
    }

    private static Task UpsertIncidentAsync(Write write, string site, IncidentRevision revision, string? mergedId) =>
        write.ExecuteAsync(
            """
            INSERT INTO incidents (incident_id, latest_revision, state, severity, title, opened_at, recovered_at,
                                   resolved_at, affected_users_max, root_entity, root_kind, updated_at, payload,
                                   site, merged_id)
            VALUES (@id, @revision, @state, @severity, @title, @opened, @recovered,
                    @resolved, @users, @rootEntity, @rootKind, @updated, @payload, @site, @merged)
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
            """,
            ("id", revision.IncidentId),
            ("revision", revision.Revision),
            ("state", IncidentWords.Of(revision.State)),
            ("severity", IncidentWords.Of(revision.Severity)),
            ("title", revision.Title),
            ("opened", StoredTime.Of(revision.OpenedAt.ToDateTimeOffset())),
            ("recovered", OptionalTime(revision.RecoveredAt)),
            ("resolved", OptionalTime(revision.ResolvedAt)),
            ("users", revision.AffectedUsersMax),
            ("rootEntity", revision.RootCause?.Entity ?? ""),
            ("rootKind", revision.RootCause?.Kind ?? ""),
            ("updated", StoredTime.Of(revision.UpdatedAt.ToDateTimeOffset())),
            ("payload", revision.ToByteArray()),
            ("site", site),
            ("merged", mergedId ?? revision.IncidentId));

    private static string? OptionalTime(Google.Protobuf.WellKnownTypes.Timestamp? time) =>
        time is null ? null : StoredTime.Of(time.ToDateTimeOffset());

    private void EnsureInitialized()
    {
        if (!_initialized)
        {
            throw new InvalidOperationException($"The store {Description} is used before InitializeAsync.");
        }
    }

    /// <summary>One write in progress: its connection, transaction and cancellation.</summary>
    private sealed record Write(DbConnection Connection, DbTransaction Transaction, CancellationToken CancellationToken)
    {
        public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
        {
            await using var command = Command(Connection, Transaction, sql, parameters);
            return await command.ExecuteScalarAsync(CancellationToken);
        }

        public async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
        {
            await using var command = Command(Connection, Transaction, sql, parameters);
            await command.ExecuteNonQueryAsync(CancellationToken);
        }
    }
}
