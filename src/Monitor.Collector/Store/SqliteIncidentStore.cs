using System.Data.Common;
using Microsoft.Data.Sqlite;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Store;

/// <summary>
/// The embedded store for a small site: one SQLite file in WAL mode, so the web pages read
/// while an agent's batch is written. Every write is one <c>BEGIN IMMEDIATE</c> transaction.
/// </summary>
public sealed class SqliteIncidentStore : SqlIncidentStore, IDisposable
{
    private readonly string _databasePath;
    private readonly string _connectionString;

    /// <summary>Creates the store for <paramref name="databasePath"/> with the default merge window.</summary>
    public SqliteIncidentStore(string databasePath, TimeProvider timeProvider)
        : this(databasePath, timeProvider, new MergingOptions())
    {
    }

    /// <summary>Creates the store for <paramref name="databasePath"/>; nothing is opened until <see cref="SqlIncidentStore.InitializeAsync"/>.</summary>
    public SqliteIncidentStore(string databasePath, TimeProvider timeProvider, MergingOptions merging)
        : base(timeProvider, merging)
    {
        _databasePath = Path.GetFullPath(databasePath);
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
    public override string Description => _databasePath;

    /// <summary>Closes the pooled connections, so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <inheritdoc />
    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(_databasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = (SqliteConnection)await OpenAsync(cancellationToken);
        using (var command = connection.CreateCommand())
        {
            // WAL is remembered by the file; readers then never wait for the writer.
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteScalarAsync(cancellationToken);
        }

        SqliteMigrations.Apply(connection);
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
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

    /// <inheritdoc />
    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
}
