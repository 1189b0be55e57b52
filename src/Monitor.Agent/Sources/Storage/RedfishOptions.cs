using System.Net;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// The storage controllers' Redfish / SNIA Swordfish service (Agent:Sources:Redfish).
/// Root and InputFile are not used: the source reads a live HTTP service.
/// </summary>
public sealed class RedfishOptions : SourceOptions
{
    /// <summary>The service, e.g. "https://array1.example". Required. Plain http only with <see cref="AllowPlainHttp"/> on a loopback address.</summary>
    public string BaseUri { get; set; } = "";

    /// <summary>"Session" (POST /redfish/v1/SessionService/Sessions, then X-Auth-Token; re-login on 401), "Basic", or "None". Default "Session".</summary>
    public string Authentication { get; set; } = "Session";

    /// <summary>File whose first line is "user:password". Read at each login, never logged. Required unless Authentication is "None".</summary>
    public string CredentialsFile { get; set; } = "";

    /// <summary>PEM file of the CA certificates that may sign the service's certificate, instead of the system's. Default empty.</summary>
    public string CaBundleFile { get; set; } = "";

    /// <summary>SHA-256 of the service's own certificate (hex, colons allowed): only that certificate is accepted, whoever signed it. Default empty.</summary>
    public string CertificateSha256 { get; set; } = "";

    /// <summary>Allow http:// (no TLS), for tests against a loopback server only. Default false.</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>Controllers to read. Empty: discover them under /redfish/v1/Storage and /redfish/v1/Systems/*/Storage.</summary>
    public List<RedfishControllerOptions> Controllers { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        string Fail(string key, object? value, string expected) =>
            $"{keyPrefix}:{key} = '{value}' is not valid: expected {expected}";

        if (!Uri.TryCreate(BaseUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            yield return Fail(nameof(BaseUri), BaseUri, "the service's absolute https:// address, e.g. https://array1.example");
        }
        else if (uri.Scheme == "http" && !(AllowPlainHttp && IsLoopback(uri)))
        {
            yield return Fail(nameof(BaseUri), BaseUri, "an https:// address (plain http is allowed only with AllowPlainHttp = true on a loopback address, for tests)");
        }

        if (Authentication is not ("Session" or "Basic" or "None"))
        {
            yield return Fail(nameof(Authentication), Authentication, "Session, Basic or None");
        }
        else if (Authentication != "None" && !File.Exists(CredentialsFile))
        {
            yield return Fail(nameof(CredentialsFile), CredentialsFile, "an existing file whose first line is user:password");
        }

        if (CaBundleFile.Length > 0 && !File.Exists(CaBundleFile))
        {
            yield return Fail(nameof(CaBundleFile), CaBundleFile, "an existing PEM file of CA certificates, or empty");
        }

        if (CertificateSha256.Length > 0 && RedfishCertificatePolicy.NormalizePin(CertificateSha256) is null)
        {
            yield return Fail(nameof(CertificateSha256), CertificateSha256, "64 hexadecimal digits (colons allowed), the SHA-256 of the service's certificate");
        }

        if (CaBundleFile.Length > 0 && CertificateSha256.Length > 0)
        {
            yield return Fail(nameof(CertificateSha256), CertificateSha256, "empty when CaBundleFile is set: pin the certificate or name a CA, not both");
        }

        for (var i = 0; i < Controllers.Count; i++)
        {
            var controller = Controllers[i];
            if (!controller.Uri.StartsWith("/redfish/v1/", StringComparison.Ordinal))
            {
                yield return Fail($"Controllers:{i}:Uri", controller.Uri, "the controller's path on the service, starting with /redfish/v1/");
            }
            else if (!RedfishPointer.IsValid(RedfishPointer.Split(controller.Uri).Pointer))
            {
                yield return Fail($"Controllers:{i}:Uri", controller.Uri, "a JSON pointer after '#' (RFC 6901), e.g. /redfish/v1/Systems/1/Storage/1#/StorageControllers/0");
            }

            if (controller.Id.Length > 0 && Controllers.FindIndex(c => c.Id == controller.Id) is var first && first < i)
            {
                yield return Fail($"Controllers:{i}:Id", controller.Id, $"an id no other controller has (Controllers:{first}:Id has it too)");
            }

            for (var p = 0; p < controller.Ports.Count; p++)
            {
                if (!controller.Ports[p].StartsWith("/redfish/v1/", StringComparison.Ordinal))
                {
                    yield return Fail($"Controllers:{i}:Ports:{p}", controller.Ports[p], "a port's path on the service, starting with /redfish/v1/");
                }
            }
        }
    }

    /// <summary>Whether the address names this machine.</summary>
    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

/// <summary>One controller the Redfish source reads.</summary>
public sealed class RedfishControllerOptions
{
    /// <summary>Its path on the service, e.g. "/redfish/v1/Systems/1/Storage/1/Controllers/A", or a JSON pointer into its Storage resource, "/redfish/v1/Systems/1/Storage/1#/StorageControllers/0". It must lead to a controller.</summary>
    public string Uri { get; set; } = "";

    /// <summary>Its topology id, e.g. "ctl-a". Empty: the raw id "&lt;service host&gt;/&lt;Storage Id&gt;/&lt;controller Id&gt;" (the full path when that is not unique).</summary>
    public string Id { get; set; } = "";

    /// <summary>Port paths to read besides those the controller links to (e.g. ports under Chassis/NetworkAdapters).</summary>
    public List<string> Ports { get; set; } = [];
}
