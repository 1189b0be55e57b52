namespace Monitor.Conventions.Tests.Documentation;

/// <summary>docs/settings.md lists every setting of the agent and the collector with its real default.</summary>
public sealed class SettingsPageTests
{
    // The agent's polled sources are looked up by their definitions, not by properties, so
    // each is a section of its own here, in the registry's order.
    private static readonly (string, Type, string)[] Roots =
    [
        ("Agent", typeof(Monitor.Agent.AgentOptions), "The agent"),
        .. Monitor.Agent.SourceRegistry.All.Select(d => ($"Agent:Sources:{d.Section}", d.OptionsType, $"Source {d.Name}")),
        ("Collector", typeof(Monitor.Collector.Configuration.CollectorOptions), "The collector"),
    ];

    [Fact]
    public void SettingsPage_MatchesTheOptionsClasses()
    {
        var expected = SettingsPage.Render(Roots);
        var path = RepositoryPaths.File(SettingsPage.RelativePath);
        if (Environment.GetEnvironmentVariable("MONITOR_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        Assert.True(expected == actual, DocumentDiff.Describe(SettingsPage.RelativePath, expected, actual));
    }

    [Fact]
    public void Render_ChangedDefault_ChangesThePage()
    {
        var before = SettingsPage.Render([("Sample", typeof(SampleOptions), "Sample")]);
        SampleOptions.DefaultInterval = TimeSpan.FromSeconds(30);
        try
        {
            var after = SettingsPage.Render([("Sample", typeof(SampleOptions), "Sample")]);
            Assert.Contains("| `Interval` | `00:00:15` |", before, StringComparison.Ordinal);
            Assert.Contains("| `Interval` | `00:00:30` |", after, StringComparison.Ordinal);
            Assert.Contains("### `Sample:Inner`", after, StringComparison.Ordinal);
            Assert.Contains("| `Names` | `[a, b]` |", after, StringComparison.Ordinal);
        }
        finally
        {
            SampleOptions.DefaultInterval = TimeSpan.FromSeconds(15);
        }
    }
}
