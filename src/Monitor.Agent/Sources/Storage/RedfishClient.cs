using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// GETs JSON resources from a Redfish service: TLS checked by <see cref="RedfishCertificatePolicy"/>,
/// basic auth or a session token (one login kept across reads, a fresh one on 401), no redirects
/// (credentials stay with the configured host). No retries: the next interval is the retry.
/// Every error names the method and the URL; none contains the password.
/// </summary>
internal sealed partial class RedfishClient : IDisposable
{
    private const string SessionsPath = "/redfish/v1/SessionService/Sessions";
    private readonly RedfishOptions _options;
    private readonly RedfishCertificatePolicy _certificates;
    private readonly HttpClient _http;
    private string? _sessionToken;

    public RedfishClient(RedfishOptions options, string keyPrefix)
    {
        _options = options;
        BaseUri = new Uri(options.BaseUri);
        if (BaseUri.Scheme == "http" && !(options.AllowPlainHttp && RedfishOptions.IsLoopback(BaseUri)))
        {
            throw new InvalidOperationException($"{keyPrefix}:BaseUri = '{options.BaseUri}': plain http is allowed only with AllowPlainHttp on a loopback address");
        }

        _certificates = new RedfishCertificatePolicy(options.CertificateSha256, options.CaBundleFile, $"{keyPrefix}:CertificateSha256");
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = _certificates.Validate;
        _http = new HttpClient(handler)
        {
            // The source's token carries the timeout.
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = 16 * 1024 * 1024,
        };
    }

    /// <summary>The service's address.</summary>
    public Uri BaseUri { get; }

    /// <summary>Logins made so far (a session each).</summary>
    public int Logins { get; private set; }

    /// <summary>The resource at <paramref name="path"/> (e.g. "/redfish/v1/Storage"), parsed.</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        await GetAsync(path, notFoundIsNull: false, cancellationToken) ?? throw new InvalidOperationException("unreachable");

    /// <summary>The resource at <paramref name="path"/>, or null when the service answers 404 (a link to something it does not implement).</summary>
    public Task<JsonElement?> GetIfPresentAsync(string path, CancellationToken cancellationToken) =>
        GetAsync(path, notFoundIsNull: true, cancellationToken);

    private async Task<JsonElement?> GetAsync(string path, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUri, path);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            await AuthorizeAsync(request, cancellationToken);
            using var response = await SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && _options.Authentication == "Session" && attempt == 0)
            {
                // The session expired or the service restarted: log in again, once.
                _sessionToken = null;
                continue;
            }

            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidDataException($"GET {uri}: {Status(response)}{ErrorDetail(body)}");
            }

            return Parse(body, $"GET {uri}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        switch (_options.Authentication)
        {
            case "Basic":
                var (user, password) = ReadCredentials();
                request.Headers.Authorization = new AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
                break;
            case "Session":
                _sessionToken ??= await LoginAsync(cancellationToken);
                request.Headers.Add("X-Auth-Token", _sessionToken);
                break;
        }
    }

    // The session request's JSON, generated at build time (no reflection: survives trimming).
    [JsonSerializable(typeof(Dictionary<string, string>))]
    private sealed partial class LoginJson : JsonSerializerContext;

    private async Task<string> LoginAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUri, SessionsPath);
        var (user, password) = ReadCredentials();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["UserName"] = user, ["Password"] = password }, LoginJson.Default.DictionaryStringString),
        };
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
        {
            throw new InvalidDataException($"POST {uri}: {Status(response)}: the service refused the credentials in {_options.CredentialsFile}");
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            throw new InvalidDataException($"POST {uri}: {Status(response)}{ErrorDetail(body)}");
        }

        if (!response.Headers.TryGetValues("X-Auth-Token", out var tokens) || tokens.FirstOrDefault() is not { Length: > 0 } token)
        {
            throw new InvalidDataException($"POST {uri}: {Status(response)} without an X-Auth-Token header: no session to use");
        }

        Logins++;
        return token;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException && _certificates.LastRefusal is { } why)
        {
            throw new InvalidDataException($"{request.Method} {request.RequestUri}: TLS refused: {why}", e);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidDataException($"{request.Method} {request.RequestUri}: {e.Message}", e);
        }
    }

    private (string User, string Password) ReadCredentials()
    {
        var file = _options.CredentialsFile;
        string? line;
        try
        {
            using var reader = new StreamReader(file);
            line = reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"credentials file {file}: {e.Message}", e);
        }

        var colon = line?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (line is null || colon <= 0 || colon == line.Length - 1)
        {
            // The line itself is never quoted: it may hold the password.
            throw new InvalidDataException($"credentials file {file}: expected user:password on its first line");
        }

        return (line[..colon], line[(colon + 1)..]);
    }

    private static JsonElement Parse(byte[] body, string place)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var what = e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd('.', ' ');
            throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"{place}: invalid JSON at line {line}, byte {column}: {what}"), e);
        }
    }

    private static string Status(HttpResponseMessage response) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase}");

    // A Redfish error body carries a message worth showing ({"error": {"message": ...}}).
    private static string ErrorDetail(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                var text = message.GetString()!;
                return ": " + (text.Length > 200 ? text[..200] + "..." : text);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status alone says enough.
        }

        return "";
    }
}
