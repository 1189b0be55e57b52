using Monitor.Collector.Configuration;
using Monitor.Collector.Regulation;

namespace Monitor.Collector.Tests.Configuration;

/// <summary>The nested settings of the collector: store, services, alerting, regulation.</summary>
public sealed class CollectorSectionsValidatorTests
{
    private readonly CollectorOptionsValidator _validator = new();

    [Fact]
    public void Validate_UnknownStoreKind_NamesTheChoices()
    {
        var failure = Single(new CollectorOptions { Store = new StoreOptions { Kind = "mysql" } });

        Assert.Equal("Collector:Store:Kind = 'mysql' is not a known store; expected sqlite or postgresql", failure);
    }

    [Fact]
    public void Validate_PostgresWithoutHost_AsksForOne()
    {
        var failure = Single(new CollectorOptions { Store = new StoreOptions { Kind = "postgresql", ConnectionString = "Database=monitor" } });

        Assert.StartsWith("Collector:Store:ConnectionString has no Host", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ServiceCategorySeven_IsOutOfRange()
    {
        var options = new CollectorOptions();
        options.Services["cty-mail"] = new ServiceOptions { Category = 7 };

        Assert.StartsWith("Collector:Services:cty-mail:Category = '7' is out of range", Single(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AlertmanagerUrlWithoutScheme_IsRefused()
    {
        var failure = Single(new CollectorOptions { Alerting = new AlertingOptions { AlertmanagerUrl = "alertmanager:9093" } });

        Assert.StartsWith("Collector:Alerting:AlertmanagerUrl = 'alertmanager:9093' is not an http:// or https:// address", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ResendIntervalUnderASecond_IsRefused()
    {
        var failure = Single(new CollectorOptions { Alerting = new AlertingOptions { ResendInterval = TimeSpan.FromMilliseconds(10) } });

        Assert.StartsWith("Collector:Alerting:ResendInterval", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MajorAccidentForCategorySix_IsNotACategory()
    {
        var options = new CollectorOptions();
        options.Regulation.MajorAccident["6"] = [MajorAccidentThreshold.Of(TimeSpan.FromHours(1), 1)];

        Assert.Equal("Collector:Regulation:MajorAccident:6 is not a category; expected 1 to 5", Single(options));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_ForeseenShareOutsideZeroToOne_NamesTheKeyAndTheRange(double share)
    {
        var options = new CollectorOptions();
        options.Regulation.ForeseenShare = share;

        Assert.StartsWith("Collector:Regulation:ForeseenShare must be above 0 and at most 1", Single(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ShippedConfigFile_IsValid()
    {
        var app = CollectorApplication.Build(["--config", Path.Combine(RepositoryPaths.Root, "config", "collector.json")]);

        Assert.NotNull(app);
        ((IDisposable)app).Dispose();
    }

    private string Single(CollectorOptions options) => Assert.Single(_validator.Validate(null, options).Failures ?? []);
}
