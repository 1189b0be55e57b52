using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Changes;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent;

/// <summary>
/// Every polled source the agent has, one line each (node_exporter's pattern: a collector
/// registers by name; one flag turns it on). Each source declares its name and options once, in
/// its own Definition. The replay is not here: it is a mode, not a reader of this host.
/// </summary>
public static class SourceRegistry
{
    /// <summary>All sources, in the order their sections are listed.</summary>
    public static IReadOnlyList<SourceDefinition> All { get; } =
    [
        Redfish.Definition,
        ExporterScrape.Definition,
        ChangeWatch.Definition,
        PostfixQueue.Definition,
        MailLog.Definition,
        DovecotStats.Definition,
        MailProbes.Definition,
        DiskStats.Definition,
        FcHost.Definition,
        ScsiDevices.Definition,
        Multipath.Definition,
        Filesystems.Definition,
    ];

    /// <summary>The source with this name (as `sample NAME` writes it), or null.</summary>
    public static SourceDefinition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The source read from Agent:Sources:<paramref name="section"/>, or null.</summary>
    public static SourceDefinition? FindSection(string section) =>
        All.FirstOrDefault(d => string.Equals(d.Section, section, StringComparison.OrdinalIgnoreCase));
}
