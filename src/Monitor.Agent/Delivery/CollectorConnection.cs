using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.Agent.Delivery;

/// <summary>
/// The HTTP/2 connection under a collector's channel: TLS with the agent's client certificate,
/// the site CA as the only trust anchor when one is configured (host names checked as usual),
/// and keepalive pings.
/// </summary>
public static class CollectorConnection
{
    /// <summary>An idle connection is closed by the agent after this long (see <see cref="CreateHandler"/>).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Longest a TCP connect may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The handler for one collector's channel.</summary>
    /// <param name="options">Deadline and addresses.</param>
    /// <param name="credentials">Client certificate and trust anchors.</param>
    public static SocketsHttpHandler CreateHandler(CollectorEndpointOptions options, CollectorCredentials credentials)
    {
        // Keepalive. An agent is idle for days between incidents. Pinging an idle connection
        // (KeepAlivePingPolicy.Always) would keep NAT and firewall state alive, but gRPC servers
        // and proxies punish it (grpc-core and grpc-go by default accept no pings without a call
        // and at most one per 5 minutes, then send GOAWAY "too_many_pings"), and it holds a
        // socket per agent open on the collector for nothing. So pings go out only while a push
        // is in flight, and the agent closes an idle connection itself after 45 s, before common
        // NAT and firewall idle timeouts (60 s to an hour) drop it silently; the next push opens
        // a fresh connection (one handshake, for pushes that are rare). During a push, a ping
        // after a quarter of the deadline without a frame, answered within another quarter, finds
        // a connection that died under the push (NAT entry gone, collector host down) and tears
        // it down, so the retry opens a new one instead of waiting on the dead one again.
        // Kestrel, the collector's server, answers pings and does not count them.
        var ping = TimeSpan.FromTicks(Math.Clamp(options.Deadline.Ticks / 4, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = ping,
            KeepAlivePingTimeout = ping,
            PooledConnectionIdleTimeout = IdleTimeout,
            ConnectTimeout = options.Deadline < ConnectTimeout ? options.Deadline : ConnectTimeout,
            SslOptions = TlsOptions(credentials),
        };

        // One address per channel, and failover is CollectorClient's: gRPC's connectivity layer
        // would add its own reconnect back-off (up to 2 minutes), stacked on ours and delaying
        // the return to a collector that has come back. grpc-dotnet's switch for this (2.57+).
        handler.Properties["__GrpcLoadBalancingDisabled"] = true;
        return handler;
    }

    private static SslClientAuthenticationOptions TlsOptions(CollectorCredentials credentials)
    {
        var tls = new SslClientAuthenticationOptions();
        if (credentials.TrustedRoots.Count > 0)
        {
            // The site CA and nothing else: a certificate from a public CA, or another site's,
            // is refused. The host name is still checked against the certificate (SslStream
            // does it apart from the chain). A private CA publishes no revocation list.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(credentials.TrustedRoots);
            tls.CertificateChainPolicy = policy;
        }

        if (credentials.ClientCertificate is { } certificate)
        {
            // Always this one, whatever CA names the server lists (Kestrel lists none).
            tls.ClientCertificates = [certificate];
            tls.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        return tls;
    }
}
