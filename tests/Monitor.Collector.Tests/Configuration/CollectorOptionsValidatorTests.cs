using Monitor.Collector.Configuration;

namespace Monitor.Collector.Tests.Configuration;

public sealed class CollectorOptionsValidatorTests
{
    private readonly CollectorOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(_validator.Validate(null, new CollectorOptions()).Succeeded);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:50051", "expected an http:// or https:// address")]
    [InlineData("http://collector.example.jp:50051", "expected an IP address or localhost")]
    [InlineData("http://localhost:0", "expected a fixed port with localhost")]
    [InlineData("http://127.0.0.1:50051/grpc", "expected only scheme, host and port")]
    [InlineData("127.0.0.1:50051", "is not usable")]
    public void Validate_UnusableListenAddress_NamesKeyValueAndExpectation(string listen, string expected)
    {
        var result = _validator.Validate(null, new CollectorOptions { Listen = new Uri(listen, UriKind.RelativeOrAbsolute) });

        var failure = Assert.Single(result.Failures ?? []);
        Assert.StartsWith($"Collector:Listen = '{listen}' is not usable", failure, StringComparison.Ordinal);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SamePortForGrpcAndWeb_IsRefused()
    {
        var result = _validator.Validate(null, new CollectorOptions
        {
            Listen = new Uri("http://127.0.0.1:9000"),
            HttpListen = new Uri("http://0.0.0.0:9000"),
        });

        Assert.Contains("uses the same port as Collector:Listen", Assert.Single(result.Failures ?? []), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PortZeroForBoth_IsAllowed()
    {
        var result = _validator.Validate(null, new CollectorOptions
        {
            Listen = new Uri("http://127.0.0.1:0"),
            HttpListen = new Uri("http://127.0.0.1:0"),
        });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_MessageLimitTooSmall_GivesTheRange()
    {
        var result = _validator.Validate(null, new CollectorOptions { Limits = new LimitsOptions { MaxMessageBytes = 60_000 } });

        Assert.Equal("Collector:Limits:MaxMessageBytes = '60000' is out of range; expected 65536 to 268435456 bytes", Assert.Single(result.Failures ?? []));
    }

    [Fact]
    public void Validate_OtlpEndpointNotAnAddress_IsRefused()
    {
        var result = _validator.Validate(null, new CollectorOptions { OtlpEndpoint = "collector:4317" });

        Assert.StartsWith("Collector:OtlpEndpoint = 'collector:4317' is not an http:// or https:// address", Assert.Single(result.Failures ?? []), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyDatabasePath_IsRefused()
    {
        var result = _validator.Validate(null, new CollectorOptions { DatabasePath = " " });

        Assert.StartsWith("Collector:DatabasePath = ' ' is empty", Assert.Single(result.Failures ?? []), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:10", "00:00:10", "Collector:Alerting:LeaseRenewInterval = '00:00:10' is not usable")]
    [InlineData("00:00:10", "00:00:00.050", "Collector:Alerting:LeaseRenewInterval = '00:00:00.0500000' is not usable")]
    [InlineData("00:00:00.500", "00:00:00.100", "Collector:Alerting:LeaseDuration = '00:00:00.5000000' is too short")]
    public void Validate_AlertLeaseRenewedTooLateOrTooOften_NamesTheKey(string duration, string renew, string expected)
    {
        var result = _validator.Validate(null, new CollectorOptions
        {
            Alerting = new AlertingOptions
            {
                LeaseDuration = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture),
                LeaseRenewInterval = TimeSpan.Parse(renew, System.Globalization.CultureInfo.InvariantCulture),
            },
        });

        Assert.StartsWith(expected, Assert.Single(result.Failures ?? []), StringComparison.Ordinal);
    }
}
