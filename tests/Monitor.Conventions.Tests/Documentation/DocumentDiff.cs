namespace Monitor.Conventions.Tests.Documentation;

/// <summary>Says where a generated page and the committed one part, and how to write it again.</summary>
internal static class DocumentDiff
{
    /// <summary>The first differing line of each, with its number.</summary>
    public static string Describe(string relativePath, string expected, string actual)
    {
        var want = expected.Split('\n');
        var have = actual.Split('\n');
        var line = 0;
        while (line < want.Length && line < have.Length && want[line] == have[line])
        {
            line++;
        }

        var wanted = line < want.Length ? want[line] : "(end of page)";
        var had = line < have.Length ? have[line] : "(end of page)";
        return $"{relativePath} is not what the code says, from line {line + 1}:\n  expected: {wanted}\n  found:    {had}\n"
            + "Run MONITOR_WRITE_DOCS=1 dotnet test tests/Monitor.Conventions.Tests to write it again.";
    }
}
