namespace Monitor.Collector.Configuration;

/// <summary>Which database the collector keeps incidents in, bound from <c>Collector:Store</c>.</summary>
public sealed class StoreOptions
{
    /// <summary>The embedded store in <see cref="CollectorOptions.DatabasePath"/>.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A PostgreSQL database shared by several collector replicas.</summary>
    public const string PostgreSql = "postgresql";

    /// <summary><c>sqlite</c> or <c>postgresql</c>. Default: <c>sqlite</c>.</summary>
    public string Kind { get; set; } = Sqlite;

    /// <summary>
    /// Npgsql connection string when <see cref="Kind"/> is <c>postgresql</c>, e.g.
    /// <c>Host=db1;Database=monitor;Username=monitor;Password=…</c> (better given by environment:
    /// <c>Collector__Store__ConnectionString</c>). Default: empty.
    /// </summary>
    public string ConnectionString { get; set; } = "";
}
