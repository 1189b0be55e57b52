using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Tests.Configuration;

/// <summary>
/// Issue 13: a typo in a nested setting and a JSON syntax error must say where: the full key
/// path, and the line and column in the file.
/// </summary>
public sealed class ConfigurationErrorPlaceTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("--Collector:Tls:KeyPth=collector.key", "Collector:Tls:KeyPth is not a known setting")]
    [InlineData("--Collector:Agents:mail01:Sitee=cty", "Collector:Agents:mail01:Sitee is not a known setting")]
    public async Task Build_TypoInANestedSetting_NamesTheFullKeyPath(string argument, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = CollectorApplication.Build([$"--Collector:DatabasePath={_directory.File("collector.db")}", argument]);
            _ = app.Services.GetRequiredService<IOptions<CollectorOptions>>().Value;
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_JsonSyntaxError_NamesTheFileLineAndColumn()
    {
        var path = _directory.File("collector.json");
        File.WriteAllText(path, "{\n  \"Collector\": {\n    \"TimeZone\": \"UTC\",,\n  }\n}\n");

        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(["--config", path]));

        Assert.StartsWith($"{path}: not valid JSON at line 3, column 23", error.Message, StringComparison.Ordinal);
    }
}
