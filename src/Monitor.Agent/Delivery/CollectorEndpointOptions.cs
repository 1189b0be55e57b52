using System.Globalization;
using System.Net;

namespace Monitor.Agent.Delivery;

/// <summary>
/// The collectors the agent pushes to (Agent:Collector): where, how the agent proves who it is
/// (a client certificate, or a token where a site cannot run mutual TLS), what it trusts, and how
/// patiently it pushes.
/// </summary>
public sealed class CollectorEndpointOptions
{
    /// <summary>The primary collector's gRPC address, e.g. "https://collector1:50051". Empty: revisions are kept, not sent.</summary>
    public string Address { get; set; } = "";

    /// <summary>Further collectors, tried in order when the current one is unreachable. Default none.</summary>
    public List<string> Failover { get; set; } = [];

    /// <summary>How long the agent stays on a failover collector before it tries the primary again. Default 5 minutes.</summary>
    public TimeSpan PreferPrimaryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>PEM file of the site CA that signed the collectors' certificates: the only trust anchor then. Empty: the system's roots.</summary>
    public string CaPath { get; set; } = "";

    /// <summary>PEM file of this agent's client certificate (CN = agent id, OU = site, EKU clientAuth). Empty: no client certificate.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM file of the client certificate's private key (unencrypted PKCS#8, as deploy/make-certs.sh writes it).</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>File holding this agent's token, sent as "authorization: Bearer ..." when a site cannot run mutual TLS. Never logged. Empty: no token.</summary>
    public string TokenFile { get; set; } = "";

    /// <summary>Deadline of one push call. Default 10 seconds.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most revisions in one push. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Longest wait between two attempts while the collector is unreachable. Default 30 seconds.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// /healthz answers unhealthy (503) once pushes have failed this long without one going through:
    /// the agent may still detect, but its incidents reach no one. Default 5 minutes.
    /// </summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest push in bytes; batches are split below it. At most the collector's limit. Default 4 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Longest text sent in a revision, in UTF-8 bytes; longer text (a device's log line) is cut
    /// with "… (cut, N bytes)" so the collector never refuses the revision for it. Set it to the
    /// collector's Collector:Limits:MaxStringLength. Default 4096, the collector's default.
    /// </summary>
    public int MaxStringLength { get; set; } = 4096;

    /// <summary>Smallest <see cref="MaxStringLength"/> accepted: room for a sentence and the cut marker, as on the collector.</summary>
    public const int MinStringLength = 256;

    /// <summary>Smallest <see cref="MaxMessageBytes"/> accepted: 64 KiB, as on the collector.</summary>
    public const int MinMessageBytes = 64 * 1024;

    /// <summary>Largest <see cref="MaxMessageBytes"/> accepted: 256 MiB, as on the collector.</summary>
    public const int LargestMessageBytes = 256 * 1024 * 1024;

    /// <summary>The primary, then the failover collectors; empty when no address is set.</summary>
    public IReadOnlyList<string> Addresses => Address.Length == 0 ? [] : [Address, .. Failover];

    /// <summary>One message per problem: "KEY = 'VALUE' is not valid: expected ...".</summary>
    /// <param name="keyPrefix">The section, e.g. "Agent:Collector".</param>
    public IEnumerable<string> Validate(string keyPrefix)
    {
        var errors = new List<string>();
        void Fail(string key, object? value, string expected) =>
            errors.Add($"{keyPrefix}:{key} = '{Convert.ToString(value, CultureInfo.InvariantCulture)}' is not valid: expected {expected}");

        var addresses = new List<(string Key, Uri Uri)>();
        if (Address.Length > 0)
        {
            CheckAddress(nameof(Address), Address, addresses, Fail);
        }
        else if (Failover.Count > 0)
        {
            Fail(nameof(Address), Address, "the primary collector's address when Failover lists others");
        }

        for (var i = 0; i < Failover.Count; i++)
        {
            CheckAddress($"{nameof(Failover)}:{i}", Failover[i], addresses, Fail);
        }

        if (PreferPrimaryAfter < TimeSpan.FromSeconds(1) || PreferPrimaryAfter > TimeSpan.FromDays(1))
        {
            Fail(nameof(PreferPrimaryAfter), PreferPrimaryAfter, "a time span between 00:00:01 and 1.00:00:00");
        }

        if (Deadline <= TimeSpan.Zero || Deadline > TimeSpan.FromMinutes(5))
        {
            Fail(nameof(Deadline), Deadline, "a time span between 00:00:00.001 and 00:05:00");
        }

        if (BatchSize is < 1 or > 10_000)
        {
            Fail(nameof(BatchSize), BatchSize, "a whole number from 1 to 10000");
        }

        if (UnhealthyAfter <= TimeSpan.Zero || UnhealthyAfter > TimeSpan.FromDays(1))
        {
            Fail(nameof(UnhealthyAfter), UnhealthyAfter, "a time span above zero and at most 1.00:00:00, e.g. 00:05:00");
        }

        if (MaxBackoff < TimeSpan.FromMilliseconds(10) || MaxBackoff > TimeSpan.FromHours(1))
        {
            Fail(nameof(MaxBackoff), MaxBackoff, "a time span between 00:00:00.010 and 01:00:00");
        }

        if (MaxMessageBytes is < MinMessageBytes or > LargestMessageBytes)
        {
            Fail(nameof(MaxMessageBytes), MaxMessageBytes,
                $"from {MinMessageBytes} to {LargestMessageBytes} bytes, and no more than the collector's Collector:Limits:MaxMessageBytes");
        }

        if (MaxStringLength is < MinStringLength or > LargestMessageBytes)
        {
            Fail(nameof(MaxStringLength), MaxStringLength,
                $"from {MinStringLength} to {LargestMessageBytes} bytes, and no more than the collector's Collector:Limits:MaxStringLength");
        }

        if (CertificatePath.Length > 0 && KeyPath.Length == 0)
        {
            Fail(nameof(KeyPath), KeyPath, $"the private key file of {keyPrefix}:CertificatePath '{CertificatePath}'");
        }
        else if (KeyPath.Length > 0 && CertificatePath.Length == 0)
        {
            Fail(nameof(CertificatePath), CertificatePath, $"the certificate file that goes with {keyPrefix}:KeyPath '{KeyPath}'");
        }

        // What protects the agent's identity must never be sent, or appear to be used, in cleartext.
        foreach (var (key, uri) in addresses.Where(a => a.Uri.Scheme == Uri.UriSchemeHttp))
        {
            if (CertificatePath.Length > 0)
            {
                Fail(key, uri.OriginalString, $"an https:// address: a client certificate ({keyPrefix}:CertificatePath) is only presented over TLS");
            }
            else if (CaPath.Length > 0)
            {
                Fail(key, uri.OriginalString, $"an https:// address: {keyPrefix}:CaPath is only used over TLS");
            }
            else if (TokenFile.Length > 0 && !IsLoopback(uri))
            {
                Fail(key, uri.OriginalString, $"an https:// address: {keyPrefix}:TokenFile would cross the network in cleartext over http:// (allowed only to a loopback address)");
            }
        }

        errors.AddRange(CollectorCredentials.Check(this, keyPrefix));

        return errors;
    }

    private static void CheckAddress(string key, string value, List<(string Key, Uri Uri)> addresses, Action<string, object?, string> fail)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            fail(key, value, "an absolute http:// or https:// URI of a collector, e.g. https://collector1:50051");
        }
        else if (addresses.FirstOrDefault(a => a.Uri == uri) is { Key: { } earlier })
        {
            fail(key, value, $"a collector not already listed (it is {earlier})");
        }
        else
        {
            addresses.Add((key, uri));
        }
    }

    /// <summary>Whether the address names this machine.</summary>
    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
