using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.Agent.Sources.Mail;

/// <summary>Trusts a server certificate only if it chains to one of the pinned certificates (a private CA, or the server's own self-signed certificate).</summary>
public static class CertificatePinning
{
    /// <summary>Whether the server's certificate chains to a pinned one and names the server.</summary>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="errors">What the platform's own validation found; only a name mismatch is held against the server.</param>
    /// <param name="pinned">The certificates to trust.</param>
    public static bool IsTrusted(X509Certificate certificate, SslPolicyErrors errors, X509Certificate2Collection pinned)
    {
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var server = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(pinned);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
