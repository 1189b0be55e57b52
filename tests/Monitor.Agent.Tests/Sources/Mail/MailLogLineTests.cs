using Monitor.Agent.Sources.Mail;

namespace Monitor.Agent.Tests.Sources.Mail;

public sealed class MailLogLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static MailLogLine Parse(string text, DateTimeOffset? now = null, string zone = "UTC")
    {
        Assert.True(MailLogLine.TryParse(text, now ?? Now, TimeZoneInfo.FindSystemTimeZoneById(zone), out var line), text);
        return line;
    }

    [Fact]
    public void TryParse_DebianSyslogLine_TakesTimeHostProgramWithoutPidAndMessage()
    {
        var line = Parse("Nov 23 09:24:53 monitor-test postfix/smtp[2175]: F1DC3B22255: to=<user1@remote.example>, relay=none, status=deferred (x)");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 24, 53, TimeSpan.Zero), line.Time);
        Assert.Equal("monitor-test", line.Host);
        Assert.Equal("postfix/smtp", line.Program);
        Assert.Equal("F1DC3B22255: to=<user1@remote.example>, relay=none, status=deferred (x)", line.Message);
    }

    [Fact]
    public void TryParse_Rfc3339Line_KeepsItsOwnOffset()
    {
        var line = Parse("2026-11-23T18:24:53.123456+09:00 mail01 dovecot[3571]: pop3-login: Login: user=<alice>, method=PLAIN");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 24, 53, 123, TimeSpan.Zero).AddTicks(4560), line.Time);
        Assert.Equal(("mail01", "dovecot", "pop3-login: Login: user=<alice>, method=PLAIN"), (line.Host, line.Program, line.Message));
    }

    [Fact]
    public void TryParse_DovecotOwnLogFile_HasNoHost()
    {
        var line = Parse("Nov 23 09:25:29 pop3(alice)<2708><aZS+LO5g+NR/AAAB>: Info: Disconnected: Logged out top=0/0");

        Assert.Null(line.Host);
        Assert.Equal("pop3(alice)<2708><aZS+LO5g+NR/AAAB>", line.Program);
        Assert.Equal("Info: Disconnected: Logged out top=0/0", line.Message);
    }

    [Fact]
    public void TryParse_SingleDigitDayAndLocalZone_UsesTheConfiguredZone()
    {
        var line = Parse("Nov  3 09:00:01 mail01 postfix/qmgr[9]: ABCDE12345: removed", zone: "Asia/Tokyo");

        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 0, 1, TimeSpan.FromHours(9)), line.Time);
    }

    [Fact]
    public void TryParse_DecemberLineReadInJanuary_BelongsToLastYear()
    {
        var line = Parse("Dec 31 23:59:59 mail01 postfix/qmgr[9]: ABCDE12345: removed", now: new DateTimeOffset(2027, 1, 1, 0, 0, 5, TimeSpan.Zero));

        Assert.Equal(2026, line.Time.Year);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("Foo 23 09:00:01 mail01 postfix/qmgr[9]: x")]
    [InlineData("Nov 23 25:00:01 mail01 postfix/qmgr[9]: x")]
    [InlineData("2026-13-45T00:00:00Z mail01 postfix/qmgr[9]: x")]
    [InlineData("Nov 23 09:00:01 mail01")]
    public void TryParse_NotASyslogLine_IsRefused(string text)
    {
        Assert.False(MailLogLine.TryParse(text, Now, TimeZoneInfo.Utc, out _));
    }
}
