using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Discovery;

/// <summary>
/// The host's FC HBA ports (/sys/class/fc_host) and the remote ports they see
/// (/sys/class/fc_remote_ports): the ends of every FC path. A port whose files cannot be read is a
/// problem naming the file; the other ports are still found.
/// </summary>
internal static class FcPortsDiscovery
{
    public static void Read(DiscoverOptions options, HostInventory inventory)
    {
        var hosts = options.UnderRoot("/sys/class/fc_host");
        if (!Directory.Exists(hosts))
        {
            inventory.Notes.Add($"{hosts}: not found, so no FC HBA ports (no FC HBA driver loaded, or the wrong --root)");
            return;
        }

        foreach (var folder in Directory.EnumerateFileSystemEntries(hosts).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            try
            {
                var statePlace = Path.Combine(folder, "port_state");
                var state = FcHost.ParsePortState(SysfsAttribute.ReadRequiredText(statePlace), statePlace);
                inventory.HbaPorts.Add(new HbaPortFact(name, SysfsAttribute.ReadText(Path.Combine(folder, "port_name")), state,
                    SysfsAttribute.ReadText(Path.Combine(folder, "speed"))));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // Still a port of the host: listed, with what could not be read.
                inventory.Problems.Add(e.Message);
                inventory.HbaPorts.Add(new HbaPortFact(name, SysfsAttribute.ReadText(Path.Combine(folder, "port_name")), null, null));
            }
        }

        ReadRemotePorts(options, inventory);
    }

    private static void ReadRemotePorts(DiscoverOptions options, HostInventory inventory)
    {
        var remotePorts = options.UnderRoot("/sys/class/fc_remote_ports");
        if (!Directory.Exists(remotePorts))
        {
            inventory.Notes.Add($"{remotePorts}: not found, so no FC remote ports (the HBAs see no storage port yet)");
            return;
        }

        foreach (var folder in Directory.EnumerateFileSystemEntries(remotePorts, "rport-*").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            // rport-H:B-R hangs off SCSI host H, the HBA port hostH.
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            var hba = colon > "rport-".Length ? "host" + name["rport-".Length..colon] : null;
            if (hba is null)
            {
                inventory.Problems.Add($"{folder}: not a remote port name (expected rport-H:B-R)");
                continue;
            }

            var statePlace = Path.Combine(folder, "port_state");
            string? state = null;
            try
            {
                state = SysfsAttribute.ReadText(statePlace) is { } stateText ? FcHost.ParsePortState(stateText, statePlace) : null;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                inventory.Problems.Add(e.Message); // The port is still listed: its state is what a source reads later.
            }

            var portName = SysfsAttribute.ReadText(Path.Combine(folder, "port_name"));
            if (portName is null)
            {
                inventory.Problems.Add($"{Path.Combine(folder, "port_name")}: not found, so the port is known by its kernel name only");
            }

            inventory.RemotePorts.Add(new RemotePortFact(name, hba, portName, SysfsAttribute.ReadText(Path.Combine(folder, "node_name")), state,
                SysfsAttribute.ReadText(Path.Combine(folder, "roles")) ?? ""));
        }
    }
}
