using Microsoft.Extensions.DependencyInjection;
using Monitor.Agent.Configuration;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Tests.Configuration;

/// <summary>
/// Each source declares its name once; its section under Agent:Sources comes from its options
/// type. The names and sections users write today must stay exactly these.
/// </summary>
public sealed class SourceSectionsTests
{
    private static string[] Replay(params string[] extra) =>
        ["replay", RepositoryPaths.Scenario("cty-2017"), "--speed", "0", "--Agent:Collector:Address=", .. extra];

    [Fact]
    public void Registry_NamesAndSections_AreTheOnesInUsersFiles()
    {
        (string Name, string Section)[] expected =
        [
            ("redfish", "Redfish"), ("exporter", "Exporter"), ("changes", "Changes"), ("postfix-queue", "PostfixQueue"),
            ("maillog", "MailLog"), ("dovecot-stats", "DovecotStats"), ("probes", "Probes"), ("diskstats", "DiskStats"),
            ("fchost", "FcHost"), ("scsi", "ScsiDevices"), ("multipath", "Multipath"), ("filesystems", "Filesystems"),
        ];

        Assert.Equal(expected, SourceRegistry.All.Select(d => (d.Name, d.Section)));
    }

    [Fact]
    public void Build_SourceSection_IsBoundIntoThatSourcesOptionsAndRunsIt()
    {
        using var host = AgentApplication.Build(Replay("--Agent:Sources:DiskStats:Enabled=true", "--Agent:Sources:DiskStats:Interval=00:00:30"), TextWriter.Null);

        var options = host.Services.GetRequiredService<AgentOptions>();
        Assert.Equal(TimeSpan.FromSeconds(30), options.Sources.Of(DiskStats.Definition).Interval);
        Assert.Contains(host.Services.GetServices<ISource>(), s => s.Name == "diskstats");
    }

    [Fact]
    public void Build_UnknownSourceSection_NamesItAndTheKnownOnes()
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay("--Agent:Sources:Diskstat:Enabled=true"), TextWriter.Null));

        Assert.Equal(
            "Agent:Sources:Diskstat is not a known setting (known here: Replay, Redfish, Exporter, Changes, PostfixQueue, MailLog, DovecotStats, Probes, DiskStats, FcHost, ScsiDevices, Multipath, Filesystems)",
            error.Message);
    }

    [Fact]
    public void Build_UnknownKeyInASourceSection_NamesTheKeyAndTheSourcesSettings()
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay("--Agent:Sources:DiskStats:Exclud=sd.*"), TextWriter.Null));

        Assert.StartsWith("Agent:Sources:DiskStats:Exclud is not a known setting (known here: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Exclude", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ValueOfWrongTypeInASourceSection_NamesKeyAndValue()
    {
        var error = Assert.Throws<ConfigurationError>(() => AgentApplication.Build(Replay("--Agent:Sources:Multipath:Interval=often"), TextWriter.Null));

        Assert.StartsWith("Agent:Sources:Multipath:Interval = 'often' is not valid: expected a time span", error.Message, StringComparison.Ordinal);
    }
}
