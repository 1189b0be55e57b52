using Npgsql;

namespace Monitor.Collector.Store;

/// <summary>
/// The PostgreSQL schema, one step per version, recorded in <c>schema_version</c>. Several
/// collector replicas may start at once: the steps run under an advisory lock, each in one
/// transaction with its version bump. Times are text in the "C" collation, so text order is
/// time order whatever the database's locale. Steps are only ever appended.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>Key of the advisory lock taken by migrations and by every write.</summary>
    public const long LockKey = 0x4d6f6e69746f72; // "Monitor"

    /// <summary>Version 1: the same tables as SQLite's version 2, in PostgreSQL's types.</summary>
    private const string CreateSchema = """
        CREATE TABLE revisions (
            incident_id     TEXT   NOT NULL,
            revision        BIGINT NOT NULL,
            idempotency_key TEXT   NOT NULL,
            agent_id        TEXT   NOT NULL,
            host            TEXT   NOT NULL,
            received_at     TEXT   COLLATE "C" NOT NULL,
            payload         BYTEA  NOT NULL,
            PRIMARY KEY (incident_id, revision)
        );

        CREATE TABLE incidents (
            incident_id        TEXT   NOT NULL PRIMARY KEY,
            latest_revision    BIGINT NOT NULL,
            state              TEXT   NOT NULL,
            severity           TEXT   NOT NULL,
            title              TEXT   NOT NULL,
            opened_at          TEXT   COLLATE "C" NOT NULL,
            recovered_at       TEXT   COLLATE "C",
            resolved_at        TEXT   COLLATE "C",
            affected_users_max BIGINT NOT NULL,
            root_entity        TEXT   NOT NULL,
            root_kind          TEXT   NOT NULL,
            updated_at         TEXT   COLLATE "C" NOT NULL,
            payload            BYTEA  NOT NULL,
            site               TEXT   NOT NULL DEFAULT '',
            merged_id          TEXT   NOT NULL
        );
        CREATE INDEX incidents_by_opened_at ON incidents (opened_at DESC);
        CREATE INDEX incidents_by_merge_key ON incidents (site, root_entity, root_kind, opened_at);
        CREATE INDEX incidents_by_merged_id ON incidents (merged_id);

        CREATE TABLE merged_incidents (
            merged_id   TEXT NOT NULL PRIMARY KEY,
            site        TEXT NOT NULL,
            root_entity TEXT NOT NULL,
            root_kind   TEXT NOT NULL,
            opened_at   TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX merged_incidents_by_opened_at ON merged_incidents (opened_at DESC);

        CREATE TABLE incident_actions (
            seq       BIGSERIAL PRIMARY KEY,
            merged_id TEXT NOT NULL,
            kind      TEXT NOT NULL,
            actor     TEXT NOT NULL,
            text      TEXT NOT NULL,
            at        TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX incident_actions_by_merged_id ON incident_actions (merged_id, seq);
        """;

    /// <summary>
    /// Version 2: what on-call was last told of each merged incident (shared by the replicas, so
    /// the one that takes alerting over goes on from there), and the alert lease: which replica
    /// sends alerts, until when by the database's clock.
    /// </summary>
    private const string AddAlertStatesAndLease = """
        CREATE TABLE alert_states (
            merged_id      TEXT   NOT NULL PRIMARY KEY,
            firing         BIGINT NOT NULL,
            major_accident TEXT   NOT NULL,
            changes        BIGINT NOT NULL,
            sent_at        TEXT   COLLATE "C" NOT NULL
        );

        -- What was there before is taken as told: an upgrade alerts only what is open, once,
        -- as a restart did before, and never replays the resolved past.
        INSERT INTO alert_states (merged_id, firing, major_accident, changes, sent_at)
            SELECT merged_id, 0, 'unknown', 0, opened_at FROM merged_incidents;

        CREATE TABLE leases (
            name       TEXT        NOT NULL PRIMARY KEY,
            holder     TEXT        NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL
        );
        """;

    private static readonly string[] Steps = [CreateSchema, AddAlertStatesAndLease];

    /// <summary>The schema version this collector writes.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Applies the steps the database has not seen yet.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var setup = new NpgsqlCommand(
            $"SELECT pg_advisory_lock({LockKey}); CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);",
            connection))
        {
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var current = await ReadVersionAsync(connection, cancellationToken);
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"The database {connection.Database} has schema version {current}, newer than this collector knows ({LatestVersion}); "
                    + "upgrade the collector or point Collector:Store:ConnectionString at another database.");
            }

            for (var version = current + 1; version <= LatestVersion; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var command = new NpgsqlCommand(
                    Steps[version - 1] + $"\nDELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({version});",
                    connection,
                    transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The schema version recorded in the database; 0 for a new one.</summary>
    public static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
