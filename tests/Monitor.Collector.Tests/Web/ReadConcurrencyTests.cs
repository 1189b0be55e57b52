using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector.Configuration;
using Monitor.Collector.Store;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Web;

/// <summary>Pages and the API render a bounded number of requests at once; health, metrics and pushes never wait behind them.</summary>
public sealed class ReadConcurrencyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Get_MoreReadersThanTheLimitAndItsQueue_TellsTheRest503RetryAfterAndCountsThem()
    {
        using var sqlite = new SqliteIncidentStore(_directory.File("held.db"), TimeProvider.System, new MergingOptions());
        var held = new HeldStore(sqlite);
        await using var collector = await RunningCollector.StartAsync(
            services => services.AddSingleton<IIncidentStore>(held),
            "--Collector:Web:MaxConcurrentReads=1");
        using var reader = collector.Client(collector.ReadOnlyToken);

        // One request renders (held in the store), eight wait in the queue, the tenth is refused.
        held.Hold();
        HttpResponseMessage refused, health;
        string metrics;
        PushRevisionsReply pushed;
        HttpResponseMessage[] answered;
        var first = reader.GetAsync("/api/incidents");
        var others = new List<Task<HttpResponseMessage>>();
        try
        {
            await held.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            others.AddRange(Enumerable.Range(0, 9).Select(_ => reader.GetAsync("/api/incidents")));
            refused = await await Task.WhenAny(others).WaitAsync(TimeSpan.FromSeconds(30));
            health = await reader.GetAsync("/healthz");
            metrics = await reader.GetStringAsync("/metrics");
            pushed = await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1)));
        }
        finally
        {
            held.Release();
            answered = await Task.WhenAll(others.Append(first));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Collector:Web:MaxConcurrentReads", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("monitor_collector_reads_refused_total 1", metrics, StringComparison.Ordinal);
        Assert.Single(pushed.Acknowledgements);
        Assert.Equal(1, answered.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(9, answered.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, held.Entries);
        foreach (var response in answered.Append(health))
        {
            response.Dispose();
        }
    }
}
