using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Events;

public sealed class EventLogReaderTests
{
    private static (List<SiteEvent> Events, List<InputProblem> Problems) Read(params string[] lines)
    {
        var problems = new List<InputProblem>();
        var events = EventLogReader.Read(new StringReader(string.Join('\n', lines)), "events.jsonl", problems.Add).ToList();
        return (events, problems);
    }

    [Fact]
    public void Read_GoodLines_YieldsEveryEventWithItsFields()
    {
        var (events, problems) = Read(
            """{"time": "2017-01-13T08:53:00+09:00", "kind": "log", "entity": "ctl-a", "source": "storage-syslog", "text": "controller A halted"}""",
            """{"time": "2017-01-13T08:30:00+09:00", "kind": "change", "text": "firmware update"}""",
            """{"time": "2017-01-13T09:08:00+09:00", "kind": "note", "text": "first notice posted"}""");

        Assert.Empty(problems);
        Assert.Equal(3, events.Count);
        Assert.Equal(
            new SiteEvent(new DateTimeOffset(2017, 1, 13, 8, 53, 0, TimeSpan.FromHours(9)), SiteEventKind.Log, "ctl-a", "storage-syslog", "controller A halted"),
            events[0]);
        Assert.Equal(SiteEventKind.Change, events[1].Kind);
        Assert.Null(events[1].Entity);
        Assert.Equal(SiteEventKind.Note, events[2].Kind);
    }

    [Fact]
    public void Read_TruncatedJsonLine_ReportsItsLineNumberAndReadsTheRest()
    {
        var (events, problems) = Read(
            """{"time": "2017-01-13T08:53:00+09:00", "kind": "log", "text": "a"}""",
            "",
            """{"time": "2017-01-13T08:54:00+09:00", "kind": "log", "te""",
            """{"time": "2017-01-13T08:55:00+09:00", "kind": "log", "text": "c"}""");

        var problem = Assert.Single(problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal("events.jsonl", problem.Source);
        Assert.Contains("not a JSON object", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "c"], events.Select(e => e.Text));
    }

    [Fact]
    public void Read_UnknownKind_NamesIt()
    {
        var (events, problems) = Read("""{"time": "2017-01-13T08:53:00+09:00", "kind": "alarm", "text": "x"}""");

        Assert.Empty(events);
        var problem = Assert.Single(problems);
        Assert.Equal(1, problem.Line);
        Assert.Contains("'alarm'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingKind_SaysItIsMissing()
    {
        var (_, problems) = Read("""{"time": "2017-01-13T08:53:00+09:00", "text": "x"}""");

        Assert.Contains("'kind' is missing", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingText_IsReported()
    {
        var (events, problems) = Read("""{"time": "2017-01-13T08:53:00+09:00", "kind": "note"}""");

        Assert.Empty(events);
        Assert.Contains("'text'", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadTime_IsReported()
    {
        var (events, problems) = Read("""{"time": "13 Jan 2017", "kind": "note", "text": "x"}""");

        Assert.Empty(events);
        Assert.Contains("'time'", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    // The reader promises "an RFC 3339 date-time with an offset". A time without one would be
    // read in the machine's local zone, so the same file would replay differently on another host.
    [Fact]
    public void Read_TimeWithoutOffset_IsReported()
    {
        var (events, problems) = Read("""{"time": "2017-01-13T08:53:00", "kind": "note", "text": "x"}""");

        Assert.Empty(events);
        Assert.Contains("offset", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAnObject_IsReported()
    {
        var (events, problems) = Read("[1, 2]");

        Assert.Empty(events);
        Assert.Contains("JSON object", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownField_IsIgnored()
    {
        var (events, problems) = Read("""{"time": "2017-01-13T08:53:00Z", "kind": "note", "text": "x", "severity": "high"}""");

        Assert.Empty(problems);
        Assert.Equal("x", Assert.Single(events).Text);
    }

    [Fact]
    public void Read_ChangeWithUntil_IsAMaintenanceWindow()
    {
        var problems = new List<Monitor.Core.Signals.InputProblem>();
        var line = """{"time":"2017-01-14T02:00:00+09:00","kind":"change","entity":"ctl-a","text":"planned failover test","until":"2017-01-14T02:30:00+09:00"}""";

        var e = Assert.Single(EventLogReader.Read(new StringReader(line), "events.jsonl", problems.Add));

        Assert.Empty(problems);
        Assert.True(e.Covers(new DateTimeOffset(2017, 1, 14, 2, 15, 0, TimeSpan.FromHours(9))));
        Assert.False(e.Covers(new DateTimeOffset(2017, 1, 14, 2, 31, 0, TimeSpan.FromHours(9))));
    }

    [Theory]
    [InlineData("""{"time":"2017-01-14T02:00:00+09:00","kind":"log","text":"x","until":"2017-01-14T02:30:00+09:00"}""", "only meaningful on a \"change\"")]
    [InlineData("""{"time":"2017-01-14T02:00:00+09:00","kind":"change","text":"x","until":"2017-01-14T01:30:00+09:00"}""", "not before 'time'")]
    public void Read_BadUntil_IsReported(string line, string expected)
    {
        var problems = new List<Monitor.Core.Signals.InputProblem>();

        Assert.Empty(EventLogReader.Read(new StringReader(line), "events.jsonl", problems.Add));

        Assert.Contains(expected, Assert.Single(problems).Message, StringComparison.Ordinal);
    }
}
