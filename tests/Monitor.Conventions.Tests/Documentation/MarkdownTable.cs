namespace Monitor.Conventions.Tests.Documentation;

/// <summary>The rows of the Markdown table that follows a header line, cells trimmed.</summary>
internal static class MarkdownTable
{
    /// <summary>
    /// Rows of the first table in <paramref name="page"/> whose header row starts with
    /// <paramref name="headerStart"/>; fails when there is none, naming the header sought.
    /// </summary>
    public static IReadOnlyList<string[]> Rows(string page, string headerStart, string pageName)
    {
        var lines = page.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith(headerStart, StringComparison.Ordinal));
        if (header < 0)
        {
            throw new InvalidOperationException($"{pageName} has no table whose header starts with '{headerStart}'");
        }

        return
        [
            .. lines.Skip(header + 2)
                .TakeWhile(l => l.StartsWith('|'))
                .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray()),
        ];
    }

    /// <summary>The `code` spans of a cell: "`a`, `b`" is [a, b].</summary>
    public static IReadOnlyList<string> CodeSpans(string cell) =>
        [.. cell.Split('`').Where((_, i) => i % 2 == 1)];
}
