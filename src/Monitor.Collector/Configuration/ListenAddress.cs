using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Monitor.Collector.Configuration;

/// <summary>
/// A listen URI understood the way Kestrel binds it: an IP literal, or <c>localhost</c> for
/// both loopback addresses. Host names are refused because Kestrel would not resolve them.
/// </summary>
internal sealed class ListenAddress
{
    private ListenAddress(IPAddress? address, int port, bool isHttps)
    {
        Address = address;
        Port = port;
        IsHttps = isHttps;
    }

    /// <summary>The IP address to bind, or null for <c>localhost</c>.</summary>
    public IPAddress? Address { get; }

    /// <summary>The TCP port; 0 asks the system for a free one.</summary>
    public int Port { get; }

    /// <summary>True for <c>https://</c>: TLS with the collector's certificate.</summary>
    public bool IsHttps { get; }

    /// <summary>True when <paramref name="uri"/> is an <c>https://</c> address (usable or not).</summary>
    public static bool IsHttpsUri(Uri? uri) => uri is { IsAbsoluteUri: true } && uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>Parses <paramref name="uri"/>, or says what is wrong with it.</summary>
    public static bool TryParse(Uri? uri, [NotNullWhen(true)] out ListenAddress? address, [NotNullWhen(false)] out string? problem)
    {
        address = null;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            problem = "expected an absolute address such as http://127.0.0.1:50051";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = "expected an http:// or https:// address";
            return false;
        }

        var isHttps = uri.Scheme == Uri.UriSchemeHttps;

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            problem = "expected only scheme, host and port, such as http://127.0.0.1:50051";
            return false;
        }

        if (uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns)
        {
            if (uri.Port == 0)
            {
                problem = "expected a fixed port with localhost (port 0 works only with an IP address such as 127.0.0.1)";
                return false;
            }

            address = new ListenAddress(null, uri.Port, isHttps);
            problem = null;
            return true;
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
        {
            problem = "expected an IP address or localhost as the host (host names are not resolved)";
            return false;
        }

        address = new ListenAddress(ip, uri.Port, isHttps);
        problem = null;
        return true;
    }
}
