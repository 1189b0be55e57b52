using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Discovery;

/// <summary>
/// The dm-multipath maps and their paths: from `multipathd show maps json` (or a saved copy), which
/// also tells each path's group (a target port group under ALUA) and its HBA and storage WWPNs;
/// from the maps' slaves in sysfs when multipathd cannot answer, as the multipath source does.
/// </summary>
internal static class MultipathDiscovery
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    public static async Task ReadAsync(DiscoverOptions options, HostInventory inventory, CancellationToken cancellationToken)
    {
        MultipathdMaps? maps = null;
        string? failure = null;
        try
        {
            if (options.MultipathFile.Length > 0)
            {
                await using var stream = File.OpenRead(options.MultipathFile);
                maps = await Multipath.ParseAsync(stream, cancellationToken);
            }
            else if (options.LiveHost)
            {
                maps = await ExternalCommand.RunAsync(options.Multipathd, "show maps json", CommandTimeout, TimeProvider.System, Multipath.ParseAsync, cancellationToken);
            }
        }
        catch (ExternalCommandException e)
        {
            failure = e.Message;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            failure = $"{options.MultipathFile}: {e.Message}";
        }

        if (maps is not null)
        {
            Add(maps, options.MultipathFile.Length > 0 ? options.MultipathFile : $"{options.Multipathd} show maps json", inventory);
            return;
        }

        if (failure is not null)
        {
            // A saved output the operator named is a mistake to tell; a host without multipathd is not.
            (options.MultipathFile.Length > 0 ? inventory.Problems : inventory.Notes).Add($"{failure}; the maps come from sysfs instead (no path groups)");
        }

        ReadSysfs(options, inventory);
    }

    private static void Add(MultipathdMaps maps, string from, HostInventory inventory)
    {
        foreach (var map in maps.Maps!.Where(m => !string.IsNullOrEmpty(m.Name)).DistinctBy(m => m.Name))
        {
            var paths = new List<MultipathPathFact>();
            var groups = map.PathGroups ?? [];
            for (var g = 0; g < groups.Count; g++)
            {
                foreach (var path in (groups[g].Paths ?? []).Where(p => !string.IsNullOrEmpty(p.Device)))
                {
                    paths.Add(new MultipathPathFact(path.Device!, groups[g].Group ?? g + 1, groups[g].Priority, Wwpn(path.HostWwpn), Wwpn(path.TargetWwpn)));
                }
            }

            inventory.Maps.Add(new MultipathMapFact(map.Name!, map.Uuid, paths, from));
        }
    }

    // iSCSI paths say "[undef]".
    private static string? Wwpn(string? text) => text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.ToLowerInvariant() : null;

    private static void ReadSysfs(DiscoverOptions options, HostInventory inventory)
    {
        try
        {
            foreach (var map in DeviceMapperMap.ReadAll(new SourceOptions { Root = options.Root }).Where(m => m.IsMultipath))
            {
                if (map.Slaves is null)
                {
                    inventory.Problems.Add($"{options.UnderRoot($"/sys/block/{map.KernelName}/slaves")}: not found, so the paths of map {map.Name} are not known");
                }

                inventory.Maps.Add(new MultipathMapFact(map.Name, map.Uuid["mpath-".Length..],
                    [.. (map.Slaves ?? []).Select(s => new MultipathPathFact(s, null, null, null, null))], $"{options.UnderRoot("/sys/block")}/{map.KernelName}"));
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // /sys/block missing is told once, by the SCSI devices' reader.
            if (Directory.Exists(options.UnderRoot("/sys/block")))
            {
                inventory.Problems.Add(e.Message);
            }
        }
    }
}
