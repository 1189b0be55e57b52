using System.Net;
using Grpc.Core;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Security;

/// <summary>
/// Agents identified by client certificates (Collector:Tls:ClientCaPath), over real TLS on
/// loopback with certificates from deploy/make-certs.sh and a real Grpc.Net.Client channel.
/// </summary>
public sealed class MutualTlsTests : IClassFixture<SiteCertificates>
{
    private readonly SiteCertificates _certificates;

    public MutualTlsTests(SiteCertificates certificates)
    {
        _certificates = certificates;
    }

    [Fact]
    public async Task Push_ValidAgentCertificate_IsStoredUnderTheCertificatesSite()
    {
        await using var collector = await RunningCollector.StartAsync(_certificates.MutualTls);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Agent("mail01.cty"));

        var reply = await agent.PushAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(2)));

        Assert.Equal("https", collector.GrpcAddress.Scheme);
        Assert.Equal([AckOutcome.Stored, AckOutcome.Stored], reply.Acknowledgements.Select(a => a.Outcome));
        Assert.Equal("cty", Assert.Single(await collector.Views.ListAsync(default)).Record.Site);
    }

    [Fact]
    public async Task Push_AgentWithoutSiteOfItsOwn_IsStoredUnderTheCertificatesOu()
    {
        await using var collector = await RunningCollector.StartAsync(_certificates.MutualTls);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Agent("mail03.osk"));
        var identity = CtyFixture.AgentOn("mail03");
        identity.AgentId = "mail03.osk";
        identity.Site = "";

        await agent.PushAsync(CtyFixture.Push(identity, Revisions(identity)));

        Assert.Equal("osaka", Assert.Single(await collector.Views.ListAsync(default)).Record.Site);
    }

    [Fact]
    public async Task Push_NoClientCertificate_IsRefusedAtTheHandshakeAndStoresNothing()
    {
        await using var collector = await RunningCollector.StartAsync(_certificates.MutualTls);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca);

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(1))));

        HandshakeRefusal.AssertRefused(error);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
        Assert.Contains("monitor_collector_revisions_received_total 0\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_CertificateFromAnotherCa_IsRefusedAtTheHandshakeAndStoresNothing()
    {
        await using var collector = await RunningCollector.StartAsync(_certificates.MutualTls);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Stranger("mail01.cty"));

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(1))));

        HandshakeRefusal.AssertRefused(error);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
        var metrics = await collector.Http.GetStringAsync("/metrics");
        Assert.Contains("monitor_collector_revisions_received_total 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_UnderAnotherAgentsId_IsDeniedNamingBothAndStoresNothing()
    {
        await using var collector = await RunningCollector.StartAsync(_certificates.MutualTls);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Agent("mail02.cty"));

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(2))));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.StartsWith("agent 'mail01.cty' pushed with the client certificate of 'mail02.cty' (", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
        Assert.Contains("monitor_collector_pushes_refused_total{reason=\"permission_denied\"} 1\n", await collector.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_SiteOtherThanTheCertificatesOu_IsDeniedNamingBoth()
    {
        await using var collector = await RunningCollector.StartAsync(_certificates.MutualTls);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Agent("mail01.cty"));
        var identity = CtyFixture.Agent;
        identity.Site = "osaka";

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(identity, CtyFixture.Revisions.Take(1))));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("agent 'mail01.cty' says site 'osaka' but its client certificate (OU) says 'cty'; an agent pushes only under its own site", error.Status.Detail);
        Assert.Empty(await collector.Store.ListIncidentsAsync(default));
    }

    [Fact]
    public async Task Push_ConfiguredSiteOtherThanTheCertificatesOu_IsDeniedNamingTheKey()
    {
        await using var collector = await RunningCollector.StartAsync([.. _certificates.MutualTls, "--Collector:Agents:mail01.cty:Site=cty-tokai"]);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Agent("mail01.cty"));

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(1))));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("agent 'mail01.cty': Collector:Agents:mail01.cty:Site is 'cty-tokai' but its client certificate says OU=cty; one of them is wrong", error.Status.Detail);
    }

    [Fact]
    public async Task Push_ValidCertificateOfAnAgentNotInTheList_IsDenied()
    {
        await using var collector = await RunningCollector.StartAsync([.. _certificates.MutualTls, "--Collector:Agents:mail02.cty:Site=cty"]);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Agent("mail01.cty"));

        var error = await Assert.ThrowsAsync<RpcException>(() => agent.PushAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(1))));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("agent 'mail01.cty' is not in Collector:Agents; add it there (with its site) to accept its revisions", error.Status.Detail);
    }

    [Fact]
    public async Task WebEndpointOverHttps_WithoutClientCertificate_ServesHealth()
    {
        await using var collector = await RunningCollector.StartAsync([.. _certificates.MutualTls, "--Collector:HttpListen=https://127.0.0.1:0"]);
        using var http = new HttpClient(AgentChannel.Handler(_certificates.Ca)) { BaseAddress = collector.HttpAddress };

        using var response = await http.GetAsync("/healthz");

        Assert.Equal("https", collector.HttpAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static List<IncidentRevision> Revisions(AgentIdentity agent) => CtyFixture.Revisions.Take(1).Select(revision =>
    {
        revision.Agent = agent.Clone();
        return revision;
    }).ToList();
}
