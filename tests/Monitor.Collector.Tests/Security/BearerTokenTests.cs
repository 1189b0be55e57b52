using Grpc.Core;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Security;

/// <summary>
/// Agents of a site that cannot run mutual TLS push with a bearer token
/// (Collector:Agents:&lt;id&gt;:TokenFile), beside agents with certificates.
/// </summary>
public sealed class BearerTokenTests : IClassFixture<SiteCertificates>, IDisposable
{
    private const string Mail05Token = "c8f1e0b4a9d2437e8b6f5a1c0d3e2f47";
    private const string Mail06Token = "0a9b8c7d6e5f40312233445566778899";

    private readonly SiteCertificates _certificates;
    private readonly TemporaryDirectory _directory = new();

    public BearerTokenTests(SiteCertificates certificates)
    {
        _certificates = certificates;
        File.WriteAllText(_directory.File("mail05.token"), Mail05Token + "\n");
        File.WriteAllText(_directory.File("mail06.token"), Mail06Token);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Push_WithItsOwnToken_IsStoredUnderTheConfiguredSite()
    {
        await using var collector = await StartAsync();
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, token: Mail05Token);
        var identity = Agent("mail05");
        identity.Site = "";

        var reply = await agent.PushAsync(CtyFixture.Push(identity, CtyFixture.AsHost("mail05").Take(2)));

        Assert.Equal([AckOutcome.Stored, AckOutcome.Stored], reply.Acknowledgements.Select(a => a.Outcome));
        Assert.Equal("cty-tokai", Assert.Single(await collector.Views.ListAsync(default)).Record.Site);
    }

    [Fact]
    public async Task Push_ManyWithItsToken_IsNoFailedWebSignInAndOnCallFromTheSameAddressSignsIn()
    {
        // Found by the chaos suite: the web sign-in read each push's agent token as an unknown web
        // token, and after five pushes answered 429 to everyone from the agents' address.
        await using var collector = await StartAsync();
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, token: Mail05Token);
        var identity = Agent("mail05");
        identity.Site = "";
        for (var push = 0; push < 8; push++)
        {
            await agent.PushAsync(CtyFixture.Push(identity, CtyFixture.AsHost("mail05").Take(1)));
        }

        using var onCall = collector.Client(collector.OnCall);
        using var page = await onCall.GetAsync("/");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("monitor_collector_sign_in_failures_total 0\n", await onCall.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_WrongToken_IsUnauthenticatedAndNeverQuotesIt()
    {
        await using var collector = await StartAsync();
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, token: "not-a-token-of-anyone-here");

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(Agent("mail05"), CtyFixture.AsHost("mail05").Take(1))));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("the bearer token is not the token of any agent in Collector:Agents (TokenFile); check the agent's token file", error.Status.Detail);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
        Assert.Contains("monitor_collector_pushes_refused_total{reason=\"unauthenticated\"} 1\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_TokenOfAgentAUsedToPushAsB_IsDeniedAndStoresNothing()
    {
        await using var collector = await StartAsync();
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, token: Mail05Token);

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(Agent("mail06"), CtyFixture.AsHost("mail06").Take(1))));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("agent 'mail06.cty' pushed with the bearer token of 'mail05.cty'; an agent pushes only under its own identity", error.Status.Detail);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
    }

    [Fact]
    public async Task Push_NeitherCertificateNorToken_IsUnauthenticated()
    {
        await using var collector = await StartAsync();
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca);

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(Agent("mail05"), CtyFixture.AsHost("mail05").Take(1))));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("no client certificate and no bearer token; this collector accepts a client certificate", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_CertificateBesideTokens_IsStillAccepted()
    {
        await using var collector = await StartAsync("--Collector:Agents:mail01.cty:Site=cty");
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Agent("mail01.cty"));

        var reply = await agent.PushAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(1)));

        Assert.Equal(AckOutcome.Stored, Assert.Single(reply.Acknowledgements).Outcome);
    }

    [Fact]
    public async Task Push_CertificateFromAnotherCaBesideTokens_IsStillRefusedAtTheHandshake()
    {
        await using var collector = await StartAsync();
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Stranger("mail01.cty"), token: Mail05Token);

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(Agent("mail05"), CtyFixture.AsHost("mail05").Take(1))));

        HandshakeRefusal.AssertRefused(error);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
    }

    private static AgentIdentity Agent(string host) => CtyFixture.AgentOn(host);

    private Task<RunningCollector> StartAsync(params string[] more) => RunningCollector.StartAsync(
    [
        .. _certificates.MutualTls,
        $"--Collector:Agents:mail05.cty:TokenFile={_directory.File("mail05.token")}",
        "--Collector:Agents:mail05.cty:Site=cty-tokai",
        $"--Collector:Agents:mail06.cty:TokenFile={_directory.File("mail06.token")}",
        .. more,
    ]);
}
