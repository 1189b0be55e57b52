using Grpc.Core;
using Monitor.Collector.Tests.Store;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>
/// The database fails under the collector: the push is answered UNAVAILABLE with the store's
/// error, which the agent retries (keeping the revisions), not gRPC's bare "Exception was thrown
/// by handler", and the refusal is counted.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreUnavailableTests(PostgresServer postgres)
{
    [Fact]
    public async Task Push_DatabaseDroppedUnderTheCollector_UnavailableNamingTheStore()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var collector = await RunningCollector.StartAsync(
            "--Collector:Store:Kind=postgresql",
            $"--Collector:Store:ConnectionString={connectionString}");
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1)));

        await postgres.DropDatabaseAsync(connectionString);
        var error = await Assert.ThrowsAsync<RpcException>(
            async () => await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(2))));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith("the incident store cannot take the push now (", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("retry later", error.Status.Detail, StringComparison.Ordinal);
        var metrics = await collector.Http.GetStringAsync("/metrics");
        Assert.Contains("monitor_collector_pushes_refused_total{reason=\"store_unavailable\"} 1", metrics, StringComparison.Ordinal);
    }
}
