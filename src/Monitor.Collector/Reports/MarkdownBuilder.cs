using System.Text;

namespace Monitor.Collector.Reports;

/// <summary>
/// Writes Markdown line by line with "\n" endings on every platform, so a report is the same
/// bytes wherever it is rendered. Text from agents goes through <see cref="Inline"/> or
/// <see cref="Cell"/> so it cannot break the document's structure.
/// </summary>
internal sealed class MarkdownBuilder
{
    /// <summary>Placed wherever a person must fill in what monitoring cannot know.</summary>
    public const string ToFill = "【要記入】";

    private readonly StringBuilder _text = new();

    /// <summary>
    /// Plain text as inert Markdown on one line: line breaks become spaces; what could start HTML
    /// (&lt; before a letter, '/', '!' or '?') becomes "&amp;lt;"; backslash, backtick, '*', '~',
    /// brackets and '_' at a word's edge are escaped, so no link, image, code or emphasis forms;
    /// and a start that would open a heading, quote, list or rule is escaped. What an agent wrote
    /// (a log line, a device name) reads the same and does nothing in any Markdown viewer.
    /// </summary>
    public static string Inline(string text)
    {
        var line = text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Trim();
        var escaped = new StringBuilder(line.Length + 8);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var next = i + 1 < line.Length ? line[i + 1] : ' ';
            switch (c)
            {
                case '<' when char.IsAsciiLetter(next) || next is '/' or '!' or '?':
                    escaped.Append("&lt;");
                    break;
                case '\\' or '`' or '*' or '~' or '[' or ']':
                    escaped.Append('\\').Append(c);
                    break;
                case '_' when i == 0 || !char.IsLetterOrDigit(line[i - 1]) || !char.IsLetterOrDigit(next):
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return EscapeBlockStart(escaped.ToString());
    }

    /// <summary>A backslash before a start that would make the line a heading, quote, list item or rule.</summary>
    private static string EscapeBlockStart(string line)
    {
        if (line.Length == 0)
        {
            return line;
        }

        var first = line[0];
        var second = line.Length > 1 ? line[1] : ' ';
        if (first is '#' or '>' or '|' || (first is '-' or '+' or '=' && (second is ' ' or '\t' || line.All(c => c == first))))
        {
            return "\\" + line;
        }

        var digits = line.TakeWhile(char.IsAsciiDigit).Count();
        if (digits is > 0 and <= 9 && digits + 1 < line.Length && line[digits] is '.' or ')' && line[digits + 1] == ' ')
        {
            return line[..digits] + "\\" + line[digits..];
        }

        return line;
    }

    /// <summary>Text for a table cell: single line, and a pipe does not end the cell.</summary>
    public static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>The text, or <see cref="ToFill"/> when the agent did not know it.</summary>
    public static string OrToFill(string? text) => string.IsNullOrWhiteSpace(text) ? ToFill : Inline(text);

    /// <summary>A heading, with a blank line after it.</summary>
    public MarkdownBuilder Heading(int level, string text)
    {
        EnsureBlankLineBefore();
        _text.Append('#', level).Append(' ').Append(text).Append('\n').Append('\n');
        return this;
    }

    /// <summary>A line of text.</summary>
    public MarkdownBuilder Line(string text)
    {
        _text.Append(text).Append('\n');
        return this;
    }

    /// <summary>A line that continues on the next line within the same paragraph (two trailing spaces).</summary>
    public MarkdownBuilder LineWithBreak(string text)
    {
        _text.Append(text).Append("  \n");
        return this;
    }

    /// <summary>A list item.</summary>
    public MarkdownBuilder Item(string text) => Line("- " + text);

    /// <summary>An empty line, ending a paragraph or list.</summary>
    public MarkdownBuilder Blank()
    {
        EnsureBlankLineBefore();
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString().TrimEnd('\n') + "\n";

    private void EnsureBlankLineBefore()
    {
        if (_text.Length == 0)
        {
            return;
        }

        if (_text[^1] != '\n')
        {
            _text.Append('\n');
        }

        if (_text.Length < 2 || _text[^2] != '\n')
        {
            _text.Append('\n');
        }
    }
}
