using Microsoft.Data.Sqlite;

namespace Monitor.Collector.Store;

/// <summary>
/// The schema, one step per version. <c>PRAGMA user_version</c> records the last step applied;
/// each step runs in its own transaction with the version bump, so a crash leaves either the
/// old or the new schema, never half of one. Steps are only ever appended.
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>Version 1: revisions (the history) and incidents (the newest revision of each).</summary>
    private const string CreateRevisionsAndIncidents = """
        CREATE TABLE revisions (
            incident_id     TEXT    NOT NULL,
            revision        INTEGER NOT NULL,
            idempotency_key TEXT    NOT NULL,
            agent_id        TEXT    NOT NULL,
            host            TEXT    NOT NULL,
            received_at     TEXT    NOT NULL,
            payload         BLOB    NOT NULL,
            PRIMARY KEY (incident_id, revision)
        );

        CREATE TABLE incidents (
            incident_id        TEXT    NOT NULL PRIMARY KEY,
            latest_revision    INTEGER NOT NULL,
            state              TEXT    NOT NULL,
            severity           TEXT    NOT NULL,
            title              TEXT    NOT NULL,
            opened_at          TEXT    NOT NULL,
            recovered_at       TEXT,
            resolved_at        TEXT,
            affected_users_max INTEGER NOT NULL,
            root_entity        TEXT    NOT NULL,
            root_kind          TEXT    NOT NULL,
            updated_at         TEXT    NOT NULL,
            payload            BLOB    NOT NULL
        );

        CREATE INDEX incidents_by_opened_at ON incidents (opened_at DESC);
        """;

    /// <summary>
    /// Version 2: merged incidents (one fault seen by several agents) and on-call actions. Every
    /// incident stored before becomes its own merged incident, with an unknown site.
    /// </summary>
    private const string AddMergedIncidentsAndActions = """
        ALTER TABLE incidents ADD COLUMN site TEXT NOT NULL DEFAULT '';
        ALTER TABLE incidents ADD COLUMN merged_id TEXT NOT NULL DEFAULT '';
        UPDATE incidents SET merged_id = incident_id;

        CREATE TABLE merged_incidents (
            merged_id   TEXT NOT NULL PRIMARY KEY,
            site        TEXT NOT NULL,
            root_entity TEXT NOT NULL,
            root_kind   TEXT NOT NULL,
            opened_at   TEXT NOT NULL
        );
        INSERT INTO merged_incidents (merged_id, site, root_entity, root_kind, opened_at)
            SELECT incident_id, '', root_entity, root_kind, opened_at FROM incidents;

        CREATE INDEX incidents_by_merge_key ON incidents (site, root_entity, root_kind, opened_at);
        CREATE INDEX incidents_by_merged_id ON incidents (merged_id);
        CREATE INDEX merged_incidents_by_opened_at ON merged_incidents (opened_at DESC);

        CREATE TABLE incident_actions (
            seq       INTEGER PRIMARY KEY AUTOINCREMENT,
            merged_id TEXT NOT NULL,
            kind      TEXT NOT NULL,
            actor     TEXT NOT NULL,
            text      TEXT NOT NULL,
            at        TEXT NOT NULL
        );
        CREATE INDEX incident_actions_by_merged_id ON incident_actions (merged_id, seq);
        """;

    /// <summary>
    /// Version 3: what on-call was last told of each merged incident, so a restarted collector
    /// goes on from there instead of telling the webhooks again that every open incident fires.
    /// </summary>
    private const string AddAlertStates = """
        CREATE TABLE alert_states (
            merged_id      TEXT    NOT NULL PRIMARY KEY,
            firing         INTEGER NOT NULL,
            major_accident TEXT    NOT NULL,
            changes        INTEGER NOT NULL,
            sent_at        TEXT    NOT NULL
        );

        -- What was there before is taken as told: an upgrade alerts only what is open, once,
        -- as a restart did before, and never replays the resolved past.
        INSERT INTO alert_states (merged_id, firing, major_accident, changes, sent_at)
            SELECT merged_id, 0, 'unknown', 0, opened_at FROM merged_incidents;
        """;

    private static readonly string[] Steps = [CreateRevisionsAndIncidents, AddMergedIncidentsAndActions, AddAlertStates];

    /// <summary>The schema version this collector writes.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Applies the steps the database has not seen yet.</summary>
    public static void Apply(SqliteConnection connection)
    {
        var current = ReadVersion(connection);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database {connection.DataSource} has schema version {current}, newer than this collector knows ({LatestVersion}); "
                + "upgrade the collector or point Collector:DatabasePath at another file.");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;

            // PRAGMA takes no parameters; the version is an integer we produce ourselves.
            command.CommandText = Steps[version - 1] + $"\nPRAGMA user_version = {version};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>The schema version recorded in the database file; 0 for a new file.</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
