using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Discovery;

/// <summary>
/// What `discover` found on a host, before it is written as a topology skeleton: the FC ports,
/// the SCSI devices and multipath maps, the mail software and where it keeps mail. Each reader
/// adds what it could read; what it could not is a line in <see cref="Problems"/> (the rest is
/// still found), and what is simply not there (no FC HBA, no Dovecot) a line in <see cref="Notes"/>.
/// </summary>
internal sealed class HostInventory(string host)
{
    /// <summary>The host's name as the sources scope their raw ids ("mail01" in "mail01/sdc").</summary>
    public string Host { get; } = host;

    public List<HbaPortFact> HbaPorts { get; } = [];

    public List<RemotePortFact> RemotePorts { get; } = [];

    public List<ScsiDeviceFact> ScsiDevices { get; } = [];

    public List<MultipathMapFact> Maps { get; } = [];

    public List<MailStoreFact> Stores { get; } = [];

    public List<MailSoftwareFact> MailSoftware { get; } = [];

    /// <summary>The IANA time zone of the host (/etc/timezone), when it says.</summary>
    public string? TimeZone { get; set; }

    /// <summary>What could not be read, each naming the file or command and why.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>What is not on this host, or was read another way.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The raw id a source uses for <paramref name="name"/> on this host ("mail01/sdc").</summary>
    public string OnThisHost(string name) => $"{Host}/{name}";
}

/// <summary>An FC HBA port, /sys/class/fc_host/hostN.</summary>
internal sealed record HbaPortFact(string Name, string? PortName, string? State, string? Speed);

/// <summary>An FC remote port, /sys/class/fc_remote_ports/rport-H:B-R: a storage target port seen by HBA port hostH.</summary>
internal sealed record RemotePortFact(string Name, string HbaPort, string? PortName, string? NodeName, string? State, string Roles)
{
    /// <summary>Another initiator in the zone is not a way to storage.</summary>
    public bool IsTarget => !(Roles.Contains("Initiator", StringComparison.Ordinal) && !Roles.Contains("Target", StringComparison.Ordinal));
}

/// <summary>A SCSI disk, /sys/block/sdX: where it hangs (HBA port, remote port, H:C:T:L) and its ALUA access state.</summary>
internal sealed record ScsiDeviceFact(string Name, string? HbaPort, string? RemotePort, string? Address, string? Vendor, string? Model, string? State, string? AccessState);

/// <summary>A dm-multipath map with its paths; <paramref name="From"/> says whether multipathd or sysfs told.</summary>
internal sealed record MultipathMapFact(string Name, string? Wwid, IReadOnlyList<MultipathPathFact> Paths, string From);

/// <summary>
/// One path of a map. <paramref name="Group"/> is multipathd's path group (with the ALUA
/// prioritizer, a target port group), null from sysfs; the WWPNs are multipathd's, for FC paths.
/// </summary>
internal sealed record MultipathPathFact(string Device, int? Group, int? Priority, string? HostWwpn, string? TargetWwpn);

/// <summary>
/// A place where mail lives (<paramref name="Path"/>, e.g. /var/mail), why (<paramref name="Why"/>:
/// "Postfix mail_spool_directory"), the mount that holds it, and the multipath map or disk under that mount.
/// </summary>
internal sealed record MailStoreFact(string Path, string Why, MountInfo? Mount, string? Map, string? Disk);

/// <summary>Postfix or Dovecot, present on the host: its version when known and the functions users see.</summary>
internal sealed record MailSoftwareFact(string Name, string? Version, IReadOnlyList<string> Functions, string From);
