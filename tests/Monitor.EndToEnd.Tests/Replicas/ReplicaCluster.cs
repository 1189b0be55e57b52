using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Monitor.Collector.Tests.Store;
using Monitor.Contracts.V1;
using Npgsql;

namespace Monitor.EndToEnd.Tests.Replicas;

/// <summary>
/// Two collector replicas (real processes) on one fresh database of the private PostgreSQL
/// server, alerting the same <see cref="WebhookCounter"/>; and what the test reads straight from
/// the database (what is stored, how incidents merged).
/// </summary>
internal sealed class ReplicaCluster : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private ReplicaCluster(PostgresServer server, string connectionString, ReplicaCollector first, ReplicaCollector second)
    {
        _server = server;
        ConnectionString = connectionString;
        First = first;
        Second = second;
    }

    public string ConnectionString { get; }

    public ReplicaCollector First { get; }

    public ReplicaCollector Second { get; }

    public static async Task<ReplicaCluster> StartAsync(PostgresServer server, string directory, WebhookCounter hooks, ReplicaTimings timings)
    {
        var connectionString = await server.CreateDatabaseAsync();
        var starting = new[] { "replica-1", "replica-2" }
            .Select(name => ReplicaCollector.StartAsync(name, Path.Combine(directory, name), connectionString, hooks, timings))
            .ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                started.Result.Dispose();
            }

            throw;
        }

        return new ReplicaCluster(server, connectionString, starting[0].Result, starting[1].Result);
    }

    /// <summary>The replica that took the alert lease first, once one has.</summary>
    public async Task<ReplicaCollector> HolderAsync(TimeSpan bound)
    {
        await Task.WhenAny(
            First.Program.WaitForLineAsync(ReplicaCollector.LeaseTaken, bound),
            Second.Program.WaitForLineAsync(ReplicaCollector.LeaseTaken, bound));
        var holders = new[] { First, Second }.Where(r => r.TookLease).ToList();
        Assert.True(holders.Count == 1, $"expected one replica to take the alert lease, not {holders.Count}:\n{First.Program.Tail()}\n{Second.Program.Tail()}");
        return holders[0];
    }

    public ReplicaCollector Other(ReplicaCollector replica) => replica == First ? Second : First;

    /// <summary>The idempotency key of every stored revision, as often as it is stored.</summary>
    public async Task<List<string>> StoredKeysAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT idempotency_key FROM revisions", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>The merged incidents, by id, with their agent incidents.</summary>
    public async Task<Dictionary<string, List<string>>> MergedAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT merged_id, incident_id FROM incidents ORDER BY incident_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var merged = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            if (!merged.TryGetValue(id, out var members))
            {
                merged[id] = members = [];
            }

            members.Add(reader.GetString(1));
        }

        return merged;
    }

    /// <summary>
    /// Pushes one open incident <paramref name="incidentId"/> straight through the gRPC API of
    /// <paramref name="replica"/> (as an agent of its own) and returns once it is acknowledged stored.
    /// </summary>
    public static async Task PushOpenIncidentAsync(ReplicaCollector replica, string incidentId)
    {
        using var channel = GrpcChannel.ForAddress(replica.GrpcAddress);
        var client = new IncidentIngest.IncidentIngestClient(channel);
        var agent = new AgentIdentity { AgentId = "sentinel.cty", Host = "sentinel", Site = "cty", AgentVersion = "test" };
        var opened = new DateTimeOffset(2025, 2, 3, 4, 5, 0, TimeSpan.Zero);
        var revision = new IncidentRevision
        {
            IncidentId = incidentId,
            Revision = 1,
            IdempotencyKey = $"{incidentId}/1",
            Agent = agent,
            State = IncidentState.Open,
            Severity = Severity.Critical,
            Title = $"{incidentId}: controller stopped",
            OpenedAt = Timestamp.FromDateTimeOffset(opened),
            UpdatedAt = Timestamp.FromDateTimeOffset(opened.AddMinutes(1)),
            RootCause = new Finding { Entity = $"ctl-{incidentId}", Kind = "controller_failed", Severity = Severity.Critical },
            AffectedUsersMax = 10,
        };
        var reply = await client.PushRevisionsAsync(new PushRevisionsRequest { Agent = agent, Revisions = { revision } }, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(AckOutcome.Stored, Assert.Single(reply.Acknowledgements).Outcome);
    }

    public async ValueTask DisposeAsync()
    {
        First.Dispose();
        Second.Dispose();
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
