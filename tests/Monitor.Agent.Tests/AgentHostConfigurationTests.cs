using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Monitor.Agent.Tests;

/// <summary>
/// The agent reads its own settings file once. The hosts' defaults would also read
/// appsettings*.json from the working directory, the agent's state directory, and watch it
/// recursively: every outbox write then woke a watcher.
/// </summary>
public sealed class AgentHostConfigurationTests
{
    public static TheoryData<string> Listeners => new() { "", "http://127.0.0.1:0" };

    [Theory]
    [MemberData(nameof(Listeners))]
    public void Build_AnyHost_WatchesNoFileAndReadsNoAppSettings(string listen)
    {
        using var host = AgentApplication.Build(
            ["replay", RepositoryPaths.Scenario("cty-2017"), "--speed", "0", "--Agent:Collector:Address=", $"--Agent:Http:Listen={listen}"],
            TextWriter.Null);

        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var files = Flatten(root).OfType<FileConfigurationProvider>().ToList();

        Assert.DoesNotContain(files, f => f.Source.ReloadOnChange);
        Assert.DoesNotContain(files, f => f.Source.Path?.StartsWith("appsettings", StringComparison.Ordinal) == true);
        Assert.Contains(files, f => f.Source.Path?.EndsWith("agent.json", StringComparison.Ordinal) == true);
    }

    // The agent's own file sits inside a chained configuration.
    private static IEnumerable<IConfigurationProvider> Flatten(IConfigurationRoot root)
    {
        foreach (var provider in root.Providers)
        {
            if (provider is ChainedConfigurationProvider { Configuration: IConfigurationRoot inner })
            {
                foreach (var nested in Flatten(inner))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return provider;
            }
        }
    }
}
