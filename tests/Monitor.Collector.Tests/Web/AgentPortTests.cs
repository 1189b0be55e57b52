using System.Net;

namespace Monitor.Collector.Tests.Web;

/// <summary>The agents' port serves the push only: the pages and the API answer on the web port alone.</summary>
public sealed class AgentPortTests
{
    [Theory]
    [InlineData("/api/incidents")]
    [InlineData("/metrics")]
    [InlineData("/healthz")]
    [InlineData("/")]
    public async Task AgentsPort_WebPathOverHttp2_IsNotFoundAndNamesTheWebPort(string path)
    {
        await using var collector = await RunningCollector.StartAsync();
        using var http = collector.Client(collector.OnCall);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(collector.GrpcAddress, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Collector:HttpListen", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentsPort_Push_StillServed()
    {
        await using var collector = await RunningCollector.StartAsync();

        var reply = await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1)));

        Assert.Single(reply.Acknowledgements);
    }
}
