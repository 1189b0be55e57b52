using Npgsql;

namespace Monitor.Collector.Store;

/// <summary>
/// Leases as rows of <c>leases</c>: taken or renewed by one atomic upsert that succeeds only
/// when the row is free, expired or the caller's own. Expiry is by the database's clock
/// (<c>clock_timestamp()</c>), the one clock every replica shares.
/// </summary>
public sealed partial class PostgresIncidentStore : ILeaseStore
{
    /// <inheritdoc />
    public async Task<bool> TryHoldLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, clock_timestamp() + @duration)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < clock_timestamp()
            RETURNING holder
            """,
            connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("holder", holder);
        command.Parameters.AddWithValue("duration", duration);
        return await command.ExecuteScalarAsync(cancellationToken) is string;
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM leases WHERE name = @name AND holder = @holder", connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("holder", holder);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<string?> LeaseHolderAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT holder FROM leases WHERE name = @name AND expires_at >= clock_timestamp()", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
