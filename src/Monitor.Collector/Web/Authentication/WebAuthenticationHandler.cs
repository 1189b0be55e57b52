using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// Signs in a request from its <c>Authorization</c> header: <c>Basic</c> (a user of
/// <c>Collector:Web:Users</c>, as a browser sends it) or <c>Bearer</c> (a token of
/// <c>Collector:Web:Tokens</c>). The 401 challenge asks browsers for a name and a password in the
/// realm <c>Monitor</c>; its text says what to do, including which keys to configure when no one
/// can sign in. No secret, and no name that is not a configured user, is ever logged.
/// </summary>
internal sealed class WebAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly WebCredentials _credentials;
    private readonly WebAccess _access;
    private readonly SignInThrottle _throttle;
    private readonly ILogger _log;
    private TimeSpan _throttledFor;
    private string? _reasonForLog;
    private string? _reasonForClient;

    /// <summary>Creates the handler (one per request).</summary>
    public WebAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory loggerFactory,
        UrlEncoder encoder,
        WebCredentials credentials,
        WebAccess access,
        SignInThrottle throttle)
        : base(options, NullLoggerFactory.Instance, encoder)
    {
        _throttle = throttle;
        // The base class would log every challenge; only refusals are worth a line.
        _log = loggerFactory.CreateLogger<WebAuthenticationHandler>();
        _credentials = credentials;
        _access = access;
    }

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();

        // An agent's push carries its own bearer token, which AgentAuthenticator checks: it is no
        // web sign-in, and counted as a failed one it throttled the agents' address (and on-call's
        // behind the same address) after five pushes.
        if (header.Length == 0 || (HttpProtocol.IsHttp2(Request.Protocol) && Request.Path == Ingest.IngestMethods.Path))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        var value = space < 0 ? "" : header[(space + 1)..].Trim();
        var address = Context.Connection.RemoteIpAddress;

        // Only a configured user's name is throttled (and logged): a stranger's may be a password.
        var user = scheme.Equals(WebSignIn.Basic, StringComparison.OrdinalIgnoreCase) && BasicName(value) is { } named && _credentials.IsUser(named) ? named : null;
        _throttledFor = _throttle.Wait(user, address);
        if (_throttledFor > TimeSpan.Zero)
        {
            _reasonForLog = "too many failed sign-ins";
            return Task.FromResult(AuthenticateResult.Fail(_reasonForLog));
        }

        WebCredential? credential;
        string how;
        if (scheme.Equals(WebSignIn.Basic, StringComparison.OrdinalIgnoreCase))
        {
            how = WebSignIn.Basic;
            credential = Basic(value);
        }
        else if (scheme.Equals(WebSignIn.Bearer, StringComparison.OrdinalIgnoreCase))
        {
            how = WebSignIn.Bearer;
            credential = _credentials.FindToken(value);
            _reasonForLog = credential is null ? "unknown token" : null;
            _reasonForClient = "the token is not known";
        }
        else
        {
            how = "";
            credential = null;
            _reasonForLog = "the Authorization header is neither Basic nor Bearer";
            _reasonForClient = _reasonForLog;
        }

        if (credential is null)
        {
            _log.LogWarning("Web sign-in refused from {Remote} for {Path}: {Reason}", address, Request.Path.Value, _reasonForLog);
            var backoff = _throttle.Failed(user, address);
            if (backoff > TimeSpan.Zero)
            {
                _log.LogWarning(
                    "Web sign-in from {Remote}{User} throttled after repeated failures: attempts are answered 429 for {Backoff}",
                    address,
                    user is null ? "" : $" for user '{user}'",
                    backoff);
            }

            return Task.FromResult(AuthenticateResult.Fail(_reasonForLog ?? "refused"));
        }

        _throttle.Succeeded(user, address);

        var principal = WebSignIn.Principal(credential, how);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    /// <inheritdoc/>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await HandleAuthenticateOnceSafeAsync();
        if (_throttledFor > TimeSpan.Zero)
        {
            var seconds = (int)Math.Ceiling(_throttledFor.TotalSeconds);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteAsync($"Too many failed sign-ins for this name or from this address; try again in {seconds} s.\n");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, $"{WebSignIn.Basic} realm=\"{WebSignIn.Realm}\", charset=\"UTF-8\"");
        Response.Headers.Append(HeaderNames.WWWAuthenticate, $"{WebSignIn.Bearer} realm=\"{WebSignIn.Realm}\"");
        await WriteAsync(ChallengeText());
    }

    /// <inheritdoc/>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var who = Context.User.Identity?.Name;
        await WriteAsync(
            $"Signed in as '{who}' with the {WebOptions.ReadOnly} role: acknowledging, resolving and notes need "
            + $"a user or token with the {WebOptions.OnCall} role (Collector:Web:Users or Collector:Web:Tokens).\n");
    }

    /// <summary>The name of Basic credentials, or null when they are malformed.</summary>
    private static string? BasicName(string value)
    {
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var length))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : text[..colon];
    }

    private WebCredential? Basic(string value)
    {
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var length))
        {
            _reasonForLog = "malformed Basic credentials (not base64)";
            _reasonForClient = _reasonForLog;
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            _reasonForLog = "malformed Basic credentials (not UTF-8)";
            _reasonForClient = _reasonForLog;
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            _reasonForLog = "malformed Basic credentials (no ':' between name and password)";
            _reasonForClient = _reasonForLog;
            return null;
        }

        var name = text[..colon];
        var credential = _credentials.FindUser(name, text[(colon + 1)..]);

        // The log tells a wrong password from an unknown name; the answer does not, so it cannot
        // be used to find out who the users are. A name that is not a user may be a password
        // typed in the wrong field: it is never logged.
        _reasonForLog = credential is not null ? null
            : _credentials.IsUser(name) ? $"wrong password for user '{name}'"
            : "unknown user name";
        _reasonForClient = "the user name or the password is wrong";
        return credential;
    }

    private string ChallengeText()
    {
        if (_credentials.IsEmpty && _access.Anonymous == WebRole.None)
        {
            return "No one can sign in to this collector yet. Configure Collector:Web:Users (Name, Role read-only or on-call, "
                + "PasswordFile) or Collector:Web:Tokens (Name, Role, TokenFile); on a closed lab network only, "
                + "Collector:Web:Anonymous = read-only opens the pages without signing in.\n";
        }

        return _reasonForLog is not null
            ? $"Sign-in refused: {_reasonForClient}. Sign in with a user of Collector:Web:Users, or send a token of Collector:Web:Tokens as 'Authorization: Bearer <token>'.\n"
            : "Sign in to Monitor with your user name and password, or send a token as 'Authorization: Bearer <token>'.\n";
    }

    private Task WriteAsync(string text)
    {
        Response.ContentType = "text/plain; charset=utf-8";
        return Response.WriteAsync(text);
    }
}
