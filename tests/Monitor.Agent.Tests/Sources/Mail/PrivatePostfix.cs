using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Monitor.Agent.Tests.Sources.Mail;

/// <summary>
/// A real Postfix of its own (Debian package postfix), started by a test: its own
/// config_directory, queue_directory and maillog_file in a temp directory, smtpd on a free
/// loopback port, every daemon unchrooted, relaying wherever the test says. Stopped and removed
/// on dispose. Needs root (the master runs as root, the daemons as the postfix user).
/// </summary>
internal sealed class PrivatePostfix : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    private PrivatePostfix()
    {
        ConfigDirectory = Path.Combine(_dir.Path, "etc");
        SmtpPort = FreePort();
    }

    public string ConfigDirectory { get; }

    public string LogFile => Path.Combine(_dir.Path, "maillog");

    public int SmtpPort { get; }

    /// <summary>Starts an instance relaying to <paramref name="relayhost"/>.</summary>
    public static async Task<PrivatePostfix> StartAsync(string relayhost, params string[] extraSettings)
    {
        foreach (var program in new[] { "/usr/sbin/postfix", "/usr/sbin/postqueue", "/usr/sbin/sendmail" })
        {
            Assert.True(File.Exists(program), $"{program} is missing: install the Debian package 'postfix' (apt-get install postfix) to run the real-Postfix tests");
        }

        var postfix = new PrivatePostfix();
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

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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

    private async Task WriteConfigurationAsync(string relayhost, string[] extraSettings)
    {
        var root = _dir.Path;
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(Path.Combine(root, "spool"));
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "main.cf"), $"""
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
            smtp unix - - n - - smtp
            relay unix - - n - - smtp
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
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output} {await errors}");
    }
}
