using System.Globalization;

namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// One mail log line, taken apart: when, which host, which program (postfix/smtp, dovecot,
/// pop3-login...) and the message. Timestamps read: traditional syslog (<c>Nov 23 09:00:01</c>,
/// <c>Sep  8</c> or <c>Sep 8</c>, with journalctl -o short-precise's <c>.123456</c>), RFC 3339
/// (rsyslog's default on Debian 12; without an offset, in the configured zone), Dovecot's
/// <c>log_timestamp = "%Y-%m-%d %H:%M:%S "</c>, journalctl -o short-full
/// (<c>Mon 2026-11-23 09:00:01 JST</c>), an RFC 3164 priority (<c>&lt;22&gt;</c>), RFC 5424
/// (<c>&lt;22&gt;1 2026-11-23T09:00:01+09:00 host app procid msgid [sd] msg</c>) and daemontools'
/// TAI64N (<c>@4000…</c>, as tai64nlocal reads it). After the timestamp: <c>host program[pid]: message</c>,
/// or <c>program: message</c> without a host (Dovecot's own log_path file).
/// </summary>
/// <param name="Time">When the line was written.</param>
/// <param name="Host">The host named in the line, or null (Dovecot's own file).</param>
/// <param name="Program">The program without its process id: "postfix/qmgr", "dovecot", "pop3-login".</param>
/// <param name="Message">What follows "program[pid]: ".</param>
public readonly record struct MailLogLine(DateTimeOffset Time, string? Host, string Program, string Message)
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly string[] Weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    // daemontools' tai64nlocal: the label less 2^62 and the 10 s TAI was ahead of UTC in 1970.
    private const ulong Tai64Epoch = 0x4000000000000000UL + 10;

    /// <summary>Parses a line; false when it is not a log line or its timestamp is not understood.</summary>
    /// <param name="text">The line.</param>
    /// <param name="now">The reading time: a traditional timestamp has no year, and takes the one that puts it at most a day ahead of now.</param>
    /// <param name="zone">The zone of timestamps that carry none.</param>
    /// <param name="line">The parsed line.</param>
    public static bool TryParse(string text, DateTimeOffset now, TimeZoneInfo zone, out MailLogLine line) =>
        TryParse(text, SyslogYears.Near(now), zone, out line, out _);

    /// <summary>Parses a line.</summary>
    /// <param name="text">The line.</param>
    /// <param name="years">The year of traditional timestamps (<see cref="SyslogYears"/>).</param>
    /// <param name="zone">The zone of timestamps that carry none.</param>
    /// <param name="line">The parsed line.</param>
    /// <param name="layoutError">
    /// When false: null if the line is simply not a log line (blank, a wrapped continuation), or
    /// which timestamp layout was not understood, for the caller to name with file and line.
    /// </param>
    public static bool TryParse(string text, SyslogYears years, TimeZoneInfo zone, out MailLogLine line, out string? layoutError)
    {
        line = default;
        layoutError = null;
        var rest = text.AsSpan();
        if (rest.Length == 0 || !LooksTimestamped(rest))
        {
            return false;
        }

        if (!TryReadTime(ref rest, years, zone, out var time, out var rfc5424, out layoutError))
        {
            layoutError ??= "timestamp layout not understood";
            return false;
        }

        if (rfc5424)
        {
            return TryReadRfc5424(rest, time, out line, out layoutError);
        }

        rest = rest.TrimStart(' ');
        var first = rest.IndexOf(' ');
        if (first <= 0)
        {
            return false;
        }

        string? host = null;
        ReadOnlySpan<char> tag;
        if (rest[first - 1] == ':')
        {
            // Dovecot's own file: "pop3-login: Info: ...", no host.
            tag = rest[..(first - 1)];
            rest = rest[(first + 1)..];
        }
        else
        {
            host = rest[..first].ToString();
            rest = rest[(first + 1)..];
            var colon = rest.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            tag = rest[..colon];
            rest = rest[(colon + 2)..];
        }

        line = new MailLogLine(time, host, ProgramOf(tag).ToString(), rest.ToString());
        return true;
    }

    /// <summary>Month, day and time of day of a traditional timestamp ("Nov 23 09:00:01"), for <see cref="SyslogYears.ForSavedFile"/>.</summary>
    internal static bool TryReadTraditionalDate(string text, out int month, out int day, out TimeSpan clock)
    {
        var rest = text.AsSpan();
        SkipPriority(ref rest);
        return TryReadTraditional(ref rest, out month, out day, out clock);
    }

    // "postfix/smtp[123]" -> "postfix/smtp"; Dovecot's "pop3(alice)<12><sess>" keeps its user.
    private static ReadOnlySpan<char> ProgramOf(ReadOnlySpan<char> tag)
    {
        var bracket = tag.IndexOf('[');
        return bracket > 0 && tag[^1] == ']' ? tag[..bracket] : tag;
    }

    // Lines of another shape (blank, a continuation) are skipped; these starts promise a timestamp.
    private static bool LooksTimestamped(ReadOnlySpan<char> text) =>
        char.IsAsciiDigit(text[0]) || text[0] is '<' or '@'
        || (text.Length >= 4 && text[3] == ' ' && (Months.Contains(text[..3].ToString()) || Weekdays.Contains(text[..3].ToString())));

    private static bool TryReadTime(
        ref ReadOnlySpan<char> rest, SyslogYears years, TimeZoneInfo zone, out DateTimeOffset time, out bool rfc5424, out string? error)
    {
        time = default;
        error = null;
        rfc5424 = false;
        if (!SkipPriority(ref rest))
        {
            error = "priority <N> not understood";
            return false;
        }

        if (rest.StartsWith("1 "))
        {
            rfc5424 = true;
            rest = rest[2..];
            var space = rest.IndexOf(' ');
            var stamp = space < 0 ? rest : rest[..space];
            rest = space < 0 ? [] : rest[(space + 1)..];
            if (!TryReadIso(stamp, zone, out time, out var used) || used != stamp.Length)
            {
                error = $"RFC 5424 timestamp '{stamp}' not understood";
                return false;
            }

            return true;
        }

        if (rest.Length > 0 && rest[0] == '@')
        {
            return TryReadTai64n(ref rest, out time, out error);
        }

        if (rest.Length > 4 && rest[3] == ' ' && Weekdays.Contains(rest[..3].ToString()))
        {
            // journalctl -o short-full: "Mon 2026-11-23 09:00:01 JST".
            rest = rest[4..];
            if (!TryReadIso(rest, zone, out time, out var used))
            {
                return false;
            }

            rest = rest[used..].TrimStart(' ');
            var space = rest.IndexOf(' ');
            var name = space < 0 ? rest : rest[..space];
            rest = space < 0 ? [] : rest[space..];
            if (name is "UTC" or "GMT" or "Z")
            {
                time = new DateTimeOffset(time.DateTime, TimeSpan.Zero);
            }

            // Any other abbreviation (JST, CET) is journalctl's own zone: the configured one.
            return true;
        }

        if (rest.Length > 0 && char.IsAsciiDigit(rest[0]))
        {
            if (!TryReadIso(rest, zone, out time, out var used))
            {
                return false;
            }

            rest = rest[used..];
            return true;
        }

        if (!TryReadTraditional(ref rest, out var month, out var day, out var clock))
        {
            return false;
        }

        if (!years.TryResolve(month, day, clock, zone, out time))
        {
            error = $"{Months[month - 1]} {day} does not fall in the year the file's dates give";
            return false;
        }

        return true;
    }

    private static bool SkipPriority(ref ReadOnlySpan<char> rest)
    {
        if (rest.Length == 0 || rest[0] != '<')
        {
            return true;
        }

        var close = rest.IndexOf('>');
        if (close is < 2 or > 4 || rest[1..close].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        rest = rest[(close + 1)..];
        return true;
    }

    // "Nov 23 09:00:01", "Nov  3 09:00:01", "Nov 3 09:00:01", optionally ".123456" (short-precise).
    private static bool TryReadTraditional(ref ReadOnlySpan<char> rest, out int month, out int day, out TimeSpan clock)
    {
        month = 0;
        day = 0;
        clock = default;
        if (rest.Length < 4 || rest[3] != ' ')
        {
            return false;
        }

        month = Array.IndexOf(Months, rest[..3].ToString()) + 1;
        var text = rest[4..].TrimStart(' ');
        var space = text.IndexOf(' ');
        if (month == 0 || space is < 1 or > 2
            || !int.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out day) || day is < 1 or > 31)
        {
            return false;
        }

        text = text[(space + 1)..];
        if (!TryReadClock(text, out clock, out var used) || (used < text.Length && text[used] != ' '))
        {
            return false;
        }

        rest = text[used..];
        return true;
    }

    // "HH:mm:ss" with an optional fraction of up to 7 digits; the characters used.
    private static bool TryReadClock(ReadOnlySpan<char> text, out TimeSpan clock, out int used)
    {
        clock = default;
        used = 0;
        if (text.Length < 8 || text[2] != ':' || text[5] != ':'
            || !TwoDigits(text[..2], out var hour) || !TwoDigits(text[3..5], out var minute) || !TwoDigits(text[6..8], out var second)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        used = 8;
        var ticks = 0L;
        if (text.Length > 9 && text[8] is '.' or ',' && char.IsAsciiDigit(text[9]))
        {
            used = 9;
            var scale = TimeSpan.TicksPerSecond;
            while (used < text.Length && char.IsAsciiDigit(text[used]))
            {
                scale /= 10;
                ticks += (text[used] - '0') * scale;
                used++;
            }
        }

        // A leap second is read as the last moment of its minute.
        clock = new TimeSpan(hour, minute, Math.Min(second, 59)) + TimeSpan.FromTicks(ticks);
        return true;
    }

    // "2026-11-23T09:00:01[.ffffff][Z|+09:00|+0900]" or "2026-11-23 09:00:01" (Dovecot); no offset: the zone's.
    private static bool TryReadIso(ReadOnlySpan<char> text, TimeZoneInfo zone, out DateTimeOffset time, out int used)
    {
        time = default;
        used = 0;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] is not ('T' or ' ')
            || !int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !TwoDigits(text[5..7], out var month) || !TwoDigits(text[8..10], out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || !TryReadClock(text[11..], out var clock, out var clockUsed))
        {
            return false;
        }

        used = 11 + clockUsed;
        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified) + clock;
        var rest = text[used..];
        if (rest.Length > 0 && rest[0] is 'Z' or 'z')
        {
            used++;
            time = new DateTimeOffset(local, TimeSpan.Zero);
        }
        else if (rest.Length >= 5 && rest[0] is '+' or '-')
        {
            var colon = rest.Length >= 6 && rest[3] == ':';
            if (!TwoDigits(rest[1..3], out var hours) || !TwoDigits(colon ? rest[4..6] : rest[3..5], out var minutes) || hours > 14 || minutes > 59)
            {
                return false;
            }

            used += colon ? 6 : 5;
            var offset = new TimeSpan(hours, minutes, 0);
            time = new DateTimeOffset(local, rest[0] == '-' ? -offset : offset);
        }
        else
        {
            time = new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        return used == text.Length || text[used] == ' ';
    }

    // "@4000000069229d6f0ee6b280": 16 hex digits of seconds, 8 of nanoseconds.
    private static bool TryReadTai64n(ref ReadOnlySpan<char> rest, out DateTimeOffset time, out string? error)
    {
        time = default;
        error = null;
        if (rest.Length < 25 || (rest.Length > 25 && rest[25] != ' ')
            || !ulong.TryParse(rest[1..17], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var seconds)
            || !uint.TryParse(rest[17..25], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var nanoseconds)
            || seconds < Tai64Epoch || seconds - Tai64Epoch > 253402300799UL || nanoseconds > 999_999_999)
        {
            error = "TAI64N timestamp '@' + 24 hex digits not understood";
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds((long)(seconds - Tai64Epoch)).AddTicks(nanoseconds / 100);
        rest = rest[25..];
        return true;
    }

    // After "<PRI>1 TIMESTAMP ": "HOSTNAME APP-NAME PROCID MSGID SD [MSG]", "-" for a nil field.
    private static bool TryReadRfc5424(ReadOnlySpan<char> rest, DateTimeOffset time, out MailLogLine line, out string? error)
    {
        line = default;
        error = "RFC 5424 header not understood";
        Span<Range> fields = stackalloc Range[4];
        var start = 0;
        for (var i = 0; i < 4; i++)
        {
            var space = rest[start..].IndexOf(' ');
            if (space <= 0)
            {
                return false;
            }

            fields[i] = new Range(start, start + space);
            start += space + 1;
        }

        var data = rest[start..];
        var end = StructuredDataLength(data);
        if (end < 0)
        {
            error = "RFC 5424 structured data not understood";
            return false;
        }

        var message = data[end..].TrimStart(' ');
        if (message.StartsWith("\uFEFF"))
        {
            message = message[1..];
        }

        var host = rest[fields[0]];
        line = new MailLogLine(time, host is "-" ? null : host.ToString(), rest[fields[1]].ToString(), message.ToString());
        error = null;
        return true;
    }

    // "-" or one or more "[id name="value" ...]" with \" and \] escaped inside values; -1 if broken.
    private static int StructuredDataLength(ReadOnlySpan<char> data)
    {
        if (data.StartsWith("-"))
        {
            return 1;
        }

        var i = 0;
        while (i < data.Length && data[i] == '[')
        {
            var quoted = false;
            i++;
            for (; i < data.Length; i++)
            {
                if (quoted && data[i] == '\\')
                {
                    i++;
                }
                else if (data[i] == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && data[i] == ']')
                {
                    break;
                }
            }

            if (i >= data.Length)
            {
                return -1;
            }

            i++;
        }

        return i == 0 ? -1 : i;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.Length != 2 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]))
        {
            return false;
        }

        value = ((text[0] - '0') * 10) + (text[1] - '0');
        return true;
    }
}
