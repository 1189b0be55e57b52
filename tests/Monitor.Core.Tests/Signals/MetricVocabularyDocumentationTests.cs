using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Signals;

/// <summary>The README's metric vocabulary table lists every metric of the catalog, with its labels.</summary>
public sealed class MetricVocabularyDocumentationTests
{
    [Fact]
    public void Readme_ListsEveryCatalogMetricWithItsLabels()
    {
        var readme = File.ReadAllText(RepositoryPaths.File("README.md"));

        Assert.All(MetricCatalog.All.Values, metric =>
            Assert.Contains($"| `{metric.Name}` | {string.Join(", ", metric.EntityLabels)} |", readme, StringComparison.Ordinal));
    }
}
