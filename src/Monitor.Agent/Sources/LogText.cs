using System.Text;

namespace Monitor.Agent.Sources;

/// <summary>
/// Text from a source's input shown in the agent's own log or errors: control characters and
/// anything that is not printable escaped (\x1b, \u00a0, \ufffd for bytes that were not UTF-8),
/// cut short, so a bad line can neither flood the log nor play tricks on a terminal.
/// </summary>
public static class LogText
{
    /// <summary>Most characters of input shown.</summary>
    public const int MaxShown = 200;

    /// <summary>The text quoted, escaped and cut to <see cref="MaxShown"/> characters, saying how much was cut.</summary>
    public static string Excerpt(ReadOnlySpan<char> text) => Shown(text, quoted: true);

    /// <summary>The text escaped and cut to <see cref="MaxShown"/> characters, unquoted (inside a message's own parentheses).</summary>
    public static string Escaped(ReadOnlySpan<char> text) => Shown(text, quoted: false);

    private static string Shown(ReadOnlySpan<char> text, bool quoted)
    {
        var shown = new StringBuilder(Math.Min(text.Length, MaxShown) + 32);
        if (quoted)
        {
            shown.Append('\'');
        }

        var cut = Math.Min(text.Length, MaxShown);
        foreach (var c in text[..cut])
        {
            if (c == '\\')
            {
                shown.Append(@"\\");
            }
            else if (c == '\'' && quoted)
            {
                shown.Append(@"\'");
            }
            else if (c < 0x20 || c == 0x7f)
            {
                shown.Append(@"\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (c > 0x7e && (char.IsControl(c) || char.IsSurrogate(c) || c == '\ufffd' || !char.IsLetterOrDigit(c) && !char.IsPunctuation(c) && !char.IsSymbol(c)))
            {
                shown.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                shown.Append(c);
            }
        }

        if (quoted)
        {
            shown.Append('\'');
        }

        if (text.Length > cut)
        {
            shown.Append(" (").Append(text.Length - cut).Append(" more characters)");
        }

        return shown.ToString();
    }
}
