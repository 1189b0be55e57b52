using System.Data.Common;
using Monitor.Collector.Configuration;
using Npgsql;

namespace Monitor.Collector.Store;

/// <summary>
/// The store for sites that run several collector replicas on one PostgreSQL database. Writers
/// serialise on a transaction-scoped advisory lock, so merging decisions are the same whichever
/// replica an agent reaches. Each commit is announced to the other replicas (LISTEN/NOTIFY,
/// <see cref="ReplicaChanges"/>), and the alert lease lives here too (<see cref="ILeaseStore"/>).
/// </summary>
public sealed partial class PostgresIncidentStore : SqlIncidentStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _description;

    /// <summary>Creates the store for <paramref name="connectionString"/>; nothing is opened until <see cref="SqlIncidentStore.InitializeAsync"/>.</summary>
    public PostgresIncidentStore(string connectionString, TimeProvider timeProvider, MergingOptions merging)
        : base(timeProvider, merging)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!SetsPoolSize(connectionString))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        _description = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>
    /// Connections per collector unless the connection string says otherwise. Writers queue on one
    /// advisory lock anyway, so more connections only wait; Npgsql's default of 100 lets a burst of
    /// pushes (1,000 agents after an outage) exhaust a default server's max_connections of 100 and
    /// fail with "too many clients" instead of queueing in the pool.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

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

    /// <inheritdoc />
    /// <remarks>A plain transaction: the upsert of one row is atomic by its key, and need not wait behind a burst of pushes.</remarks>
    protected override async Task<DbTransaction> BeginAlertWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    private static bool SetsPoolSize(string connectionString)
    {
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>();
        return keys.Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase)
            || key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase));
    }
}
