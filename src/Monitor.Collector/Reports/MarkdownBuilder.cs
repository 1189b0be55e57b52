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

    /// <summary>One line of text in a single line: line breaks become spaces.</summary>
    public static string Inline(string text) =>
        text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Trim();

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
