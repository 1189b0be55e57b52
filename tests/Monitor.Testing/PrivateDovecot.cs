using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.Testing;

/// <summary>
/// A real Dovecot of its own (Debian packages dovecot-core, dovecot-pop3d, dovecot-imapd),
/// started by a test: base_dir, log file, passwd-file and maildir in a temp directory, POP3,
/// POP3S, IMAP and the stats HTTP listener on free loopback ports, a self-signed certificate
/// made here, and the login metrics of the README's dovecot.conf. One user: alice / secret.
/// Stopped and removed on dispose. Needs root.
/// </summary>
public sealed class PrivateDovecot : IDisposable
{
    /// <summary>The one user of its passwd-file.</summary>
    public const string User = "alice";
    /// <summary>That user's password.</summary>
    public const string Password = "s3cret pass";

    private readonly TemporaryDirectory _dir = new();

    private PrivateDovecot()
    {
        Pop3Port = PrivatePostfix.FreePort();
        Pop3sPort = PrivatePostfix.FreePort();
        ImapPort = PrivatePostfix.FreePort();
        StatsPort = PrivatePostfix.FreePort();
    }

    /// <summary>POP3 (cleartext) on loopback.</summary>
    public int Pop3Port { get; }

    /// <summary>POP3S (TLS from the first byte) on loopback.</summary>
    public int Pop3sPort { get; }

    /// <summary>IMAP (cleartext) on loopback.</summary>
    public int ImapPort { get; }

    /// <summary>The stats service's HTTP listener (OpenMetrics at /metrics).</summary>
    public int StatsPort { get; }

    /// <summary>Its log_path.</summary>
    public string LogFile => Path.Combine(_dir.Path, "dovecot.log");

    /// <summary>The server's self-signed certificate (PEM), to pin.</summary>
    public string CertificateFile => Path.Combine(_dir.Path, "cert.pem");

    private string ConfigFile => Path.Combine(_dir.Path, "dovecot.conf");

    /// <summary>Starts an instance and returns once every listener answers.</summary>
    /// <exception cref="InvalidOperationException">Dovecot is not installed, or did not start (the message says why).</exception>
    public static async Task<PrivateDovecot> StartAsync()
    {
        RunningProgram.Require("/usr/sbin/dovecot", "dovecot-core");
        RunningProgram.Require("/usr/lib/dovecot/pop3", "dovecot-pop3d");
        RunningProgram.Require("/usr/lib/dovecot/imap", "dovecot-imapd");
        var dovecot = new PrivateDovecot();
        try
        {
            await dovecot.WriteConfigurationAsync();
            await dovecot.Start("/usr/sbin/dovecot", "-c", dovecot.ConfigFile);
            await dovecot.WaitUntilListeningAsync();
            return dovecot;
        }
        catch
        {
            dovecot.Dispose();
            throw;
        }
    }

    /// <summary>Writes another self-signed certificate (not the server's), to pin wrongly.</summary>
    public static void WriteSelfSignedCertificate(string certificateFile, string? keyFile = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        if (keyFile is not null)
        {
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        }
    }

    /// <summary>Stops Dovecot as an operator does (<c>dovecot stop</c>) and returns once POP3 refuses connections.</summary>
    public async Task StopAsync()
    {
        await Run("/usr/sbin/dovecot", "-c", ConfigFile, "stop");
        await WaitUntilRefusedAsync();
    }

    /// <summary>Starts the stopped instance again, on the same ports, and returns once every listener answers.</summary>
    public async Task StartAgainAsync()
    {
        await Start("/usr/sbin/dovecot", "-c", ConfigFile);
        await WaitUntilListeningAsync();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Run("/usr/sbin/dovecot", "-c", ConfigFile, "stop").Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Not started, or already stopped.
        }

        _dir.Dispose();
    }

    private async Task WriteConfigurationAsync()
    {
        var root = _dir.Path;
        var home = Directory.CreateDirectory(Path.Combine(root, "home", User)).FullName;
        await Run("/usr/bin/chown", "65534:65534", home); // mail is read as nobody
        await File.WriteAllTextAsync(Path.Combine(root, "passwd"), $"{User}:{{PLAIN}}{Password}:65534:65534::{home}\n");
        WriteSelfSignedCertificate(CertificateFile, Path.Combine(root, "key.pem"));
        await File.WriteAllTextAsync(ConfigFile, $$"""
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            log_path = {{root}}/dovecot.log
            protocols = pop3 imap
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <{{root}}/cert.pem
            ssl_key = <{{root}}/key.pem
            disable_plaintext_auth = no
            auth_failure_delay = 0
            auth_mechanisms = plain login
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{root}}/passwd
            }
            userdb {
              driver = passwd-file
              args = {{root}}/passwd
            }
            mail_location = maildir:~/Maildir
            service pop3-login {
              inet_listener pop3 {
                port = {{Pop3Port}}
              }
              inet_listener pop3s {
                port = {{Pop3sPort}}
                ssl = yes
              }
            }
            service imap-login {
              inet_listener imap {
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service stats {
              inet_listener http {
                port = {{StatsPort}}
              }
            }
            metric auth_success {
              filter = event=auth_request_finished AND success=yes
              group_by = service
            }
            metric auth_failure {
              filter = event=auth_request_finished AND NOT success=yes
              group_by = service
            }
            """);
    }

    // The master returns before its listeners are gone: bounded, like the wait for them to answer.
    private async Task WaitUntilRefusedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { Pop3Port, ImapPort })
        {
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port);
                }
                catch (SocketException)
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Dovecot still accepts connections on port {port} 30 s after 'dovecot stop'");
                }

                await Task.Delay(100);
            }
        }
    }

    // A bounded wait on an external process: Dovecot forks its listeners after it returns.
    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { Pop3Port, Pop3sPort, ImapPort, StatsPort })
        {
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    // The daemon keeps the standard streams it was given: redirected, they would never reach
    // end of file, so the starter writes to a file instead.
    private async Task Start(string program, params string[] arguments)
    {
        var output = Path.Combine(_dir.Path, "start.out");
        await Run("/bin/sh", ["-c", $"exec \"$0\" \"$@\" >'{output}' 2>&1", program, .. arguments]);
    }

    private static async Task Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output} {await errors}");
        }
    }
}
