using Monitor.Agent.Configuration;

namespace Monitor.Agent.Tests.Configuration;

/// <summary>
/// Issue 13: a typo deep in the configuration (inside a list) and a JSON syntax error must say
/// where: the full key path, and the line and column in the file.
/// </summary>
public sealed class ConfigurationErrorPlaceTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Build_TypoInsideAListOfASource_NamesTheFullKeyPath()
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay("--Agent:Sources:Changes:Files:0:Pth=/etc/multipath.conf"), TextWriter.Null));

        Assert.Contains("Agent:Sources:Changes:Files:0:Pth is not a known setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_JsonSyntaxError_NamesTheFileLineAndColumn()
    {
        var path = _directory.Write("agent.json", "{\n  \"Agent\": {\n    \"AgentId\": \"mail01\",,\n  }\n}\n");

        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(["replay", RepositoryPaths.Scenario("cty-2017"), "--config", path], TextWriter.Null));

        Assert.StartsWith($"{path}: not valid JSON at line 3, column 25", error.Message, StringComparison.Ordinal);
    }

    private static string[] Replay(params string[] extra) =>
        ["replay", RepositoryPaths.Scenario("cty-2017"), "--speed", "0", "--Agent:Collector:Address=", .. extra];
}
