using Microsoft.Extensions.Logging;
using Monitor.Agent.Clocks;
using Monitor.Agent.Delivery;
using Monitor.Agent.Outbox;
using Monitor.Agent.Revisions;
using Monitor.Agent.Telemetry;
using Monitor.Agent.Tests.Sources;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// The agent's delivery side as the application wires it: an outbox, the collector client (one
/// channel per collector) and the delivery worker, on a <see cref="DrivenClock"/>, with every log
/// line kept.
/// </summary>
internal sealed class DeliveryRig : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);
    private readonly ILoggerFactory _loggers;

    public DeliveryRig(CollectorEndpointOptions collector)
    {
        Clock = new DrivenClock(TimeSpan.FromSeconds(5));
        _loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Information));
        Credentials = CollectorCredentials.Load(collector);
        Outbox = new MemoryOutbox(Metrics);
        Client = new CollectorClient(collector, Credentials, new WallClock(Clock), Metrics, _loggers.CreateLogger<CollectorClient>());
        Options = new AgentOptions { AgentId = "mail01.cty", Host = "mail01", Site = "cty", Collector = collector };
        Worker = new DeliveryWorker(
            Outbox, Client, TestRevisions.Mapper(), collector, new WallClock(Clock), new AgentLifecycle(), Health, Metrics, _loggers.CreateLogger<DeliveryWorker>());
    }

    public DrivenClock Clock { get; }

    public CollectingLogger Logs { get; } = new();

    public AgentMetrics Metrics { get; } = new();

    public MemoryOutbox Outbox { get; }

    public DeliveryHealth Health { get; } = new();

    public CollectorCredentials Credentials { get; }

    public CollectorClient Client { get; }

    public AgentOptions Options { get; }

    public DeliveryWorker Worker { get; }

    /// <summary>Collector options for these addresses, the rest as the defaults.</summary>
    public static CollectorEndpointOptions Collectors(string address, params string[] failover) =>
        new() { Address = address, Failover = [.. failover] };

    public async Task AppendAsync(params IncidentRevision[] revisions)
    {
        foreach (var revision in revisions)
        {
            await Outbox.AppendAsync(revision, CancellationToken.None);
        }
    }

    /// <summary>One delivery round; bounded, never a wait for time to pass.</summary>
    public Task<TimeSpan> DeliverOnceAsync() => Worker.DeliverOnceAsync(CancellationToken.None).WaitAsync(Bound);

    /// <summary>A push straight through the collector client.</summary>
    public Task<PushRevisionsReply> PushAsync(params IncidentRevision[] revisions)
    {
        var request = new PushRevisionsRequest { Agent = TestRevisions.Agent };
        request.Revisions.AddRange(revisions);
        return Client.PushAsync(request, CancellationToken.None).WaitAsync(Bound);
    }

    public void Dispose()
    {
        Worker.Dispose();
        Client.Dispose();
        Credentials.Dispose();
        Clock.Dispose();
        _loggers.Dispose();
    }
}
