using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitor.Agent.Delivery;

namespace Monitor.Agent.Tests.Configuration;

/// <summary>A replay is a backtest: it pushes only to a collector its command line names.</summary>
public sealed class ReplayCollectorTests
{
    private const string SiteConfig = """
        { "Agent": { "Collector": { "Address": "http://127.0.0.1:50051", "Failover": [ "http://127.0.0.1:50052" ] } } }
        """;

    private static bool Delivers(IHost host) => host.Services.GetServices<IHostedService>().OfType<DeliveryWorker>().Any();

    [Fact]
    public void Build_ReplayWithoutCollector_IgnoresTheConfiguredCollector()
    {
        using var dir = new TemporaryDirectory();
        var config = dir.Write("agent.json", SiteConfig);

        using var host = AgentApplication.Build(["replay", RepositoryPaths.Scenario("cty-2017"), "--json", "--config", config], TextWriter.Null);

        Assert.False(Delivers(host));
        Assert.Empty(host.Services.GetRequiredService<CollectorEndpointOptions>().Addresses);
    }

    [Fact]
    public void Build_ReplayWithCollector_PushesThereWithTheRestOfTheConfiguredSection()
    {
        using var dir = new TemporaryDirectory();
        var config = dir.Write("agent.json", SiteConfig);

        using var host = AgentApplication.Build(["replay", RepositoryPaths.Scenario("cty-2017"), "--collector", "http://127.0.0.1:6000", "--config", config], TextWriter.Null);

        Assert.True(Delivers(host));
        Assert.Equal(["http://127.0.0.1:6000", "http://127.0.0.1:50052"], host.Services.GetRequiredService<CollectorEndpointOptions>().Addresses);
    }

    [Fact]
    public void Build_RunWithoutCollectorFlag_UsesTheConfiguredCollector()
    {
        using var dir = new TemporaryDirectory();
        var config = dir.Write("agent.json", SiteConfig);

        Assert.False(CommandLine.Parse(["run", "--config", config]).IgnoresConfiguredCollector);
        Assert.True(CommandLine.Parse(["replay", "dir", "--config", config]).IgnoresConfiguredCollector);
    }
}
