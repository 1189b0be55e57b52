using Monitor.Agent.Discovery;
using Monitor.Agent.Tests.Sources.Storage;

namespace Monitor.Agent.Tests.Discovery;

/// <summary>
/// Where `discover` finds the mail: the real postconf and doveconf (Debian packages postfix and
/// dovecot-core) asked about a configuration of the test's own, and the Debian configuration
/// files of this machine read from a tree, which must say what the programs say.
/// </summary>
public sealed class DiscoverMailTests
{
    private static (string Path, string Why, string? Map, string? Disk)[] Stores(HostInventory inventory) =>
        [.. inventory.Stores.Select(s => (s.Path, s.Why, s.Map, s.Disk))];

    [Fact]
    public async Task Discover_RealPostconfAndDoveconf_FindTheStoresTheyNameOnTheirVolumes()
    {
        var postconf = RunningProgram.Require("/usr/sbin/postconf", "postfix");
        var doveconf = RunningProgram.Require("/usr/bin/doveconf", "dovecot-core");
        using var tree = new DiscoveryTree();
        using var config = new TemporaryDirectory();
        config.Write("postfix/main.cf", """
            compatibility_level = 3.6
            queue_directory = /srv/queue
            virtual_mailbox_base = /srv/vmail
            """ + "\n");
        config.Write("postfix/master.cf", "smtp inet n - y - - smtpd\n");
        var dovecotConf = config.Write("dovecot.conf", """
            protocols = imap pop3 lmtp
            mail_location = maildir:~/Maildir
            mail_home = /srv/vmail/%d/%n
            """ + "\n");

        var inventory = await DiscoverCommand.DiscoverAsync("mail01", new DiscoverOptions
        {
            Root = tree.Root,
            PostfixConfig = config.File("postfix"),
            DovecotConfig = dovecotConf,
            Postconf = postconf,
            Doveconf = doveconf,
        }, CancellationToken.None);

        Assert.Empty(inventory.Problems);
        var version = (await Monitor.Agent.Discovery.ConfigCommand.LinesAsync(postconf, "-h mail_version", CancellationToken.None)).Single();
        Assert.Equal([("Postfix", version), ("Dovecot", null)], inventory.MailSoftware.Select(s => (s.Name, s.Version)));
        Assert.Equal(["imap", "pop3"], inventory.MailSoftware[1].Functions);
        // The queue on /, the local spool on mpathB, the virtual mailboxes and Dovecot's homes on the LVM volume over mpathA.
        Assert.Equal(
            [
                ("/srv/queue", "Postfix queue_directory", null, "sda1"),
                ("/var/mail", "Postfix mail_spool_directory", "mpathB", null),
                ("/srv/vmail", "Postfix virtual_mailbox_base, Dovecot mail_location", "mpathA", null),
            ],
            Stores(inventory));
    }

    [Fact]
    public async Task Discover_DebianConfigurationFilesUnderARoot_SayWhatPostconfAndDoveconfSay()
    {
        RunningProgram.Require("/usr/sbin/postconf", "postfix");
        RunningProgram.Require("/usr/bin/doveconf", "dovecot-core");
        using var tree = new SysfsTree();
        Copy("/etc/postfix/main.cf", tree);
        foreach (var file in Directory.EnumerateFiles("/etc/dovecot", "*", SearchOption.AllDirectories).Where(f => !f.Contains("/private/", StringComparison.Ordinal)))
        {
            Copy(file, tree);
        }

        if (Directory.Exists("/usr/share/dovecot/protocols.d"))
        {
            foreach (var file in Directory.EnumerateFiles("/usr/share/dovecot/protocols.d"))
            {
                Copy(file, tree);
            }
        }

        Copy("/proc/self/mountinfo", tree);

        var live = await DiscoverCommand.DiscoverAsync("mail01", new DiscoverOptions(), CancellationToken.None);
        var files = await DiscoverCommand.DiscoverAsync("mail01", new DiscoverOptions { Root = tree.Root }, CancellationToken.None);

        Assert.Contains(live.MailSoftware, s => s.Name == "Postfix" && s.From.StartsWith("postconf ", StringComparison.Ordinal));
        Assert.Contains(files.MailSoftware, s => s.Name == "Postfix" && s.From.EndsWith("/etc/postfix/main.cf", StringComparison.Ordinal));
        Assert.Equal(live.MailSoftware.Select(s => (s.Name, string.Join(' ', s.Functions))), files.MailSoftware.Select(s => (s.Name, string.Join(' ', s.Functions))));
        Assert.Equal(live.Stores.Select(s => (s.Path, s.Why, s.Mount?.MountPoint)), files.Stores.Select(s => (s.Path, s.Why, s.Mount?.MountPoint)));
        Assert.NotEmpty(live.Stores);
    }

    private static void Copy(string file, SysfsTree tree)
    {
        // Copied as text: /proc files have no length to copy by.
        tree.Write(file, File.ReadAllText(file));
    }
}
