using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Tests.Configuration;

public sealed class CollectorConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Build_UnknownTimeZone_ThrowsNamingKeyValueAndExpectation()
    {
        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(Args("--Collector:TimeZone=Asia/Tokio")));

        Assert.Equal("Collector:TimeZone = 'Asia/Tokio' is not a known IANA time zone; expected e.g. Asia/Tokyo", error.Message);
    }

    [Fact]
    public void Build_MisspeltKey_NamesTheKey()
    {
        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(Args("--Collector:TimeZome=Asia/Tokyo")));

        Assert.StartsWith("Collector:TimeZome is not a known setting; expected one of Listen, HttpListen,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ListenThatIsNotAnAddress_NamesTheKeyTheValueAndWhatIsExpected()
    {
        // Before: only the binder's "Failed to convert ... to type 'System.Uri'".
        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(Args("--Collector:Listen=http://127.0.0.1:50051x")));

        Assert.Contains(
            "Collector:Listen = 'http://127.0.0.1:50051x' is not valid: expected an absolute address with scheme, host and port, e.g. http://127.0.0.1:50051",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ValueOfTheWrongType_NamesKeyAndValue()
    {
        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(Args("--Collector:Limits:MaxMessageBytes=4MB")));

        Assert.Contains("Collector:Limits:MaxMessageBytes = '4MB' is not valid: expected a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MaxMessageBytesAtItsOldPlace_NamesTheNewKey()
    {
        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(Args("--Collector:MaxMessageBytes=1048576")));

        Assert.Equal("Collector:MaxMessageBytes has moved; write it as Collector:Limits:MaxMessageBytes", error.Message);
    }

    [Fact]
    public void Build_ConfigFileThatDoesNotExist_SaysSo()
    {
        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(["--config", _directory.File("missing.json")]));

        Assert.StartsWith($"--config {_directory.File("missing.json")}: no such file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ConfigFileWithBrokenJson_NamesTheFile()
    {
        var path = _directory.File("broken.json");
        File.WriteAllText(path, """{ "Collector": { "TimeZone": "UTC" """);

        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(["--config", path]));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ConfigFileAndCommandLine_CommandLineWins()
    {
        var path = _directory.File("collector.json");
        await File.WriteAllTextAsync(path, $$"""
            {
              "Collector": {
                "TimeZone": "UTC",
                "ReportDirectory": "{{_directory.File("from-file")}}",
                "Limits": { "MaxMessageBytes": 1048576 }
              }
            }
            """);

        await using var app = CollectorApplication.Build(["--config", path, "--Collector:TimeZone=Asia/Tokyo"]);

        var options = app.Services.GetRequiredService<IOptions<CollectorOptions>>().Value;
        Assert.Equal("Asia/Tokyo", options.TimeZone);
        Assert.Equal(_directory.File("from-file"), options.ReportDirectory);
        Assert.Equal(1_048_576, options.Limits.MaxMessageBytes);
    }

    [Fact]
    public async Task BoundAddress_BeforeStart_Throws()
    {
        await using var app = CollectorApplication.Build(Args());

        Assert.Throws<InvalidOperationException>(() => CollectorApplication.BoundAddress(app));
    }

    private string[] Args(params string[] extra) =>
    [
        $"--Collector:DatabasePath={_directory.File("collector.db")}",
        $"--Collector:ReportDirectory={_directory.File("reports")}",
        "--Collector:Listen=http://127.0.0.1:0",
        "--Collector:HttpListen=http://127.0.0.1:0",
        .. extra,
    ];
}
