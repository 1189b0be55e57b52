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

    [Fact]
    public void TryParse_DovecotIsoLogTimestamp_TakesDateAndTimeAndNoHost()
    {
        // Dovecot's log_timestamp = "%Y-%m-%d %H:%M:%S " in its own log_path file.
        var line = Parse("2026-11-23 09:24:53 pop3-login: Info: Login: user=<alice>, method=PLAIN", zone: "Asia/Tokyo");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 24, 53, TimeSpan.FromHours(9)), line.Time);
        Assert.Null(line.Host);
        Assert.Equal(("pop3-login", "Info: Login: user=<alice>, method=PLAIN"), (line.Program, line.Message));
    }

    [Fact]
    public void TryParse_SingleSpaceBeforeOneDigitDay_IsRead()
    {
        var line = Parse("Sep 8 09:00:01 mail01 postfix/qmgr[9]: ABCDE12345: removed");

        Assert.Equal(new DateTimeOffset(2026, 9, 8, 9, 0, 1, TimeSpan.Zero), line.Time);
        Assert.Equal(("mail01", "postfix/qmgr"), (line.Host, line.Program));
    }

    [Fact]
    public void TryParse_IsoTimestampWithoutOffset_IsInTheConfiguredZone()
    {
        var line = Parse("2026-11-23T18:24:53 mail01 postfix/qmgr[9]: ABCDE12345: removed", zone: "Asia/Tokyo");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 24, 53, TimeSpan.Zero), line.Time.ToUniversalTime());
    }

    [Fact]
    public void TryParse_JournalctlShortPrecise_KeepsTheMicroseconds()
    {
        var line = Parse("Nov 23 09:24:53.123456 mail01 postfix/smtp[2175]: F1DC3B22255: removed");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 24, 53, 123, TimeSpan.Zero).AddTicks(4560), line.Time);
        Assert.Equal(("mail01", "postfix/smtp", "F1DC3B22255: removed"), (line.Host, line.Program, line.Message));
    }

    [Fact]
    public void TryParse_JournalctlShortFull_ReadsWeekdayDateAndZone()
    {
        var utc = Parse("Mon 2026-11-23 09:24:53 UTC mail01 postfix/qmgr[9]: ABCDE12345: removed", zone: "Asia/Tokyo");
        var local = Parse("Mon 2026-11-23 18:24:53 JST mail01 postfix/qmgr[9]: ABCDE12345: removed", zone: "Asia/Tokyo");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 24, 53, TimeSpan.Zero), utc.Time);
        Assert.Equal(utc.Time, local.Time);
        Assert.Equal(("mail01", "postfix/qmgr"), (local.Host, local.Program));
    }

    [Fact]
    public void TryParse_Rfc5424_ReadsHeaderStructuredDataAndMessage()
    {
        var line = Parse("<22>1 2026-11-23T18:24:53.5+09:00 mail01 postfix/smtp 2175 - [origin ip=\"192.0.2.1\" x=\"a]b\"] F1DC3B22255: removed");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 24, 53, 500, TimeSpan.Zero), line.Time);
        Assert.Equal(("mail01", "postfix/smtp", "F1DC3B22255: removed"), (line.Host, line.Program, line.Message));
    }

    [Fact]
    public void TryParse_Rfc3164WithPriority_DropsThePriority()
    {
        var line = Parse("<22>Nov 23 09:24:53 mail01 postfix/qmgr[9]: ABCDE12345: removed");

        Assert.Equal(("mail01", "postfix/qmgr"), (line.Host, line.Program));
    }

    [Fact]
    public void TryParse_DaemontoolsTai64n_IsTheUtcSecondTai64nlocalShows()
    {
        // 2^62 + 10 + 1795425893 (2026-11-23T09:24:53Z), and 250000000 ns, as tai64nlocal reads it.
        var label = "@" + (0x4000000000000000UL + 10 + 1795425893).ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "0ee6b280";
        var line = Parse(label + " postfix/qmgr[9]: ABCDE12345: removed");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 24, 53, 250, TimeSpan.Zero), line.Time);
        Assert.Equal(("postfix/qmgr", "ABCDE12345: removed"), (line.Program, line.Message));
    }

    [Theory]
    [InlineData("2026-11-23 09:24 mail01 postfix/qmgr[9]: x")]
    [InlineData("Nov 23 9:00 mail01 postfix/qmgr[9]: x")]
    [InlineData("<22>1 - mail01 postfix 1 - - x")]
    [InlineData("@4000zz mail01 postfix/qmgr[9]: x")]
    public void TryParse_TimestampLayoutNotUnderstood_SaysSo(string text)
    {
        Assert.False(MailLogLine.TryParse(text, SyslogYears.Near(Now), TimeZoneInfo.Utc, out _, out var error));
        Assert.NotNull(error);
        Assert.Contains("timestamp", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ContinuationLine_IsSkippedWithoutError()
    {
        Assert.False(MailLogLine.TryParse("  continued text", SyslogYears.Near(Now), TimeZoneInfo.Utc, out _, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void ForSavedFile_FileStraddlingNewYearWithFeb29_IsMonotonicAndKeepsFeb29()
    {
        // A saved log from Nov 2027 to Mar 2028, read on 2028-03-02: line by line from today, the
        // November lines would land in 2028 (ahead of the March lines) and Feb 29 be dropped.
        string[] lines =
        [
            "Nov 30 10:00:00 mail01 postfix/qmgr[9]: ABCDE12345: removed",
            "Dec 31 23:59:59 mail01 postfix/qmgr[9]: ABCDE12345: removed",
            "Jan  1 00:00:01 mail01 postfix/qmgr[9]: ABCDE12345: removed",
            "Feb 29 12:00:00 mail01 postfix/qmgr[9]: ABCDE12345: removed",
            "Mar  1 12:00:00 mail01 postfix/qmgr[9]: ABCDE12345: removed",
        ];
        var years = SyslogYears.ForSavedFile(lines, new DateTimeOffset(2028, 3, 2, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

        var times = lines.Select(text => MailLogLine.TryParse(text, years, TimeZoneInfo.Utc, out var line, out _) ? line.Time : default).ToList();

        Assert.Equal([2027, 2027, 2028, 2028, 2028], times.Select(t => t.Year));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 12, 0, 0, TimeSpan.Zero), times[3]);
        Assert.True(times.SequenceEqual(times.Order()));
    }

    [Fact]
    public void ForSavedFile_Feb29InAFileOfLastWinter_TakesTheLeapYear()
    {
        // Read on 2029-01-10, a file ending on Mar 1 with a Feb 29 can only be of 2028.
        string[] lines = ["Feb 29 12:00:00 mail01 postfix/qmgr[9]: ABCDE12345: removed", "Mar  1 12:00:00 mail01 postfix/qmgr[9]: ABCDE12345: removed"];
        var years = SyslogYears.ForSavedFile(lines, new DateTimeOffset(2029, 1, 10, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

        Assert.True(MailLogLine.TryParse(lines[0], years, TimeZoneInfo.Utc, out var line, out _));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 12, 0, 0, TimeSpan.Zero), line.Time);
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
