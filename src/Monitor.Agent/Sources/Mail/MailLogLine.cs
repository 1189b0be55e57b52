using System.Globalization;

namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// One mail log line, taken apart: when, which host, which program (postfix/smtp, dovecot,
/// pop3-login...) and the message. Three layouts are read: Debian's traditional syslog
/// (<c>Nov 23 09:00:01 mail01 postfix/smtp[123]: ...</c>), RFC 3339 timestamps (rsyslog's
/// default on Debian 12: <c>2026-11-23T09:00:01.123456+09:00 mail01 postfix/smtp[123]: ...</c>)
/// and Dovecot's own log_path file, which has no host (<c>Nov 23 09:00:01 pop3-login: Info: ...</c>).
/// </summary>
/// <param name="Time">When the line was written.</param>
/// <param name="Host">The host named in the line, or null (Dovecot's own file).</param>
/// <param name="Program">The program without its process id: "postfix/qmgr", "dovecot", "pop3-login".</param>
/// <param name="Message">What follows "program[pid]: ".</param>
public readonly record struct MailLogLine(DateTimeOffset Time, string? Host, string Program, string Message)
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Parses a line; false when it is not a syslog-style line.</summary>
    /// <param name="text">The line.</param>
    /// <param name="now">The reading time: a traditional timestamp has no year, and takes the one that puts it at most a day ahead of now.</param>
    /// <param name="zone">The zone of timestamps that carry none.</param>
    /// <param name="line">The parsed line.</param>
    public static bool TryParse(string text, DateTimeOffset now, TimeZoneInfo zone, out MailLogLine line)
    {
        line = default;
        var rest = text.AsSpan();
        DateTimeOffset time;
        if (rest.Length > 0 && char.IsAsciiDigit(rest[0]))
        {
            var space = rest.IndexOf(' ');
            if (space < 0 || !DateTimeOffset.TryParse(rest[..space], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
            {
                return false;
            }

            rest = rest[(space + 1)..];
        }
        else if (!TryParseTraditional(rest, now, zone, out time))
        {
            return false;
        }
        else
        {
            rest = rest[15..].TrimStart(' ');
        }

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

        // "postfix/smtp[123]" -> "postfix/smtp"; Dovecot's "pop3(alice)<12><sess>" keeps its user.
        var bracket = tag.IndexOf('[');
        if (bracket > 0 && tag[^1] == ']')
        {
            tag = tag[..bracket];
        }

        line = new MailLogLine(time, host, tag.ToString(), rest.ToString());
        return true;
    }

    // "Nov 23 09:00:01" or "Nov  3 09:00:01": no year and no zone.
    private static bool TryParseTraditional(ReadOnlySpan<char> text, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 16 || text[3] != ' ' || text[15] != ' ')
        {
            return false;
        }

        var month = Array.IndexOf(Months, text[..3].ToString()) + 1;
        if (month == 0
            || !int.TryParse(text[4..6].Trim(' '), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !TimeOnly.TryParseExact(text[7..15], "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            return false;
        }

        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        for (var year = localNow.Year; year >= localNow.Year - 1; year--)
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue;
            }

            var local = new DateTime(year, month, day, clock.Hour, clock.Minute, clock.Second, DateTimeKind.Unspecified);
            var candidate = new DateTimeOffset(local, zone.GetUtcOffset(local));
            if (candidate <= now.AddDays(1))
            {
                time = candidate;
                return true;
            }
        }

        return false;
    }
}
