using System.Security.Cryptography.X509Certificates;
using Monitor.Collector.Security;

namespace Monitor.Collector.Tests.Security;

/// <summary>What the handshake accepts as an agent's certificate: the site's CA only, for client authentication, within its validity.</summary>
public sealed class AgentCertificateChainTests : IClassFixture<SiteCertificates>
{
    private readonly SiteCertificates _certificates;
    private readonly X509Certificate2Collection _siteCa;

    public AgentCertificateChainTests(SiteCertificates certificates)
    {
        _certificates = certificates;
        _siteCa = [certificates.Ca];
    }

    [Fact]
    public void FindProblem_AgentCertificateOfTheSiteCa_IsNone()
    {
        Assert.Null(AgentCertificateChain.FindProblem(_certificates.Agent("mail01.cty"), _siteCa, null, TimeProvider.System.GetUtcNow()));
    }

    [Fact]
    public void FindProblem_CertificateOfAnotherCa_SaysWhoIssuedIt()
    {
        var problem = AgentCertificateChain.FindProblem(_certificates.Stranger("mail01.cty"), _siteCa, null, TimeProvider.System.GetUtcNow());

        Assert.StartsWith("it was not issued by the CA of Collector:Tls:ClientCaPath (issuer 'CN=Monitor agents CA", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_ServerCertificateOfTheSiteCa_IsNotForClients()
    {
        using var server = X509CertificateLoader.LoadCertificateFromFile(_certificates.CollectorCertificatePath);

        Assert.Equal(
            "it is not meant for client authentication (no extended key usage clientAuth)",
            AgentCertificateChain.FindProblem(server, _siteCa, null, TimeProvider.System.GetUtcNow()));
    }

    [Fact]
    public void FindProblem_AfterTheCertificateExpired_SaysWhen()
    {
        var agent = _certificates.Agent("mail01.cty");
        var later = new DateTimeOffset(agent.NotAfter.ToUniversalTime()).AddDays(1);

        var problem = AgentCertificateChain.FindProblem(agent, _siteCa, null, later);

        Assert.StartsWith($"it or its CA is not valid at {later.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z", problem, StringComparison.Ordinal);
    }
}
