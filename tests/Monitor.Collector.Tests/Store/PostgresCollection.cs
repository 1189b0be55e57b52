namespace Monitor.Collector.Tests.Store;

/// <summary>Tests that share the one PostgreSQL server of the run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
