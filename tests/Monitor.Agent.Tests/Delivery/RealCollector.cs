using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector;
using Monitor.Collector.Store;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// The real collector (Monitor.Collector, in process) on plaintext h2c, with a fresh SQLite file:
/// a revision counts as delivered when it is in its store.
/// </summary>
internal sealed class RealCollector : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly WebApplication _app;

    private RealCollector(TemporaryDirectory directory, WebApplication app)
    {
        _directory = directory;
        _app = app;
        Address = CollectorApplication.BoundAddress(app).ToString();
    }

    /// <summary>Its gRPC address, e.g. "http://127.0.0.1:41234/".</summary>
    public string Address { get; }

    /// <summary>Starts a collector on <paramref name="port"/> of 127.0.0.1 (0: any free port).</summary>
    public static async Task<RealCollector> StartAsync(int port = 0)
    {
        var directory = new TemporaryDirectory();
        try
        {
            var config = directory.Write("collector.json", $$"""
                {
                  "Collector": {
                    "Listen": "http://127.0.0.1:{{port}}",
                    "HttpListen": "http://127.0.0.1:0",
                    "DatabasePath": "{{Path.Combine(directory.Path, "collector.db")}}",
                    "ReportDirectory": "{{Path.Combine(directory.Path, "reports")}}"
                  }
                }
                """);
            var app = CollectorApplication.Build(["--config", config, "--Logging:LogLevel:Default=Warning"]);
            await app.StartAsync();
            return new RealCollector(directory, app);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The idempotency keys of every revision stored, per incident in revision order.</summary>
    public async Task<IReadOnlyList<string>> StoredKeysAsync()
    {
        var store = _app.Services.GetRequiredService<IIncidentStore>();
        var keys = new List<string>();
        foreach (var incident in await store.ListIncidentsAsync(CancellationToken.None))
        {
            keys.AddRange((await store.GetRevisionsAsync(incident.IncidentId, CancellationToken.None)).Select(r => r.Revision.IdempotencyKey));
        }

        return keys;
    }

    /// <summary>The idempotency keys of every revision stored, in the order they arrived (SQLite's rowid).</summary>
    public async Task<IReadOnlyList<string>> ArrivalOrderAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory.Path, "collector.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key FROM revisions ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
