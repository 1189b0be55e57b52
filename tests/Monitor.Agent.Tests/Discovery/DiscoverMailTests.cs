using Monitor.Agent.Discovery;

namespace Monitor.Agent.Tests.Discovery;

/// <summary>
/// Where `discover` finds the mail: the real postconf and doveconf (Debian packages postfix and
/// dovecot-core) asked about a configuration of the test's own, and the same configuration read
/// as files from a tree, which must say what the programs say.
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
        var version = (await ConfigCommand.LinesAsync(postconf, $"-c {config.File("postfix")} -h mail_version", CancellationToken.None)).Single();
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
    public async Task Discover_ConfigurationFilesUnderARoot_SayWhatPostconfAndDoveconfSayOfThem()
    {
        // Debian's protocol files (of the installed packages) and a configuration of the test's
        // own in Debian's layout: read as files, and asked of the programs, the same answers.
        var postconf = RunningProgram.Require("/usr/sbin/postconf", "postfix");
        var doveconf = RunningProgram.Require("/usr/bin/doveconf", "dovecot-core");
        using var tree = new DiscoveryTree();
        tree.Tree.Delete("/usr/share/dovecot/protocols.d");
        foreach (var file in Directory.EnumerateFiles("/usr/share/dovecot/protocols.d"))
        {
            tree.Tree.Write(file, File.ReadAllText(file));
        }

        tree.Tree.Write("/etc/postfix/main.cf", """
            compatibility_level = 3.6
            # the queue on the store, continued on a second line
            queue_directory =
              /srv/vmail/queue
            """ + "\n");
        tree.Tree.Write("/etc/postfix/master.cf", "smtp inet n - y - - smtpd\n");
        tree.Tree.Write("/etc/dovecot/dovecot.conf", """
            !include_try /usr/share/dovecot/protocols.d/*.protocol
            !include conf.d/*.conf
            """ + "\n");
        tree.Tree.Write("/etc/dovecot/conf.d/10-mail.conf", """
            # Debian's default
            mail_location = mbox:~/mail:INBOX=/var/mail/%u
            namespace inbox {
              inbox = yes
            }
            """ + "\n");

        var files = await DiscoverCommand.DiscoverAsync("mail01", new DiscoverOptions { Root = tree.Root }, CancellationToken.None);
        var programs = await DiscoverCommand.DiscoverAsync("mail01", new DiscoverOptions
        {
            Root = tree.Root,
            PostfixConfig = tree.Tree.PathOf("/etc/postfix"),
            DovecotConfig = tree.Tree.PathOf("/etc/dovecot/dovecot.conf"),
            Postconf = postconf,
            Doveconf = doveconf,
        }, CancellationToken.None);

        Assert.Empty(programs.Problems);
        Assert.Equal(["postconf", "doveconf"], programs.MailSoftware.Select(s => Path.GetFileName(s.From.Split(' ')[0])));
        Assert.Equal(["main.cf", "dovecot.conf"], files.MailSoftware.Select(s => Path.GetFileName(s.From)));
        Assert.Equal(programs.MailSoftware.Select(s => (s.Name, string.Join(' ', s.Functions))), files.MailSoftware.Select(s => (s.Name, string.Join(' ', s.Functions))));
        Assert.Equal(Stores(programs), Stores(files));
        Assert.Equal(
            [("/srv/vmail/queue", "Postfix queue_directory", "mpathA", null), ("/var/mail", "Postfix mail_spool_directory, Dovecot mail_location INBOX", "mpathB", null)],
            Stores(files));
    }
}
