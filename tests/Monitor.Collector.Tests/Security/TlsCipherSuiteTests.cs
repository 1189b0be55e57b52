using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Monitor.Collector.Tests.Security;

/// <summary>TLS 1.2 to the collector offers authenticated encryption only (Linux: OpenSSL lets the policy be set).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TlsCipherSuiteTests : IClassFixture<SiteCertificates>
{
    private readonly SiteCertificates _certificates;

    public TlsCipherSuiteTests(SiteCertificates certificates)
    {
        _certificates = certificates;
    }

    [Fact]
    public async Task Handshake_Tls12WithOnlyACbcSuite_IsRefused()
    {
        await using var collector = await StartAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(collector, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA));
    }

    [Fact]
    public async Task Handshake_Tls12WithAnAeadSuite_Succeeds()
    {
        await using var collector = await StartAsync();

        Assert.Equal(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, await HandshakeAsync(collector, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256));
    }

    private Task<RunningCollector> StartAsync() => RunningCollector.StartAsync(
        "--Collector:HttpListen=https://127.0.0.1:0",
        $"--Collector:Tls:CertificatePath={_certificates.CollectorCertificatePath}",
        $"--Collector:Tls:KeyPath={_certificates.CollectorKeyPath}");

    private static async Task<TlsCipherSuite> HandshakeAsync(RunningCollector collector, params TlsCipherSuite[] offered)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(collector.HttpAddress.Host, collector.HttpAddress.Port);
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
            CipherSuitesPolicy = new CipherSuitesPolicy(offered),
        });
        return ssl.NegotiatedCipherSuite;
    }
}
