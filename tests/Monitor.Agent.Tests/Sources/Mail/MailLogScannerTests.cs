using Monitor.Agent.Sources.Mail;

namespace Monitor.Agent.Tests.Sources.Mail;

public sealed class MailLogScannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static string Fixture(string name) =>
        Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Agent.Tests", "Sources", "Fixtures", name);

    private static MailLogTally Scan(params string[] lines)
    {
        var scanner = new MailLogScanner("mail01");
        var tally = new MailLogTally();
        foreach (var text in lines)
        {
            Assert.True(MailLogLine.TryParse(text, Now, TimeZoneInfo.Utc, out var line), text);
            scanner.Scan(line, tally);
        }

        return tally;
    }

    [Fact]
    public void Scan_RealDovecotLogFile_CountsLoginsAndFailingUsersPerProtocol()
    {
        // Written by Debian's Dovecot 2.3.19.1 (its own log_path) for logins made by hand here.
        var tally = Scan(File.ReadAllLines(Fixture("dovecot-2.3-logins.log")));

        Assert.Equal(3, tally.LoginSuccesses("pop3"));
        Assert.Equal(1, tally.LoginFailures("pop3"));
        Assert.True(tally.UserFailed("pop3", "bob"));
        Assert.Equal(3, tally.LoginFailures("imap"));
        Assert.Equal(1, tally.FailedUsers("imap"));
        Assert.True(tally.UserFailed("imap", "alice"));
    }

    private static MailLogTally ScanFile(string name)
    {
        // Real public logs of many hosts and layouts (fixtures mail-logs/README.md); lines that are
        // not log lines (fail2ban's "# failJSON" notes) are skipped.
        var scanner = new MailLogScanner("mail01");
        var tally = new MailLogTally();
        foreach (var text in File.ReadLines(Fixture(Path.Combine("mail-logs", name))))
        {
            if (MailLogLine.TryParse(text, SyslogYears.Near(Now), TimeZoneInfo.Utc, out var line, out _))
            {
                scanner.Scan(line, tally);
            }
        }

        return tally;
    }

    [Fact]
    public void Scan_RealDovecotLogsOfFail2ban_CountsSubmissionAndManagesieveAndNoUserAsNobody()
    {
        var tally = ScanFile("fail2ban-dovecot.log");

        // "imap-login: Disconnected (auth failed, 1 attempts): method=PLAIN, rip=59.167.242.100" names no user.
        Assert.Equal((13, 6, 1), (tally.LoginFailures("imap"), tally.FailedUsers("imap"), tally.UnattributedFailures("imap")));
        Assert.False(tally.UserFailed("imap", ""));
        Assert.Equal((7, 6, 0), (tally.LoginFailures("pop3"), tally.FailedUsers("pop3"), tally.UnattributedFailures("pop3")));
        Assert.Equal((2, 2), (tally.LoginFailures("submission"), tally.FailedUsers("submission")));
        Assert.Equal((2, 2), (tally.LoginFailures("managesieve"), tally.FailedUsers("managesieve")));
        Assert.True(tally.UserFailed("managesieve", "myself"));
    }

    [Fact]
    public void Scan_RealPostfixSaslFailuresOfFail2ban_AreLoginFailuresOfSmtpAndSubmission()
    {
        var tally = ScanFile("fail2ban-postfix.log");

        // 10 on smtpd (one of them postfix-incoming's, one "Aug 3" with a single space, one naming
        // its sasl_username), 4 on submission/smtpd and smtps/smtpd, none naming a user.
        Assert.Equal((10, 1, 9), (tally.LoginFailures("smtp"), tally.FailedUsers("smtp"), tally.UnattributedFailures("smtp")));
        Assert.Equal((4, 0, 4), (tally.LoginFailures("submission"), tally.FailedUsers("submission"), tally.UnattributedFailures("submission")));
    }

    [Theory]
    // Dovecot 2.3 through syslog (public logs; fail2ban's dovecot filter lists the same shapes).
    [InlineData("Oct 29 08:20:15 eagle dovecot: pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<chris@example.com>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<pStpCFN5lMWvijV0>", "pop3", "chris@example.com", 1)]
    [InlineData("Oct 31 11:26:06 ds1 dovecot: pop3-login: Aborted login (auth failed, 1 attempts in 17 secs): user=<vivi@example.gr>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<HbDFLdVcMQ5eQy2O>", "pop3", "vivi@example.gr", 1)]
    [InlineData("Oct  8 08:24:14 serverhost dovecot[3336]: imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 4 secs): user=<info@example.com>, method=PLAIN, rip=::1, lip=::1, TLS, session=<YDnSdNbNoKo>", "imap", "info@example.com", 1)]
    // Dovecot 2.4: "Login aborted: ... (auth_failed)", through syslog and in its own file.
    [InlineData("Jun 12 20:02:23 kvm456 dovecot[996]: imap-login: Login aborted: Connection closed (auth failed, 2 attempts in 14 secs) (auth_failed): user=<jose>, method=PLAIN, rip=192.0.2.7, lip=192.0.2.8, TLS, session=<8oNSumM3A8mK/86a>", "imap", "jose", 2)]
    [InlineData("Jun 12 19:24:38 imap-login: Info: Login aborted: Connection closed (auth failed, 3 attempts in 15 secs) (auth_failed): user=<eft>, method=PLAIN, rip=192.0.2.9, lip=127.4.20.69, TLS, session=<25Nw4GQ3Ms9QM7WQ>", "imap", "eft", 3)]
    [InlineData("Apr 14 12:00:09 testhost dovecot[100]: pop3-login: Login aborted: Logged out (auth_failed): user=<eve@example.com>, method=PLAIN, rip=203.0.113.8, lip=192.0.2.1, session=<mno>", "pop3", "eve@example.com", 1)]
    public void Scan_EveryDovecotFailureForm_CountsTheUserAndAttempts(string text, string protocol, string user, int attempts)
    {
        var tally = Scan(text);

        Assert.Equal(attempts, tally.LoginFailures(protocol));
        Assert.True(tally.UserFailed(protocol, user));
        Assert.Equal(0, tally.LoginSuccesses(protocol));
    }

    [Theory]
    [InlineData("Jun 26 03:45:04 host dovecot: pop3-login: Aborted login (no auth attempts in 0 secs): user=<>, rip=127.0.0.1, lip=127.0.0.1, TLS, session=<V1TNiPSopqN>")]
    [InlineData("Aug 15 06:02:39 host dovecot[3571]: submission-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in 2 secs): user=<business>, method=LOGIN, rip=192.0.2.24, lip=192.0.2.1, TLS, session=<xPPIsz>")]
    [InlineData("Dec 19 19:38:28 host dovecot: lmtp(14486): Connect from local")]
    public void Scan_NoPopOrImapFailure_CountsNothing(string text)
    {
        var tally = Scan(text);

        Assert.Equal(0, tally.LoginFailures("pop3") + tally.LoginFailures("imap") + tally.DeliveryFailures);
    }

    [Fact]
    public void Scan_RealPostfixRelayTypoLog_CountsBouncesAndTheBouncesDroppedAsMailLoss()
    {
        // Debian's Postfix 3.7.11, captured here: relayhost without brackets pointing at a name
        // that does not resolve, maximal_queue_lifetime = bounce_queue_lifetime = 0. Three messages
        // expire, three bounces go back to the sender through the same broken relay, and expire
        // too: the Asahi Net chain of seed 004.
        var tally = Scan(File.ReadAllLines(Fixture("postfix-3.7-relay-typo.log")));

        Assert.Equal(3, tally.Bounces);
        Assert.Equal(3, tally.Discarded);
        Assert.Equal(3, tally.Events.Count);
        Assert.All(tally.Events, e => Assert.Contains("from=<>, status=expired, returned to sender", e.Text, StringComparison.Ordinal));
        Assert.All(tally.Events, e => Assert.Equal("mail01", e.Entity));
        Assert.Equal(0, tally.DeliveryFailures);
    }

    [Fact]
    public void Scan_BounceThatBouncesOnOurOwnFailure_IsMailLossButBackscatterAndAnOrdinaryBounceAreNot()
    {
        var tally = Scan(
            "Nov 23 09:00:00 mail01 postfix/qmgr[9]: 1111AAAA11: from=<>, size=2410, nrcpt=1 (queue active)",
            "Nov 23 09:00:00 mail01 postfix/qmgr[9]: 2222BBBB22: from=<alice@example.com>, size=900, nrcpt=1 (queue active)",
            "Nov 23 09:00:00 mail01 postfix/qmgr[9]: 8888CCCC88: from=<>, size=2410, nrcpt=1 (queue active)",
            // Backscatter: the receiver says the (forged) sender does not exist.
            "Nov 23 09:00:01 mail01 postfix/smtp[10]: 1111AAAA11: to=<nobody@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))",
            "Nov 23 09:00:01 mail01 postfix/smtp[10]: 2222BBBB22: to=<bob@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))",
            "Nov 23 09:00:01 mail01 postfix/bounce[11]: 2222BBBB22: sender non-delivery notification: 3333CCCC33",
            "Nov 23 09:00:01 mail01 postfix/qmgr[9]: 1111AAAA11: removed",
            // Our own failure (seed 004's mistyped relay): the sender exists and is never told.
            "Nov 23 09:00:02 mail01 postfix/smtp[10]: 8888CCCC88: to=<carol@example.org>, relay=none, delay=1, delays=0/0/0/1, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=smtp.examp1e.jp type=A: Host not found)");

        Assert.Equal(1, tally.Discarded);
        Assert.Equal(1, tally.Removed(MailRemoval.Backscatter));
        Assert.Equal(1, tally.Bounces);
        Assert.Contains("8888CCCC88", Assert.Single(tally.Events).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_PostsuperDelete_IsAnAdminRemovalOnTheTimelineNotMailLoss()
    {
        var tally = Scan("Nov 23 09:00:00 mail01 postfix/postsuper[77]: 5555EEEE55: removed");

        Assert.Equal((0, 1), (tally.Discarded, tally.Removed(MailRemoval.Admin)));
        Assert.Contains("postsuper", Assert.Single(tally.Events).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_LmtpMarkedDead_EachSuspendedDeliveryIsAStoreFailure()
    {
        // qmgr marks the transport dead after the first failure and error(8) defers the rest
        // (the real form, e.g. "postfix/error[20640]: ... relay=none, ... dsn=4.4.1, status=deferred
        // (delivery temporarily suspended: connect to ...: Connection timed out)").
        var tally = Scan(
            "Nov 23 09:00:00 mail01 postfix/lmtp[13]: 1111AAAA11: to=<alice@example.com>, relay=none, delay=0.1, delays=0/0/0.1/0, dsn=4.4.1, status=deferred (connect to mail01.example.com[private/dovecot-lmtp]: Connection refused)",
            "Nov 23 09:00:00 mail01 postfix/error[14]: 2222BBBB22: to=<bob@example.com>, relay=none, delay=0.1, delays=0.1/0/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mail01.example.com[private/dovecot-lmtp]: Connection refused)",
            "Nov 23 09:00:00 mail01 postfix/error[14]: 3333CCCC33: to=<carol@example.com>, relay=none, delay=0.1, delays=0.1/0/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mail01.example.com[private/dovecot-lmtp]: Connection refused)",
            "Nov 23 09:00:00 mail01 postfix/error[14]: 4444DDDD44: to=<dave@example.net>, relay=none, delay=0.1, delays=0.1/0/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mx.example.net[192.0.2.1]:25: Connection timed out)");

        Assert.Equal(3, tally.DeliveryFailures);
        Assert.Equal(3, tally.DeliveryFailuresBy(Monitor.Core.Topology.MailDomains.Other, DeliveryFailureClass.StoreUnavailable, permanent: false));
    }

    [Fact]
    public void Scan_UnknownRecipientAtLmtp_IsCountedInItsClassButNotAsAStoreFailure()
    {
        var tally = Scan("Nov 23 09:00:00 mail01 postfix/lmtp[13]: 1111AAAA11: to=<guess1@example.com>, relay=mail01.example.com[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=5.1.1, status=bounced (host mail01.example.com[private/dovecot-lmtp] said: 550 5.1.1 <guess1@example.com> User doesn't exist: guess1@example.com (in reply to RCPT TO command))");

        Assert.Equal(0, tally.DeliveryFailures);
        Assert.Equal(1, tally.DeliveryFailuresBy(Monitor.Core.Topology.MailDomains.Other, DeliveryFailureClass.UnknownUser, permanent: true));
    }

    [Theory]
    [InlineData("Nov 23 09:00:00 mail01 postfix/bounce[11]: warning: 4444DDDD44: undeliverable postmaster notification discarded", 1)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/qmgr[9]: 4444DDDD44: to=<double-bounce@mail01.example.com>, relay=none, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (undeliverable postmaster notification discarded)", 1)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/postsuper[77]: 5555EEEE55: removed", 0)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/qmgr[9]: 5555EEEE55: removed", 0)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/cleanup[12]: 5555EEEE55: removed (discarded)", 0)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/qmgr[9]: 6666FFFF66: from=<alice@example.com>, status=expired, returned to sender", 0)]
    public void Scan_PostfixDropForms_CountOnlyMailLoss(string text, int discarded)
    {
        Assert.Equal(discarded, Scan(text).Discarded);
    }

    [Theory]
    [InlineData("Nov 23 09:00:00 mail01 postfix/lmtp[13]: 7777AAAA77: to=<alice@example.com>, relay=mail01.example.com[private/dovecot-lmtp], delay=30, delays=0/0/0/30, dsn=4.4.2, status=deferred (lost connection with mail01.example.com[private/dovecot-lmtp] while sending end of data -- message may be sent more than once)", 1)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/local[14]: 7777AAAA77: to=<alice@mail01.example.com>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=5.2.2, status=bounced (cannot update mailbox /var/mail/alice for user alice. error writing message: Disk quota exceeded)", 1)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/pipe[15]: 7777AAAA77: to=<alice@example.com>, relay=dovecot, delay=0.1, delays=0/0/0/0.1, dsn=4.3.0, status=deferred (temporary failure)", 1)]
    [InlineData("Nov 23 09:00:00 mail01 dovecot: lmtp(alice)<4242><hV3hE0kvYmVSEAAA>: Error: Mailbox INBOX: Failed to save mail: No space left on device", 1)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/smtp[16]: 7777AAAA77: to=<bob@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.1]:25: Connection refused)", 0)]
    [InlineData("Nov 23 09:00:00 mail01 postfix/lmtp[13]: 7777AAAA77: to=<alice@example.com>, relay=mail01.example.com[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <alice@example.com> Saved)", 0)]
    public void Scan_DeliveryIntoTheMailboxStore_CountsOnlyFailures(string text, int failures)
    {
        Assert.Equal(failures, Scan(text).DeliveryFailures);
    }
}
