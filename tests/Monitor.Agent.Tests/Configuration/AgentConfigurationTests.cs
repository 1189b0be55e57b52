using Microsoft.Extensions.DependencyInjection;
using Monitor.Agent.Configuration;
using Monitor.Agent.Delivery;

namespace Monitor.Agent.Tests.Configuration;

/// <summary>A wrong configuration stops the agent with a message naming the key, the value and what is expected.</summary>
public sealed class AgentConfigurationTests
{
    private static string[] Replay(params string[] extra) =>
        ["replay", RepositoryPaths.Scenario("cty-2017"), "--speed", "0", "--Agent:Collector:Address=", .. extra];

    [Fact]
    public void Build_ValidReplay_Builds()
    {
        using var host = AgentApplication.Build(Replay(), TextWriter.Null);

        Assert.NotNull(host.Services);
    }

    [Theory]
    [InlineData("--Agent:Collector:Address=htp:/nowhere", "Agent:Collector:Address = 'htp:/nowhere'", "http:// or https://")]
    [InlineData("--Agent:Collector:BatchSize=0", "Agent:Collector:BatchSize = '0'", "from 1 to 10000")]
    [InlineData("--Agent:Collector:MaxMessageBytes=1000", "Agent:Collector:MaxMessageBytes = '1000'", "from 65536 to 268435456 bytes")]
    [InlineData("--Agent:Collector:Failover:0=http://127.0.0.1:50052", "Agent:Collector:Address = ''", "the primary collector's address")]
    [InlineData("--Agent:Sources:Replay:Speed=-3", "Agent:Sources:Replay:Speed = '-3'", "positive speed-up factor")]
    [InlineData("--Agent:Detection:OverloadRatio=0", "Agent:Detection:OverloadRatio = '0'", "between 0.1 and 10")]
    [InlineData("--Agent:Incidents:QuietPeriod=8.00:00:00", "Agent:Incidents:QuietPeriod = '8.00:00:00'", "between 00:00:00 and 7.00:00:00")]
    [InlineData("--Agent:Detection:QuietPeriod=00:30:00", "Agent:Detection:QuietPeriod", "is not a known setting any more: it moved to Agent:Incidents:QuietPeriod")]
    public void Build_OutOfRangeValue_NamesKeyValueAndExpectation(string setting, string keyAndValue, string expectation)
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay(setting), TextWriter.Null));

        Assert.Contains(keyAndValue, error.Message, StringComparison.Ordinal);
        Assert.Contains(expectation, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CollectorWithFailover_OneChannelPerCollectorInOrder()
    {
        using var host = AgentApplication.Build(
            Replay("--Agent:Collector:Address=http://127.0.0.1:50051", "--Agent:Collector:Failover:0=http://127.0.0.1:50052", "--Agent:Collector:Failover:1=http://127.0.0.1:50053"),
            TextWriter.Null);

        var client = host.Services.GetRequiredService<CollectorClient>();

        Assert.Equal(["http://127.0.0.1:50051", "http://127.0.0.1:50052", "http://127.0.0.1:50053"], client.Addresses);
        Assert.Equal("http://127.0.0.1:50051", client.Current);
    }

    [Fact]
    public void Build_ClientCertificateFileMissing_StopsNamingTheKeyAndTheFile()
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(
            Replay("--Agent:Collector:Address=https://collector1:50051", "--Agent:Collector:CertificatePath=/nonexistent/mail01.cty.pem", "--Agent:Collector:KeyPath=/nonexistent/mail01.cty.key"),
            TextWriter.Null));

        Assert.Contains("Agent:Collector:CertificatePath = '/nonexistent/mail01.cty.pem': file not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("Agent:Collector:KeyPath = '/nonexistent/mail01.cty.key': file not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnknownKey_NamesIt()
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay("--Agent:Colector:Address=x"), TextWriter.Null));

        Assert.Contains("Colector", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ValueOfWrongType_NamesKeyAndValue()
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay("--Agent:Collector:Deadline=soon"), TextWriter.Null));

        Assert.Contains("Agent:Collector:Deadline", error.Message, StringComparison.Ordinal);
        Assert.Contains("'soon'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TopologyWithUnknownController_NamesThePlaceInTheFile()
    {
        using var dir = new TemporaryDirectory();
        var topology = File.ReadAllText(Path.Combine(RepositoryPaths.Scenario("cty-2017"), "topology.json"))
            .Replace("\"controller\": \"ctl-b\"", "\"controller\": \"ctl-z\"", StringComparison.Ordinal);
        var path = dir.Write("topology.json", topology);

        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay($"--Agent:TopologyPath={path}"), TextWriter.Null));

        Assert.Contains("paths[1].controller", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ctl-z'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingTopology_SaysFileNotFound()
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay("--Agent:TopologyPath=/nonexistent/topology.json"), TextWriter.Null));

        Assert.Contains("Agent:TopologyPath = '/nonexistent/topology.json': file not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ConfigFileThatIsNotJson_SaysSo()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("agent.json", "{ \"Agent\": { \"AgentId\": ");

        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(["replay", RepositoryPaths.Scenario("cty-2017"), "--config", path], TextWriter.Null));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepositoryAgentJson_IsValid()
    {
        var config = Path.Combine(RepositoryPaths.Root, "config", "agent.json");

        using var host = AgentApplication.Build(
            ["run", "--config", config, $"--Agent:TopologyPath={Path.Combine(RepositoryPaths.Root, "config", "topology.json")}", "--Agent:Http:Listen="],
            TextWriter.Null);

        Assert.NotNull(host);
    }
}
