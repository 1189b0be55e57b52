using System.Data.Common;
using Npgsql;

namespace Monitor.Collector.Store;

/// <summary>
/// What one replica commits, the others hear: every write transaction sends a notification on
/// <see cref="ChangesChannel"/> (PostgreSQL delivers it on commit, and not at all on rollback),
/// one per incident changed, marked with the replica that wrote it.
/// </summary>
public sealed partial class PostgresIncidentStore
{
    /// <summary>The LISTEN/NOTIFY channel of committed changes.</summary>
    public const string ChangesChannel = "monitor_changes";

    /// <summary>This process's mark on its own notifications, so it does not hear itself twice.</summary>
    public string ReplicaId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Listens on <see cref="ChangesChannel"/> and calls <paramref name="changed"/> for each change
    /// another replica committed, until <paramref name="cancellationToken"/> is cancelled or the
    /// connection fails (thrown: the caller listens again). <paramref name="listening"/> is called
    /// once the LISTEN is in place: changes committed from then on are heard.
    /// </summary>
    public async Task ListenAsync(Action<StoredChange> changed, Action listening, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, notification) =>
        {
            if (Parse(notification.Payload) is { } change)
            {
                changed(change);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {ChangesChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        listening();
        while (true)
        {
            if (!await connection.WaitAsync(keepAlive, cancellationToken))
            {
                // Quiet for a while: a query proves the connection still stands (a cut one throws).
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task NotifyAsync(DbConnection connection, DbTransaction transaction, StoredChange change, CancellationToken cancellationToken)
    {
        var kind = change.Kind == StoredChangeKind.Revisions ? "revisions" : "action";
        var payloads = change.IncidentIds.Select(id => $"{ReplicaId}\t{kind}\t{id}").ToArray();
        await using var command = Command(
            connection,
            transaction,
            $"SELECT pg_notify('{ChangesChannel}', payload) FROM unnest(@payloads) AS payload",
            ("payloads", payloads));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The change a notification names, or null for this replica's own (already announced here) and for payloads this version does not know.</summary>
    private StoredChange? Parse(string payload)
    {
        var parts = payload.Split('\t', 3);
        if (parts.Length != 3 || parts[0] == ReplicaId)
        {
            return null;
        }

        return parts[1] switch
        {
            "revisions" => new StoredChange(StoredChangeKind.Revisions, [parts[2]]),
            "action" => new StoredChange(StoredChangeKind.Action, [parts[2]]),
            _ => null,
        };
    }
}
