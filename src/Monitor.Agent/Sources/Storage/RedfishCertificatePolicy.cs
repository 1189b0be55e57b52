using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// Which certificate a storage service may present: one pinned by its SHA-256, one that chains to a
/// CA bundle of the operator's, or (neither configured) one the system trusts. Remembers why it
/// refused the last one, so the read's error says so instead of a bare TLS failure.
/// </summary>
internal sealed class RedfishCertificatePolicy
{
    private readonly string? _pin;
    private readonly X509Certificate2Collection? _authorities;
    private readonly string _pinKey;

    public RedfishCertificatePolicy(string pin, string caBundleFile, string pinKey)
    {
        _pin = pin.Length > 0 ? NormalizePin(pin) : null;
        _pinKey = pinKey;
        if (caBundleFile.Length > 0)
        {
            _authorities = [];
            _authorities.ImportFromPemFile(caBundleFile);
        }
    }

    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>"AB12..." (64 upper-case hex digits) from a pin written with or without colons; null if it is not one.</summary>
    public static string? NormalizePin(string pin)
    {
        var hex = pin.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }

    /// <summary>The SHA-256 of a certificate as a pin is written.</summary>
    public static string Fingerprint(X509Certificate certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>The TLS handshake's callback.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return Refuse("the service presented no certificate");
        }

        if (_pin is not null)
        {
            var actual = Fingerprint(certificate);
            return actual == _pin
                ? Accept()
                : Refuse($"the service's certificate has SHA-256 {actual}, which is not the pinned {_pinKey} {_pin}");
        }

        if (_authorities is not null)
        {
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return Refuse($"the service's certificate ({certificate.Subject}) is not issued for this host name");
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf)
                ? Accept()
                : Refuse($"the service's certificate ({certificate.Subject}) does not chain to the CA bundle: "
                    + string.Join("; ", custom.ChainStatus.Select(s => s.StatusInformation.Trim())));
        }

        return errors == SslPolicyErrors.None
            ? Accept()
            : Refuse(string.Create(CultureInfo.InvariantCulture,
                $"the service's certificate ({certificate.Subject}) is not trusted by the system ({errors}); set CaBundleFile or CertificateSha256"));
    }

    private bool Accept()
    {
        LastRefusal = null;
        return true;
    }

    private bool Refuse(string why)
    {
        LastRefusal = why;
        return false;
    }
}
