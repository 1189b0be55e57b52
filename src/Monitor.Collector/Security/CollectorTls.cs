using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Security;

/// <summary>
/// The collector's TLS, as Kestrel uses it: its certificate on every https endpoint, and on the
/// agents' endpoint the client certificates checked against <c>Collector:Tls:ClientCaPath</c>
/// during the handshake, so a client without one (or with one from another CA) never reaches
/// the ingest. The files are read once, when Kestrel first asks.
/// </summary>
internal sealed class CollectorTls : IDisposable
{
    private readonly TlsOptions _options;
    private readonly bool _agentsHaveTokens;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CollectorTls> _logger;
    private readonly Lazy<(X509Certificate2 Certificate, X509Certificate2Collection Chain)> _server;
    private readonly Lazy<X509Certificate2Collection> _clientCas;

    public CollectorTls(IOptions<CollectorOptions> options, CertificateExpiry expiry, TimeProvider timeProvider, ILogger<CollectorTls> logger)
    {
        _options = options.Value.Tls;
        _agentsHaveTokens = options.Value.Agents.Values.Any(agent => !string.IsNullOrEmpty(agent.TokenFile));
        _timeProvider = timeProvider;
        _logger = logger;
        _server = new(() =>
        {
            var server = TlsFiles.LoadServerCertificate(
                Key(nameof(TlsOptions.CertificatePath)), _options.CertificatePath, Key(nameof(TlsOptions.KeyPath)), _options.KeyPath);
            expiry.Show(CertificateExpiry.Server, [server.Certificate]);
            return server;
        });
        _clientCas = new(() =>
        {
            var cas = TlsFiles.LoadCaCertificates(Key(nameof(TlsOptions.ClientCaPath)), _options.ClientCaPath);
            expiry.Show(CertificateExpiry.ClientCa, cas);
            return cas;
        });
    }

    /// <summary>True when agents identify themselves with client certificates.</summary>
    public bool AuthenticatesAgentsByCertificate => !string.IsNullOrEmpty(_options.ClientCaPath);

    /// <summary>Configures an https endpoint: the agents' one asks for client certificates, the web one does not.</summary>
    public void Configure(HttpsConnectionAdapterOptions https, bool forAgents)
    {
        https.ServerCertificate = _server.Value.Certificate;
        https.ServerCertificateChain = _server.Value.Chain;
        https.CheckCertificateRevocation = false;
        https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
        if (AeadCipherSuites.Policy is { } suites)
        {
            https.OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = suites;
        }

        if (!forAgents || !AuthenticatesAgentsByCertificate)
        {
            https.ClientCertificateMode = ClientCertificateMode.NoCertificate;
            return;
        }

        // With tokens in use some agents come without a certificate; the ingest then requires a
        // token. Without tokens, no certificate means no handshake.
        https.ClientCertificateMode = _agentsHaveTokens ? ClientCertificateMode.AllowCertificate : ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = ValidateAgent;
        _ = _clientCas.Value;
    }

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Certificate.Dispose();
        }
    }

    private static string Key(string property) => $"{CollectorOptions.SectionName}:{nameof(CollectorOptions.Tls)}:{property}";

    /// <summary>
    /// Kestrel's check of a presented client certificate. The platform's verdict
    /// (<paramref name="errors"/>) is against the system store and is ignored: only the site's CA counts.
    /// </summary>
    private bool ValidateAgent(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var problem = AgentCertificateChain.FindProblem(certificate, _clientCas.Value, chain?.ChainPolicy.ExtraStore, _timeProvider.GetUtcNow());
        if (problem is null)
        {
            return true;
        }

        _logger.LogWarning("Refused a TLS client with the certificate '{Subject}': {Problem}", certificate.Subject, problem);
        return false;
    }
}
