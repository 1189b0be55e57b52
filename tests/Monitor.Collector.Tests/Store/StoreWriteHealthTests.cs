using System.Net;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Monitor.Collector.Tests.Store;

/// <summary>/healthz tells when the store takes no writes although it still answers reads.</summary>
public sealed class StoreWriteHealthTests
{
    [Fact]
    public async Task Healthz_PushesFailWithDiskFull_IsUnavailableWithTheDatabasesMessageUntilAWriteGoesThrough()
    {
        // Issue 13: /healthz said "ok" while every push failed with "database or disk is full".
        await using var collector = await RunningCollector.StartAsync();
        await Execute(collector, "CREATE TRIGGER disk_full BEFORE INSERT ON revisions BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1))));
        using var failing = await collector.Http.GetAsync("/healthz");
        var body = await failing.Content.ReadAsStringAsync();
        await Execute(collector, "DROP TRIGGER disk_full;");
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1)));
        using var recovered = await collector.Http.GetAsync("/healthz");

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
        Assert.StartsWith("unavailable: store: writes fail since ", body, StringComparison.Ordinal);
        Assert.Contains("database or disk is full", body, StringComparison.Ordinal);
        Assert.Equal("ok\n", await recovered.Content.ReadAsStringAsync());
    }

    private static async Task Execute(RunningCollector collector, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={collector.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
