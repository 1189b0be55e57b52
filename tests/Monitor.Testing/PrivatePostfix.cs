using System.Diagnostics;

namespace Monitor.Testing;

/// <summary>
/// A real Postfix of its own (Debian package postfix), started by a test: its own
/// config_directory, queue_directory and maillog_file in a temp directory, smtpd on a free
/// loopback port, every daemon unchrooted, relaying wherever the test says. Stopped and removed
/// on dispose. Needs root (the master runs as root, the daemons as the postfix user).
/// </summary>
public sealed class PrivatePostfix : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly IReadOnlyList<string>? _localNames;

    private PrivatePostfix(IReadOnlyList<string>? localNames)
    {
        ConfigDirectory = Path.Combine(_dir.Path, "etc");
        SmtpPort = FreePort();
        _localNames = localNames;
    }

    /// <summary>The instance's config_directory (main.cf, master.cf): what <c>postqueue -c</c> and <c>postconf -c</c> take.</summary>
    public string ConfigDirectory { get; }

    /// <summary>The instance's own main.cf.</summary>
    public string MainCf => Path.Combine(ConfigDirectory, "main.cf");

    /// <summary>Its maillog_file: every daemon's log lines.</summary>
    public string LogFile => Path.Combine(_dir.Path, "maillog");

    /// <summary>The loopback port its smtpd listens on.</summary>
    public int SmtpPort { get; }

    /// <summary>Starts an instance relaying to <paramref name="relayhost"/>.</summary>
    /// <exception cref="InvalidOperationException">Postfix is not installed, or did not start (the message says why).</exception>
    public static Task<PrivatePostfix> StartAsync(string relayhost, params string[] extraSettings) => StartAsync(null, relayhost, extraSettings);

    /// <summary>
    /// Starts an instance whose SMTP client knows <paramref name="localNames"/> as 127.0.0.1 from
    /// its own hosts file (<c>smtp_host_lookup = native</c>, as a site names its internal relays)
    /// and whose DNS is down: the client runs chrooted in the queue directory, where resolv.conf
    /// names a server that refuses. A next hop in [brackets] is then reached by its hosts entry;
    /// one without is looked up as MX in DNS and deferred, the way a relay typo is (seed 004).
    /// </summary>
    /// <exception cref="InvalidOperationException">Postfix is not installed, or did not start (the message says why).</exception>
    public static Task<PrivatePostfix> StartWithLocalNamesAsync(IReadOnlyList<string> localNames, string relayhost, params string[] extraSettings) =>
        StartAsync(localNames, relayhost, extraSettings);

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int FreePort() => RunningProgram.FreePort();

    /// <summary>Changes main.cf settings and reloads.</summary>
    public async Task SetAsync(params string[] settings)
    {
        await Run("/usr/sbin/postconf", ["-c", ConfigDirectory, "-e", .. settings]);
        await Run("/usr/sbin/postfix", "-c", ConfigDirectory, "reload");
    }

    /// <summary>Injects a message with sendmail, as a local user would.</summary>
    public async Task SendAsync(string sender, string recipient, string subject)
    {
        await RunWithInput("/usr/sbin/sendmail", $"Subject: {subject}\n\nTest message from Monitor's tests.\n", "-C", ConfigDirectory, "-f", sender, recipient);
    }

    /// <summary>Asks the queue manager to try every queued message now (postqueue -f).</summary>
    public Task FlushAsync() => Run("/usr/sbin/postqueue", "-c", ConfigDirectory, "-f");

    /// <summary>The log so far, or a sentence saying there is none (for failure messages).</summary>
    public string LogText() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : $"({LogFile} not written)";

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Run("/usr/sbin/postfix", "-c", ConfigDirectory, "stop").Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Not started, or already stopped.
        }

        _dir.Dispose();
    }

    private static async Task<PrivatePostfix> StartAsync(IReadOnlyList<string>? localNames, string relayhost, string[] extraSettings)
    {
        foreach (var program in new[] { "/usr/sbin/postfix", "/usr/sbin/postqueue", "/usr/sbin/sendmail" })
        {
            RunningProgram.Require(program, "postfix");
        }

        var postfix = new PrivatePostfix(localNames);
        try
        {
            await postfix.WriteConfigurationAsync(relayhost, extraSettings);
            await Run("/usr/sbin/postfix", "-c", postfix.ConfigDirectory, "start");
            return postfix;
        }
        catch
        {
            postfix.Dispose();
            throw;
        }
    }

    private async Task WriteConfigurationAsync(string relayhost, string[] extraSettings)
    {
        var root = _dir.Path;
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(Path.Combine(root, "spool"));
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        var chrootSmtp = _localNames is null ? "n" : "y";
        if (_localNames is not null)
        {
            await WriteChrootAsync(Path.Combine(root, "spool", "etc"), _localNames);
        }

        await File.WriteAllTextAsync(MainCf, $"""
            compatibility_level = 3.6
            queue_directory = {root}/spool
            data_directory = {data}
            meta_directory = /etc/postfix
            shlib_directory = /usr/lib/postfix
            daemon_directory = /usr/lib/postfix/sbin
            command_directory = /usr/sbin
            mail_owner = postfix
            setgid_group = postdrop
            inet_interfaces = loopback-only
            inet_protocols = ipv4
            myhostname = mail01.monitor.test
            mydestination =
            alias_maps =
            alias_database =
            relayhost = {relayhost}
            maillog_file = {root}/maillog
            maillog_file_prefixes = {root}
            smtp_connect_timeout = 5s
            {(_localNames is null ? "" : "smtp_host_lookup = native")}
            {string.Join('\n', extraSettings)}
            """);
        await File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "master.cf"), $"""
            127.0.0.1:{SmtpPort} inet n - n - - smtpd
            pickup unix n - n 60 1 pickup
            cleanup unix n - n - 0 cleanup
            qmgr unix n - n 300 1 qmgr
            rewrite unix - - n - - trivial-rewrite
            bounce unix - - n - 0 bounce
            defer unix - - n - 0 bounce
            trace unix - - n - 0 bounce
            verify unix - - n - 1 verify
            flush unix n - n 1000? 0 flush
            proxymap unix - - n - - proxymap
            smtp unix - - {chrootSmtp} - - smtp
            relay unix - - {chrootSmtp} - - smtp
            showq unix n - n - - showq
            error unix - - n - - error
            retry unix - - n - - error
            discard unix - - n - - discard
            local unix - n n - - local
            anvil unix - - n - 1 anvil
            scache unix - - n - 1 scache
            postlog unix-dgram n - n - 1 postlogd
            """);
        // The master takes a lock in data_directory as the postfix user.
        await Run("/usr/bin/chown", "postfix", data);
    }

    // What a chrooted SMTP client reads after chroot: the port of "smtp", the names it may
    // resolve from files, and a name server on a loopback address where none listens (refused at
    // once: "Host not found, try again", as when the site's DNS is down).
    private static async Task WriteChrootAsync(string etc, IReadOnlyList<string> localNames)
    {
        Directory.CreateDirectory(etc);
        File.Copy("/etc/services", Path.Combine(etc, "services"));
        await File.WriteAllTextAsync(Path.Combine(etc, "hosts"), $"127.0.0.1 localhost {string.Join(' ', localNames)}\n");
        await File.WriteAllTextAsync(Path.Combine(etc, "nsswitch.conf"), "hosts: files\n");
        await File.WriteAllTextAsync(Path.Combine(etc, "resolv.conf"), "nameserver 127.0.0.9\noptions timeout:1 attempts:1\n");
    }

    private static Task Run(string program, params string[] arguments) => RunWithInput(program, "", arguments);

    private static async Task RunWithInput(string program, string input, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output} {await errors}");
        }
    }
}
