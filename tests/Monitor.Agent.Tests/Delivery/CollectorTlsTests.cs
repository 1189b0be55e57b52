using System.Net;
using Monitor.Agent.Delivery;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// The agent's side of mutual TLS, against a gRPC server of the test's own with certificates
/// from deploy/make-certs.sh: the agent presents its certificate, trusts only the site CA,
/// checks the host name, and sends its token as a Bearer header without ever logging it.
/// </summary>
public sealed class CollectorTlsTests(SiteCertificates certificates) : IClassFixture<SiteCertificates>
{
    private CollectorEndpointOptions MutualTls(string address) => new()
    {
        Address = address,
        CaPath = certificates.CaPem,
        CertificatePath = certificates.AgentPem,
        KeyPath = certificates.AgentKey,
    };

    [Fact]
    public async Task Push_SiteClientCertificate_CollectorSeesTheAgentId()
    {
        await using var collector = await TestCollector.StartAsync(certificates.CollectorPem, certificates.CollectorKey, clientCaPem: certificates.CaPem);
        using var rig = new DeliveryRig(MutualTls(collector.Address));

        var reply = await rig.PushAsync(TestRevisions.Make("inc-a", 1));

        Assert.Equal("inc-a/1", Assert.Single(reply.Acknowledgements).IdempotencyKey);
        Assert.Equal("mail01.cty", Assert.Single(collector.Received).ClientName);
    }

    [Fact]
    public async Task Push_CollectorCertificateFromAnotherCa_IsRefusedBeforeAnythingIsSent()
    {
        await using var collector = await TestCollector.StartAsync(certificates.OtherCollectorPem, certificates.OtherCollectorKey);
        using var rig = new DeliveryRig(MutualTls(collector.Address));

        var error = await Assert.ThrowsAsync<CollectorUnreachableException>(() => rig.PushAsync(TestRevisions.Make("inc-a", 1)));

        Assert.Contains("TLS refused: The remote certificate is invalid because of errors in the certificate chain", error.Message, StringComparison.Ordinal);
        Assert.Empty(collector.Received);
    }

    [Fact]
    public async Task Push_CollectorCertificateNotIssuedForTheHostName_IsRefused()
    {
        // The certificate names localhost and 127.0.0.1; the agent reaches the collector as 127.0.0.2.
        await using var collector = await TestCollector.StartAsync(certificates.CollectorPem, certificates.CollectorKey, listen: IPAddress.Parse("127.0.0.2"));
        using var rig = new DeliveryRig(MutualTls(collector.Address));

        var error = await Assert.ThrowsAsync<CollectorUnreachableException>(() => rig.PushAsync(TestRevisions.Make("inc-a", 1)));

        Assert.Contains("TLS refused: The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch", error.Message, StringComparison.Ordinal);
        Assert.Empty(collector.Received);
    }

    [Fact]
    public async Task Push_WithoutCaPath_TrustsTheSystemRootsOnly_SoTheSiteCaIsRefused()
    {
        await using var collector = await TestCollector.StartAsync(certificates.CollectorPem, certificates.CollectorKey);
        using var rig = new DeliveryRig(new CollectorEndpointOptions { Address = collector.Address });

        var error = await Assert.ThrowsAsync<CollectorUnreachableException>(() => rig.PushAsync(TestRevisions.Make("inc-a", 1)));

        Assert.Contains("TLS refused: The remote certificate is invalid because of errors in the certificate chain", error.Message, StringComparison.Ordinal);
        Assert.Empty(collector.Received);
    }

    [Fact]
    public async Task Push_AgentCertificateFromAnotherCa_TheCollectorRefusesTheHandshake()
    {
        await using var collector = await TestCollector.StartAsync(certificates.CollectorPem, certificates.CollectorKey, clientCaPem: certificates.CaPem);
        var options = MutualTls(collector.Address);
        options.CertificatePath = certificates.OtherAgentPem;
        options.KeyPath = certificates.OtherAgentKey;
        using var rig = new DeliveryRig(options);

        var error = await Assert.ThrowsAsync<CollectorUnreachableException>(() => rig.PushAsync(TestRevisions.Make("inc-a", 1)));

        // With TLS 1.3 the agent learns of it only when the connection ends; the log says what to check.
        Assert.Contains("did not complete the HTTP/2 handshake", error.Message, StringComparison.Ordinal);
        Assert.Contains("may have refused this agent's certificate", error.Message, StringComparison.Ordinal);
        Assert.Empty(collector.Received);
    }

    [Fact]
    public async Task Push_WithTokenFile_SendsItAsBearerAndNeverLogsIt()
    {
        const string token = "t0ken-of-mail01-5f2c";
        var folder = certificates.Scratch("token");
        var tokenFile = Path.Combine(folder, "mail01.cty.token");
        await File.WriteAllTextAsync(tokenFile, token + "\n");
        await using var collector = await TestCollector.StartAsync(certificates.CollectorPem, certificates.CollectorKey);
        using var rig = new DeliveryRig(new CollectorEndpointOptions { Address = collector.Address, CaPath = certificates.CaPem, TokenFile = tokenFile });

        await rig.PushAsync(TestRevisions.Make("inc-a", 1));

        var received = Assert.Single(collector.Received);
        Assert.Equal("Bearer " + token, received.Authorization);
        Assert.Null(received.ClientName);
        Assert.Contains(rig.Logs.Messages, m => m.Contains(tokenFile, StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Logs.Messages, m => m.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, rig.Credentials.ToString(), StringComparison.Ordinal);
    }
}
