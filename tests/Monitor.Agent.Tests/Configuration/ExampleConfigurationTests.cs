using Monitor.Agent.Configuration;

namespace Monitor.Agent.Tests.Configuration;

/// <summary>
/// The example configurations per host role (config/examples/, shipped in the package) are valid
/// as written: the only complaints are about the files a site supplies itself under /etc/monitor
/// (its topology, certificates, credentials). A misspelt key or a bad value in an example fails here.
/// </summary>
public sealed class ExampleConfigurationTests
{
    public static TheoryData<string> AgentExamples => [.. Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "config", "examples"), "agent-*.json").Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(AgentExamples))]
    public void Example_IsValidButForTheSitesOwnFiles(string example)
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(["run", "--config", RepositoryPaths.File($"config/examples/{example}")]));

        var problems = error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Contains("'/etc/monitor/", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Examples_CoverAMailHostAndAStorageHost()
    {
        Assert.Contains("agent-mail-host.json", AgentExamples);
        Assert.Contains("agent-storage-host.json", AgentExamples);
    }
}
