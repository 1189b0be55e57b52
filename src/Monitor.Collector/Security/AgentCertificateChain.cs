using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.Collector.Security;

/// <summary>
/// Decides whether an agent's client certificate is one the site's CA issued for a client:
/// its chain ends at a certificate of <c>Collector:Tls:ClientCaPath</c> (never the system's trust
/// store), it is within its validity at the collector's time, and it is meant for client
/// authentication: it names extended key usage clientAuth (a certificate with no EKU at all is
/// good for every usage in X.509, so the chain alone would let it through), and it is not a CA.
/// </summary>
internal static class AgentCertificateChain
{
    /// <summary>The extended key usage "TLS client authentication".</summary>
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>
    /// Returns null when <paramref name="certificate"/> may identify an agent, else why not, in
    /// one sentence. <paramref name="presented"/> are intermediates the client sent with it.
    /// </summary>
    public static string? FindProblem(
        X509Certificate2 certificate,
        X509Certificate2Collection trustedCas,
        X509Certificate2Collection? presented,
        DateTimeOffset at)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(c => c.CertificateAuthority))
        {
            return "it is a CA certificate (basic constraints CA:TRUE), not an agent's";
        }

        if (!certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ClientAuthentication.Value)))
        {
            return Describe(X509ChainStatusFlags.NotValidForUsage, certificate, at);
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(trustedCas);
        if (presented is not null)
        {
            policy.ExtraStore.AddRange(presented);
        }

        // Revocation is not checked: the site CA of deploy/make-certs.sh publishes no CRL and no
        // OCSP responder, so a hard check would refuse every agent and a soft one would protect
        // nothing. An agent is withdrawn by removing it from Collector:Agents (which then must
        // name every agent), or by a new CA.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.ApplicationPolicy.Add(ClientAuthentication);
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationTimeIgnored = false;

        if (chain.Build(certificate))
        {
            return null;
        }

        var problems = chain.ChainStatus
            .Where(status => status.Status != X509ChainStatusFlags.NoError)
            .Select(status => Describe(status.Status, certificate, at))
            .Distinct()
            .ToList();
        return problems.Count > 0 ? string.Join("; ", problems) : "its chain could not be built";
    }

    private static string Describe(X509ChainStatusFlags status, X509Certificate2 certificate, DateTimeOffset at) => status switch
    {
        X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain =>
            $"it was not issued by the CA of Collector:Tls:ClientCaPath (issuer '{certificate.Issuer}')",
        X509ChainStatusFlags.NotTimeValid =>
            $"it or its CA is not valid at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (the certificate is valid {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd})",
        X509ChainStatusFlags.NotValidForUsage =>
            "it is not meant for client authentication (no extended key usage clientAuth)",
        _ => $"its chain is not valid ({status})",
    };
}
