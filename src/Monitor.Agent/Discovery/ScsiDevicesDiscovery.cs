using System.Text.RegularExpressions;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Discovery;

/// <summary>
/// The SCSI disks (/sys/block/sdX) and where each hangs: the kernel's device path
/// (/sys/devices/.../host3/rport-3:0-1/target3:0:0/3:0:0:1/block/sdc) names its HBA port, its FC
/// remote port and its SCSI address; device/access_state is its ALUA state (scsi_dh_alua), what
/// tells a LUN's target port groups apart.
/// </summary>
internal static partial class ScsiDevicesDiscovery
{
    public static void Read(DiscoverOptions options, HostInventory inventory)
    {
        var block = options.UnderRoot("/sys/block");
        if (!Directory.Exists(block))
        {
            inventory.Problems.Add($"{block}: not found, so no SCSI devices or multipath maps (the wrong --root?)");
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(block, "sd*").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (!DiskName().IsMatch(name))
            {
                continue;
            }

            var (hba, rport, address) = Placement(entry);
            var device = Path.Combine(entry, "device");
            try
            {
                inventory.ScsiDevices.Add(new ScsiDeviceFact(name, hba, rport, address,
                    SysfsAttribute.ReadText(Path.Combine(device, "vendor")), SysfsAttribute.ReadText(Path.Combine(device, "model")),
                    SysfsAttribute.ReadText(Path.Combine(device, "state")), SysfsAttribute.ReadText(Path.Combine(device, "access_state"))));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                inventory.Problems.Add($"{device}: {e.Message}");
                inventory.ScsiDevices.Add(new ScsiDeviceFact(name, hba, rport, address, null, null, null, null));
            }
        }
    }

    // On a live host /sys/block/sdX is a link into /sys/devices; a captured tree often holds
    // plain folders, and then where the disk hangs is not known.
    private static (string? Hba, string? RemotePort, string? Address) Placement(string entry)
    {
        FileSystemInfo? target;
        try
        {
            target = Directory.ResolveLinkTarget(entry, returnFinalTarget: true);
        }
        catch (IOException)
        {
            target = null;
        }

        if (target is null)
        {
            return (null, null, null);
        }

        string? hba = null, rport = null, address = null;
        foreach (var part in target.FullName.Split('/'))
        {
            if (HostName().IsMatch(part))
            {
                hba = part;
            }
            else if (RemotePortName().IsMatch(part))
            {
                rport = part;
            }
            else if (ScsiAddress().IsMatch(part))
            {
                address = part;
            }
        }

        return (hba, rport, address);
    }

    [GeneratedRegex("^sd[a-z]+$")]
    private static partial Regex DiskName();

    [GeneratedRegex(@"^host\d+$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^rport-\d+:\d+-\d+$")]
    private static partial Regex RemotePortName();

    [GeneratedRegex(@"^\d+:\d+:\d+:\d+$")]
    private static partial Regex ScsiAddress();
}
