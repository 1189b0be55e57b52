using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Signals;

/// <summary>The metric vocabulary table in docs/metrics.md lists every metric of the catalog, with its labels.</summary>
public sealed class MetricVocabularyDocumentationTests
{
    [Fact]
    public void MetricsPage_ListsEveryCatalogMetricWithItsLabels()
    {
        var readme = File.ReadAllText(RepositoryPaths.File("docs/metrics.md"));

        Assert.All(MetricCatalog.All.Values, metric =>
            Assert.Contains($"| `{metric.Name}` | {string.Join(", ", metric.EntityLabels)} |", readme, StringComparison.Ordinal));
    }
}
