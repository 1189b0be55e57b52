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

    [Fact]
    public void FindProblem_CertificateWithoutExtendedKeyUsage_IsNotForClients()
    {
        // Issue 13: a certificate with no EKU at all counts as good for every usage in X.509.
        using var certificate = Issue(eku: false, ca: false);

        Assert.Equal(
            "it is not meant for client authentication (no extended key usage clientAuth)",
            AgentCertificateChain.FindProblem(certificate, _siteCa, null, TimeProvider.System.GetUtcNow()));
    }

    [Fact]
    public void FindProblem_CaCertificateWithClientAuth_IsRefused()
    {
        using var certificate = Issue(eku: true, ca: true);

        Assert.Equal(
            "it is a CA certificate (basic constraints CA:TRUE), not an agent's",
            AgentCertificateChain.FindProblem(certificate, _siteCa, null, TimeProvider.System.GetUtcNow()));
    }

    [Fact]
    public void FindProblem_SiteCaItself_IsRefused()
    {
        Assert.Equal(
            "it is a CA certificate (basic constraints CA:TRUE), not an agent's",
            AgentCertificateChain.FindProblem(_certificates.Ca, _siteCa, null, TimeProvider.System.GetUtcNow()));
    }

    /// <summary>A certificate for mail01.cty signed by the site's CA, with or without EKU clientAuth and CA:TRUE.</summary>
    private X509Certificate2 Issue(bool eku, bool ca)
    {
        using var caKey = System.Security.Cryptography.ECDsa.Create();
        caKey.ImportFromPem(File.ReadAllText(Path.Combine(_certificates.Site, "ca.key")));
        using var issuer = _certificates.Ca.CopyWithPrivateKey(caKey);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mail01.cty, OU=cty", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        if (eku)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")], false));
        }

        var now = DateTimeOffset.UtcNow;
        return request.Create(issuer, new DateTimeOffset(issuer.NotBefore.ToUniversalTime()), now.AddDays(1), [1, 2, 3, 4, 5, 6, 7, 8]);
    }
}
