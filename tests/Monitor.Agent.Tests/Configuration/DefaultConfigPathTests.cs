namespace Monitor.Agent.Tests.Configuration;

/// <summary>Without --config, a host reads what the package installed, a checkout its own example.</summary>
public sealed class DefaultConfigPathTests
{
    [Fact]
    public void DefaultConfigPath_InstalledConfigurationPresent_IsTheInstalledOneWhateverTheDirectory()
    {
        var path = AgentApplication.DefaultConfigPathWhere(file => file == "/etc/monitor/agent.json");

        Assert.Equal("/etc/monitor/agent.json", path);
    }

    [Fact]
    public void DefaultConfigPath_NothingInstalled_IsTheCheckoutsRelativeExample()
    {
        var path = AgentApplication.DefaultConfigPathWhere(_ => false);

        Assert.Equal("config/agent.json", path);
    }
}
