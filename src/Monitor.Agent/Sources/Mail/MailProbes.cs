using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Mail;

/// <summary>Options of the synthetic probes (Agent:Sources:Probes).</summary>
public sealed class ProbesOptions : SourceOptions
{
    /// <summary>The probes to run each interval.</summary>
    public List<MailProbeOptions> Targets { get; set; } = [];

    /// <summary>
    /// JSON file of probe credentials by name: <c>{"alpha-pop": {"User": "probe1", "Password": "..."}}</c>.
    /// Read at each interval, never logged. Default "/etc/monitor/probe-credentials.json".
    /// </summary>
    public string CredentialsFile { get; set; } = "/etc/monitor/probe-credentials.json";

    /// <summary>Longest one probe may take; a slower one counts as failed. Default 8 seconds (below the source's timeout).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        if (ProbeTimeout <= TimeSpan.Zero || ProbeTimeout >= Timeout)
        {
            yield return $"{keyPrefix}:ProbeTimeout = '{ProbeTimeout}' is not valid: expected a time span above zero and below the source's Timeout ({Timeout})";
        }

        for (var i = 0; i < Targets.Count; i++)
        {
            foreach (var problem in Targets[i].Validate($"{keyPrefix}:Targets:{i}"))
            {
                yield return problem;
            }
        }
    }
}

/// <summary>One probe: which server to reach, how, and which topology function it stands for.</summary>
public sealed class MailProbeOptions
{
    /// <summary>Topology service id, e.g. "cty-mail".</summary>
    public string Service { get; set; } = "";

    /// <summary>Function name within the service, e.g. "pop3"; the entity is "service/function".</summary>
    public string Function { get; set; } = "";

    /// <summary>What to do: "pop3" (USER/PASS, STAT), "imap" (LOGIN, EXAMINE INBOX) or "smtp" (EHLO, optional AUTH, QUIT).</summary>
    public string Protocol { get; set; } = "";

    /// <summary>Server host name or address.</summary>
    public string Host { get; set; } = "";

    /// <summary>Server port.</summary>
    public int Port { get; set; }

    /// <summary>"none", "implicit" (TLS from the first byte: 995, 993, 465) or "starttls". Default "none".</summary>
    public string Tls { get; set; } = "none";

    /// <summary>PEM file of the CA (or the server certificate itself) to trust instead of the system's; empty: system trust.</summary>
    public string CaFile { get; set; } = "";

    /// <summary>Name of the credential in the credentials file; required for pop3 and imap, optional for smtp.</summary>
    public string Credential { get; set; } = "";

    internal IEnumerable<string> Validate(string key)
    {
        if (Service.Length == 0 || Service.Contains('/', StringComparison.Ordinal))
        {
            yield return $"{key}:Service = '{Service}' is not valid: expected a topology service id such as cty-mail";
        }

        if (Function.Length == 0 || Function.Contains('/', StringComparison.Ordinal))
        {
            yield return $"{key}:Function = '{Function}' is not valid: expected a function name such as pop3";
        }

        if (Protocol is not ("pop3" or "imap" or "smtp"))
        {
            yield return $"{key}:Protocol = '{Protocol}' is not valid: expected pop3, imap or smtp";
        }

        if (Host.Length == 0)
        {
            yield return $"{key}:Host = '{Host}' is not valid: expected the server's host name or address";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"{key}:Port = '{Port}' is not valid: expected a port from 1 to 65535";
        }

        if (Tls is not ("none" or "implicit" or "starttls"))
        {
            yield return $"{key}:Tls = '{Tls}' is not valid: expected none, implicit or starttls";
        }

        if (CaFile.Length > 0 && !File.Exists(CaFile))
        {
            yield return $"{key}:CaFile = '{CaFile}' is not valid: expected an existing PEM file, or empty for the system's trust";
        }

        if (Protocol is "pop3" or "imap" && Credential.Length == 0)
        {
            yield return $"{key}:Credential = '' is not valid: expected the name of a credential in the credentials file ({Protocol} logs in)";
        }
    }
}

/// <summary>
/// Synthetic probes of what users do: log in to POP3 and read the mailbox size, log in to IMAP
/// and open the inbox, greet SMTP, against configured servers. Each reports
/// monitor_probe_success and monitor_probe_duration_seconds on "service/function", because
/// users feel the login, not the storage latency behind it (Alpha Mail's POP failures, seed 000).
/// Uses MailKit for the protocols. Passwords come from the credentials file at each read and
/// never reach a log line or an error message.
/// </summary>
public sealed partial class MailProbes : PolledSource
{
    private readonly ProbesOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the source.</summary>
    public MailProbes(ProbesOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
        _logger = context.Logs.CreateLogger<MailProbes>();
    }

    /// <summary>How the agent finds, configures and builds this source: "probes", under Agent:Sources:Probes.</summary>
    public static SourceDefinition<ProbesOptions> Definition { get; } = new("probes", (options, context) => new MailProbes(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override async Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var credentials = _options.Targets.Any(t => t.Credential.Length > 0) ? LoadCredentials() : [];
        foreach (var target in _options.Targets.Where(t => t.Credential.Length > 0 && !credentials.ContainsKey(t.Credential)))
        {
            throw new SourceReadException(Name, $"{_options.CredentialsFile}: no credential named '{target.Credential}' (probe {target.Service}/{target.Function})");
        }

        var results = await Task.WhenAll(_options.Targets.Select(t => ProbeAsync(t, t.Credential.Length > 0 ? credentials[t.Credential] : null, cancellationToken)));
        var samples = new List<Sample>(results.Length * 2);
        foreach (var (target, ok, seconds) in results)
        {
            var entity = $"{target.Service}/{target.Function}";
            samples.Add(new Sample(now, entity, MetricCatalog.ProbeSuccess, ok ? 1 : 0));
            samples.Add(new Sample(now, entity, MetricCatalog.ProbeDuration, seconds));
        }

        return new SourceReading(samples);
    }

    private async Task<(MailProbeOptions Target, bool Ok, double Seconds)> ProbeAsync(MailProbeOptions target, ProbeCredential? credential, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ProbeTimeout);
        var started = Context.Clock.GetTimestamp();
        try
        {
            await RunAsync(target, credential, timeout.Token);
            return (target, true, Context.Clock.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var seconds = Context.Clock.GetElapsedTime(started).TotalSeconds;
            var why = e is OperationCanceledException ? $"no answer within {_options.ProbeTimeout.TotalSeconds:0.#}s" : Scrub(e, credential);
            _logger.LogWarning("probe {Entity} ({Protocol} {Host}:{Port}) failed after {Seconds:0.###}s: {Why}",
                $"{target.Service}/{target.Function}", target.Protocol, target.Host, target.Port, seconds, why);
            return (target, false, seconds);
        }
    }

    private static async Task RunAsync(MailProbeOptions target, ProbeCredential? credential, CancellationToken cancellationToken)
    {
        var security = target.Tls switch
        {
            "implicit" => SecureSocketOptions.SslOnConnect,
            "starttls" => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        switch (target.Protocol)
        {
            case "pop3":
                {
                    using var pop3 = new Pop3Client();
                    await ConnectAsync(pop3, target, security, cancellationToken);
                    // USER/PASS, as most POP clients log in (no SASL, no APOP).
                    pop3.AuthenticationMechanisms.Clear();
                    await pop3.AuthenticateAsync(credential!.User, credential.Password, cancellationToken);
                    await pop3.GetMessageCountAsync(cancellationToken);
                    await pop3.DisconnectAsync(quit: true, cancellationToken);
                    break;
                }

            case "imap":
                {
                    using var imap = new ImapClient();
                    await ConnectAsync(imap, target, security, cancellationToken);
                    // LOGIN, as most IMAP clients log in; then open the inbox, which reads the store.
                    imap.AuthenticationMechanisms.Clear();
                    await imap.AuthenticateAsync(credential!.User, credential.Password, cancellationToken);
                    await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                    await imap.DisconnectAsync(quit: true, cancellationToken);
                    break;
                }

            default:
                {
                    using var smtp = new SmtpClient();
                    await ConnectAsync(smtp, target, security, cancellationToken); // greeting and EHLO
                    if (credential is not null)
                    {
                        await smtp.AuthenticateAsync(credential.User, credential.Password, cancellationToken);
                    }

                    await smtp.DisconnectAsync(quit: true, cancellationToken);
                    break;
                }
        }
    }

    private static Task ConnectAsync(IMailService client, MailProbeOptions target, SecureSocketOptions security, CancellationToken cancellationToken)
    {
        if (target.CaFile.Length > 0)
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(target.CaFile);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && CertificatePinning.IsTrusted(certificate, errors, trusted);
        }

        return client.ConnectAsync(target.Host, target.Port, security, cancellationToken);
    }

    // An error message must never carry the password, whatever the server or the library echoed.
    private static string Scrub(Exception e, ProbeCredential? credential)
    {
        var message = $"{e.GetType().Name}: {e.Message}";
        return credential is { Password.Length: > 0 } ? message.Replace(credential.Password, "***", StringComparison.Ordinal) : message;
    }

    private Dictionary<string, ProbeCredential> LoadCredentials()
    {
        try
        {
            using var file = File.OpenRead(_options.CredentialsFile);
            var credentials = JsonSerializer.Deserialize(file, CredentialsJson.Default.DictionaryStringProbeCredential);
            if (credentials is null || credentials.Values.Any(c => c is null || string.IsNullOrEmpty(c.User) || c.Password is null))
            {
                throw new SourceReadException(Name, $"{_options.CredentialsFile}: expected {{\"name\": {{\"User\": \"...\", \"Password\": \"...\"}}, ...}}");
            }

            return credentials;
        }
        catch (JsonException e)
        {
            // Only the position: the text around it could be a password.
            throw new SourceReadException(Name, $"{_options.CredentialsFile}: not valid JSON at line {e.LineNumber + 1}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceReadException(Name, $"credentials file {_options.CredentialsFile} cannot be read ({e.GetType().Name})");
        }
    }

    // The credentials file's JSON, generated at build time (no reflection: survives trimming).
    [JsonSerializable(typeof(Dictionary<string, ProbeCredential>))]
    private sealed partial class CredentialsJson : JsonSerializerContext;

    /// <summary>A probe account.</summary>
    /// <param name="User">Login name.</param>
    /// <param name="Password">Password; never logged.</param>
    private sealed record ProbeCredential(string User, string Password)
    {
        // Keeps the password out of anything that prints the record.
        public override string ToString() => $"{User} (password hidden)";
    }
}
