using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Monitor.Agent.Configuration;

namespace Monitor.Agent.Delivery;

/// <summary>
/// What the agent shows a collector and what it trusts, read once at start from the files
/// Agent:Collector names: its client certificate and key (mutual TLS), the site CA that signed
/// the collectors' certificates, and the token sent where a site cannot run mutual TLS. A problem
/// names the key and the file, never what a secret file holds.
/// </summary>
public sealed class CollectorCredentials : IDisposable
{
    /// <summary>Extended Key Usage "TLS web client authentication".</summary>
    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    private readonly string? _token;

    private CollectorCredentials(X509Certificate2? clientCertificate, X509Certificate2Collection trustedRoots, string? token, string? tokenFile)
    {
        ClientCertificate = clientCertificate;
        TrustedRoots = trustedRoots;
        _token = token;
        TokenFile = token is null ? null : tokenFile;
    }

    /// <summary>The agent's client certificate, with its private key; null when none is configured.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>The site CA certificates, the only trust anchors for a collector's certificate; empty: the system's roots.</summary>
    public X509Certificate2Collection TrustedRoots { get; }

    /// <summary>The file the token came from, when one is configured.</summary>
    public string? TokenFile { get; }

    /// <summary>"Bearer &lt;token&gt;" for the authorization header; null without a token. Never log it.</summary>
    internal string? AuthorizationHeader => _token is null ? null : "Bearer " + _token;

    /// <summary>Reads the files; throws <see cref="ConfigurationError"/> naming every problem.</summary>
    /// <param name="options">The collector options.</param>
    /// <param name="keyPrefix">The section, for the messages.</param>
    public static CollectorCredentials Load(CollectorEndpointOptions options, string keyPrefix = "Agent:Collector")
    {
        var problems = new List<string>();
        var credentials = Read(options, keyPrefix, problems);
        if (problems.Count == 0)
        {
            return credentials;
        }

        credentials.Dispose();
        throw new ConfigurationError(string.Join(Environment.NewLine, problems));
    }

    /// <summary>The problems with the files, one message each; none when they can be used.</summary>
    /// <param name="options">The collector options.</param>
    /// <param name="keyPrefix">The section, for the messages.</param>
    public static IReadOnlyList<string> Check(CollectorEndpointOptions options, string keyPrefix)
    {
        var problems = new List<string>();
        Read(options, keyPrefix, problems).Dispose();
        return problems;
    }

    /// <summary>What start-up should warn about: a private key other users of the machine can read.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>Says what the agent presents and trusts, for the log at start. Never the token.</summary>
    public override string ToString()
    {
        var parts = new List<string>
        {
            TrustedRoots.Count > 0
                ? $"trusts only {string.Join(", ", TrustedRoots.Select(c => c.Subject))}"
                : "trusts the system's roots",
        };
        if (ClientCertificate is { } certificate)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"client certificate {certificate.Subject} valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}"));
        }

        if (TokenFile is not null)
        {
            parts.Add($"token from {TokenFile}");
        }

        return string.Join("; ", parts);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        ClientCertificate?.Dispose();
        foreach (var root in TrustedRoots)
        {
            root.Dispose();
        }
    }

    private static CollectorCredentials Read(CollectorEndpointOptions options, string keyPrefix, List<string> problems)
    {
        var roots = ReadRoots(options.CaPath, $"{keyPrefix}:CaPath", problems);
        X509Certificate2? certificate = null;
        var certificateReadable = options.CertificatePath.Length > 0
            && Readable(options.CertificatePath, $"{keyPrefix}:CertificatePath", "this agent's PEM client certificate", problems);
        var keyReadable = options.KeyPath.Length > 0
            && Readable(options.KeyPath, $"{keyPrefix}:KeyPath", "the PEM private key of the client certificate", problems);
        if (certificateReadable && keyReadable)
        {
            certificate = LoadClientCertificate(options, keyPrefix, problems);
        }

        string? token = null;
        if (options.TokenFile.Length > 0 && Readable(options.TokenFile, $"{keyPrefix}:TokenFile", "the file holding this agent's token", problems))
        {
            token = ReadToken(options.TokenFile, keyPrefix, problems);
        }

        var credentials = new CollectorCredentials(certificate, roots, token, options.TokenFile);
        if (Contracts.Security.PrivateKeyFile.Warning($"{keyPrefix}:KeyPath", options.KeyPath, "the agent") is { } warning)
        {
            credentials.Warnings = [warning];
        }

        return credentials;
    }

    private static X509Certificate2Collection ReadRoots(string path, string key, List<string> problems)
    {
        var roots = new X509Certificate2Collection();
        if (path.Length == 0 || !Readable(path, key, "the PEM certificate of the site CA", problems))
        {
            return roots;
        }

        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"{key} = '{path}' cannot be read as PEM certificates: {e.Message}");
            return [];
        }

        if (roots.Count == 0)
        {
            problems.Add($"{key} = '{path}' holds no PEM certificate (expected -----BEGIN CERTIFICATE----- ..., e.g. ca.pem from deploy/make-certs.sh)");
        }

        return roots;
    }

    private static X509Certificate2? LoadClientCertificate(CollectorEndpointOptions options, string keyPrefix, List<string> problems)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            // The runtime's messages name neither the key's content nor its bytes.
            problems.Add($"{keyPrefix}:CertificatePath = '{options.CertificatePath}' with {keyPrefix}:KeyPath = '{options.KeyPath}' cannot be loaded: {e.Message} "
                + "(expected a PEM certificate and its unencrypted PEM private key, as deploy/make-certs.sh writes them)");
            return null;
        }

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).ToList();
        if (!usages.Any(u => u.Value == ClientAuthenticationOid))
        {
            var found = usages.Count == 0 ? "none" : string.Join(", ", usages.Select(u => u.FriendlyName ?? u.Value));
            problems.Add($"{keyPrefix}:CertificatePath = '{options.CertificatePath}' is not a client certificate: its Extended Key Usage ({found}) lacks "
                + $"clientAuth ({ClientAuthenticationOid}); use the agent's certificate from deploy/make-certs.sh (agents/<id>.pem), not the collector's or the CA's");
            certificate.Dispose();
            return null;
        }

        return certificate;
    }

    private static string? ReadToken(string path, string keyPrefix, List<string> problems)
    {
        string token;
        try
        {
            token = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{keyPrefix}:TokenFile = '{path}' cannot be read: {e.Message}");
            return null;
        }

        // Say what is wrong with the token, never what it is.
        if (token.Length == 0)
        {
            problems.Add($"{keyPrefix}:TokenFile = '{path}' is empty (expected the agent's token on one line)");
            return null;
        }

        if (!token.All(c => c is > ' ' and <= '~'))
        {
            problems.Add($"{keyPrefix}:TokenFile = '{path}' holds characters a token cannot have (spaces, line breaks, control or non-ASCII characters); expected one line of visible ASCII");
            return null;
        }

        return token;
    }

    private static bool Readable(string path, string key, string expected, List<string> problems)
    {
        if (Directory.Exists(path))
        {
            problems.Add($"{key} = '{path}' is a folder (expected {expected})");
            return false;
        }

        if (!File.Exists(path))
        {
            problems.Add($"{key} = '{path}': file not found (expected {expected})");
            return false;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{key} = '{path}' cannot be read: {e.Message}");
            return false;
        }
    }
}
