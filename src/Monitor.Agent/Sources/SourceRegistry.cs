namespace Monitor.Agent.Sources;

/// <summary>
/// Every polled source the agent has, one line each (node_exporter's pattern: a collector
/// registers by name; one flag turns it on). The replay is not here: it is a mode, not a reader
/// of this host.
/// </summary>
public static class SourceRegistry
{
    /// <summary>All sources, by name.</summary>
    public static IReadOnlyList<SourceDefinition> All { get; } =
    [
        new("redfish", "Redfish", s => s.Redfish, (o, c) => new Redfish((RedfishOptions)o, c)),
        new("exporter", "Exporter", s => s.Exporter, (o, c) => new ExporterScrape((ExporterOptions)o, c)),
        new("changes", "Changes", s => s.Changes, (o, c) => new ChangeWatch((ChangeWatchOptions)o, c)),
        new("postfix-queue", "PostfixQueue", s => s.PostfixQueue, (o, c) => new PostfixQueue((PostfixQueueOptions)o, c)),
        new("maillog", "MailLog", s => s.MailLog, (o, c) => new MailLog((MailLogOptions)o, c)),
        new("dovecot-stats", "DovecotStats", s => s.DovecotStats, (o, c) => new DovecotStats((DovecotStatsOptions)o, c)),
        new("probes", "Probes", s => s.Probes, (o, c) => new MailProbes((MailProbesOptions)o, c)),
        new("diskstats", "DiskStats", s => s.DiskStats, (o, c) => new DiskStats((DiskStatsOptions)o, c)),
        new("fchost", "FcHost", s => s.FcHost, (o, c) => new FcHost((FcHostOptions)o, c)),
        new("scsi", "ScsiDevices", s => s.ScsiDevices, (o, c) => new ScsiDevices((ScsiDevicesOptions)o, c)),
        new("multipath", "Multipath", s => s.Multipath, (o, c) => new Multipath((MultipathOptions)o, c)),
    ];

    /// <summary>The source with this name, or null.</summary>
    public static SourceDefinition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
}
