using Monitor.Agent;

namespace Monitor.Conventions.Tests.Documentation;

/// <summary>The source table of docs/sources.md lists exactly the registered sources, by the names users type.</summary>
public sealed class SourceTableTests
{
    private const string Page = "docs/sources.md";

    [Fact]
    public void SourceTable_ListsEveryRegisteredSourceWithItsSection()
    {
        var rows = MarkdownTable.Rows(File.ReadAllText(RepositoryPaths.File(Page)), "| source (`sample NAME`) |", Page);
        var documented = rows.Select(r => $"{MarkdownTable.CodeSpans(r[0]).Single()} {MarkdownTable.CodeSpans(r[1]).Single()}");
        var registered = SourceRegistry.All.Select(d => $"{d.Name} {d.Section}");

        Assert.Equal(registered, documented);
    }
}
