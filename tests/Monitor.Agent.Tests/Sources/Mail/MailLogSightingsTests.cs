using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Mail;

public sealed class MailLogSightingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly UserHash Users = new("agent test key of sixteen bytes"u8);

    private static MailLogTally Scan(params string[] lines)
    {
        var scanner = new MailLogScanner("mail01");
        var tally = new MailLogTally(Users);
        foreach (var text in lines)
        {
            Assert.True(MailLogLine.TryParse(text, Now, TimeZoneInfo.Utc, out var line), text);
            scanner.Scan(line, tally);
        }

        return tally;
    }

    [Fact]
    public void Scan_FailedLogins_OneSightingPerHostProtocolAndUser_WithTheHashNotTheName()
    {
        var tally = Scan(
            "Nov 23 11:59:01 mail01 dovecot: pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<Alice@Retail.example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<a>",
            "Nov 23 11:59:05 mail01 dovecot: pop3-login: Disconnected (auth failed, 2 attempts in 4 secs): user=<alice@retail.example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<b>",
            "Nov 23 11:59:09 mail01 dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<alice@retail.example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<c>",
            "Nov 23 11:59:10 mail01 dovecot: pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=192.0.2.3, lip=192.0.2.2, session=<d>");

        Assert.Equal(
            [
                new UserSighting(Now.AddSeconds(-59), "mail01", "pop3", Users.Of("alice@retail.example.jp"), "retail.example.jp"),
                new UserSighting(Now.AddSeconds(-51), "mail01", "imap", Users.Of("alice@retail.example.jp"), "retail.example.jp"),
                new UserSighting(Now.AddSeconds(-50), "mail01", "pop3", Users.Of("bob"), null),
            ],
            tally.Sightings);
        Assert.Equal(2, tally.FailedUsers("pop3"));
    }

    [Fact]
    public void Scan_CentralLog_EachLineUnderItsOwnHost_ThisHostsFqdnUnderThisHost()
    {
        var tally = Scan(
            "Nov 23 11:59:01 mail02 dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<carol@biz.example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<a>",
            "Nov 23 11:59:02 mail01.example.jp dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<carol@biz.example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<b>",
            "Nov 23 11:59:03 imap-login: Info: Disconnected (auth failed, 1 attempts in 2 secs): user=<dave@biz.example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<c>");

        Assert.Equal(["mail02", "mail01", "mail01"], tally.Sightings.Select(s => s.Host));
    }

    [Fact]
    public void Scan_LoginWithoutUser_CountedButNobodySighted()
    {
        var tally = Scan("Nov 23 11:59:01 mail01 dovecot: pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<a>");

        Assert.Equal(1, tally.LoginFailures("pop3"));
        Assert.Empty(tally.Sightings);
    }

    [Fact]
    public void Sightings_NeverHoldTheName()
    {
        var tally = Scan("Nov 23 11:59:01 mail01 dovecot: pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<secret-name@retail.example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<a>");

        var sighting = Assert.Single(tally.Sightings);
        Assert.DoesNotContain("secret-name", sighting.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(BitConverter.ToUInt64(Encoding.UTF8.GetBytes("secret-n")), sighting.User);
    }

    [Fact]
    public async Task ReadOnceAsync_SameUserInTwoIntervals_SameIdBothTimes()
    {
        using var dir = new TemporaryDirectory();
        var log = dir.Write("mail.log", "");
        var clock = new FakeTimeProvider(Now);
        var source = new MailLog(new MailLogOptions { Path = log, StateFile = "" }, new SourceContext("mail01", clock, new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics()));
        const string Failure = "Nov 23 12:00:0{0} mail01 dovecot: pop3-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<erin@retail.example.jp>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<a>\n";

        await source.ReadOnceAsync(CancellationToken.None);
        File.AppendAllText(log, string.Format(System.Globalization.CultureInfo.InvariantCulture, Failure, 1));
        clock.Advance(TimeSpan.FromSeconds(30));
        var first = Assert.Single((await source.ReadOnceAsync(CancellationToken.None)).Sightings);
        File.AppendAllText(log, string.Format(System.Globalization.CultureInfo.InvariantCulture, Failure, 5));
        clock.Advance(TimeSpan.FromSeconds(30));
        var second = Assert.Single((await source.ReadOnceAsync(CancellationToken.None)).Sightings);

        Assert.Equal(first.User, second.User);
        Assert.Equal(("retail.example.jp", "pop3"), (second.Domain, second.Protocol));
    }
}
