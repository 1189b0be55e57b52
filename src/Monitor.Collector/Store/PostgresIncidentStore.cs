using System.Data.Common;
using Monitor.Collector.Merging;
using Npgsql;

namespace Monitor.Collector.Store;

/// <summary>
/// The store for sites that run several collector replicas on one PostgreSQL database. Writers
/// serialise on a transaction-scoped advisory lock, so merging decisions are the same whichever
/// replica an agent reaches.
/// </summary>
public sealed class PostgresIncidentStore : SqlIncidentStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _description;

    /// <summary>Creates the store for <paramref name="connectionString"/>; nothing is opened until <see cref="SqlIncidentStore.InitializeAsync"/>.</summary>
    public PostgresIncidentStore(string connectionString, TimeProvider timeProvider, MergingOptions merging)
        : base(timeProvider, merging)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _description = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <inheritdoc />
    public override string Description => _description;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    /// <inheritdoc />
    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await PostgresMigrations.ApplyAsync(connection, cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = Command(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresMigrations.LockKey})");
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }
}
