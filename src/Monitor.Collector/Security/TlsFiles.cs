using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Security;

/// <summary>
/// Reads the PEM files of <c>Collector:Tls</c>. Every problem is one sentence naming the key and
/// the file; the content of a key file never appears in a message.
/// </summary>
internal static class TlsFiles
{
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string RsaPublicKey = "1.2.840.113549.1.1.1";

    /// <summary>
    /// The collector's certificate with its private key, and any further certificates of the file
    /// (intermediates, sent to clients after it).
    /// </summary>
    /// <exception cref="CollectorConfigurationException">A file is missing, unreadable, not PEM, or the key is not the certificate's.</exception>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain) LoadServerCertificate(
        string certificateKey, string certificatePath, string keyKey, string keyPath)
    {
        var certificates = LoadCertificates(certificateKey, certificatePath);
        var certificate = certificates[0];
        var keyText = ReadText(keyKey, keyPath);
        try
        {
            return (WithKey(certificate, keyKey, keyPath, certificateKey, certificatePath, keyText), Rest(certificates));
        }
        finally
        {
            certificate.Dispose();
        }
    }

    /// <summary>The CA certificates of <paramref name="path"/>; at least one, each a CA.</summary>
    /// <exception cref="CollectorConfigurationException">The file is missing, unreadable, holds no certificate or one that is not a CA.</exception>
    public static X509Certificate2Collection LoadCaCertificates(string key, string path)
    {
        var certificates = LoadCertificates(key, path);
        foreach (var certificate in certificates)
        {
            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            if (constraints is not { CertificateAuthority: true })
            {
                throw new CollectorConfigurationException(
                    $"{key} = '{path}' holds '{certificate.Subject}', which is not a CA certificate (no basicConstraints CA:TRUE); "
                    + "expected the CA that signs the agents' certificates, e.g. the ca.pem of deploy/make-certs.sh");
            }
        }

        return certificates;
    }

    private static X509Certificate2Collection LoadCertificates(string key, string path)
    {
        var text = ReadText(key, path);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            throw new CollectorConfigurationException($"{key} = '{path}' holds a damaged PEM certificate ({ex.Message}); expected a file such as deploy/make-certs.sh writes", ex);
        }

        return certificates.Count > 0
            ? certificates
            : throw new CollectorConfigurationException($"{key} = '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----); expected a file such as deploy/make-certs.sh writes");
    }

    private static X509Certificate2 WithKey(X509Certificate2 certificate, string keyKey, string keyPath, string certificateKey, string certificatePath, string keyText)
    {
        var label = PemLabel(keyText);
        if (label is null || !label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new CollectorConfigurationException($"{keyKey} = '{keyPath}' holds no PEM private key (-----BEGIN PRIVATE KEY-----); expected the key of {certificateKey}");
        }

        if (label == "ENCRYPTED PRIVATE KEY")
        {
            throw new CollectorConfigurationException($"{keyKey} = '{keyPath}' is encrypted; expected an unencrypted key readable by the collector alone (chmod 600)");
        }

        try
        {
            switch (certificate.GetKeyAlgorithm())
            {
                case EcPublicKey:
                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportFromPem(keyText);
                        return certificate.CopyWithPrivateKey(ecdsa);
                    }

                case RsaPublicKey:
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportFromPem(keyText);
                        return certificate.CopyWithPrivateKey(rsa);
                    }

                default:
                    throw new CollectorConfigurationException(
                        $"{certificateKey} = '{certificatePath}' has a public key of type {certificate.GetKeyAlgorithm()}; expected EC or RSA");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // The exception's own text is left out: it is about the key's content.
            throw new CollectorConfigurationException(
                $"{keyKey} = '{keyPath}' is not the private key of {certificateKey} = '{certificatePath}' (or not a readable EC or RSA key); expected the key made with that certificate",
                ex);
        }
    }

    private static X509Certificate2Collection Rest(X509Certificate2Collection certificates)
    {
        var rest = new X509Certificate2Collection();
        for (var index = 1; index < certificates.Count; index++)
        {
            rest.Add(certificates[index]);
        }

        return rest;
    }

    private static string? PemLabel(string text)
    {
        if (!PemEncoding.TryFind(text, out var fields))
        {
            return null;
        }

        return text[fields.Label];
    }

    private static string ReadText(string key, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CollectorConfigurationException($"{key} is empty; expected the path of a PEM file");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CollectorConfigurationException($"{key} = '{path}': no such file ({Path.GetFullPath(path)})", ex);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new CollectorConfigurationException($"{key} = '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}
