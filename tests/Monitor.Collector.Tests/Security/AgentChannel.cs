using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Security;

/// <summary>
/// A real gRPC client over TLS to a collector, as an agent configures it: the site's CA as the
/// only trust anchor for the collector's certificate, optionally a client certificate, optionally
/// a bearer token on every call.
/// </summary>
internal sealed class AgentChannel : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly string? _token;

    public AgentChannel(Uri address, X509Certificate2 trustedCa, X509Certificate2? clientCertificate = null, string? token = null)
    {
        _token = token;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = Handler(trustedCa, clientCertificate), DisposeHttpClient = true });
        Ingest = new IncidentIngest.IncidentIngestClient(_channel);
    }

    public IncidentIngest.IncidentIngestClient Ingest { get; }

    public CallInvoker Invoker => _channel.CreateCallInvoker();

    /// <summary>A handler trusting only <paramref name="trustedCa"/>, presenting <paramref name="clientCertificate"/> if given.</summary>
    public static SocketsHttpHandler Handler(X509Certificate2 trustedCa, X509Certificate2? clientCertificate = null)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { trustedCa },
            },
        };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = [clientCertificate];
        }

        return new SocketsHttpHandler { SslOptions = ssl };
    }

    /// <summary>Call options carrying the token, if any, and a deadline so no test hangs.</summary>
    public CallOptions Call() => new(
        headers: _token is null ? null : new Metadata { { "authorization", "Bearer " + _token } },
        deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30));

    public Task<PushRevisionsReply> PushAsync(PushRevisionsRequest request) => Ingest.PushRevisionsAsync(request, Call()).ResponseAsync;

    public void Dispose() => _channel.Dispose();
}
