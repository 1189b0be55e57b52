using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Discovery;

/// <summary>
/// The mail stores: the places Postfix and Dovecot keep mail, the mount that holds each
/// (/proc/self/mountinfo, as the filesystems source finds it), and what is under that mount: a
/// multipath map (directly, or under LVM or a partition, followed through the slaves in sysfs) or
/// a plain disk. That is what ties the mail service to its volume.
/// </summary>
internal static class MailStoresDiscovery
{
    public static async Task ReadAsync(DiscoverOptions options, HostInventory inventory, CancellationToken cancellationToken)
    {
        var places = new List<(string Path, string Why)>();
        places.AddRange(await PostfixDiscovery.ReadAsync(options, inventory, cancellationToken));
        places.AddRange(await DovecotDiscovery.ReadAsync(options, inventory, cancellationToken));
        if (places.Count == 0)
        {
            return;
        }

        var mountinfo = options.UnderRoot("/proc/self/mountinfo");
        List<MountInfo>? mounts = null;
        try
        {
            mounts = SourceFile.Parse(mountinfo, MountInfo.Parse);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            inventory.Problems.Add($"{e.Message}, so the mail stores' mounts are not known");
        }

        var devices = mounts is null ? [] : BlockDevices(options);
        foreach (var group in places.GroupBy(p => p.Path, StringComparer.Ordinal))
        {
            var why = string.Join(", ", group.Select(p => p.Why).Distinct(StringComparer.Ordinal));
            var mount = mounts is null ? null : MountInfo.Holding(mounts, group.Key);
            var (map, disk) = mount is null ? (null, null) : Under(options, mount, devices, inventory);
            inventory.Stores.Add(new MailStoreFact(group.Key, why, mount, map, disk));
        }
    }

    // What is under a mount: the multipath map it is on, else the disk (the kernel name), else nothing (tmpfs, nfs).
    private static (string? Map, string? Disk) Under(DiscoverOptions options, MountInfo mount, Dictionary<string, string> devices, HostInventory inventory)
    {
        var kernelName = devices.GetValueOrDefault(mount.Device);
        var sysfs = new SourceOptions { Root = options.Root };
        if (kernelName is null && mount.Source.StartsWith("/dev/mapper/", StringComparison.Ordinal))
        {
            // A captured sysfs without dev files: the map's name is in the mount's source.
            var name = mount.Source["/dev/mapper/".Length..];
            if (inventory.Maps.Any(m => m.Name == name))
            {
                return (name, null);
            }

            kernelName = SafeMaps(sysfs).FirstOrDefault(m => m.Name == name)?.KernelName;
        }
        else if (kernelName is null && mount.Source.StartsWith("/dev/", StringComparison.Ordinal))
        {
            kernelName = mount.Source["/dev/".Length..];
        }

        if (kernelName is null)
        {
            return (null, null);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Queue<string>([kernelName]);
        while (next.TryDequeue(out var name) && seen.Add(name))
        {
            if (!DeviceMapperMap.IsDeviceMapper(name))
            {
                continue;
            }

            if (DeviceMapperMap.Read(sysfs, name) is not { } map)
            {
                continue;
            }

            if (map.IsMultipath)
            {
                return (map.Name, null);
            }

            foreach (var slave in map.Slaves ?? [])
            {
                next.Enqueue(slave);
            }
        }

        return (null, kernelName);
    }

    private static List<DeviceMapperMap> SafeMaps(SourceOptions sysfs)
    {
        try
        {
            return [.. DeviceMapperMap.ReadAll(sysfs)];
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return []; // Told by the readers of /sys/block.
        }
    }

    // "major:minor" of every block device and partition under /sys/block, to the kernel name
    // (a partition to its disk: the disk is what a path or a map is).
    private static Dictionary<string, string> BlockDevices(DiscoverOptions options)
    {
        var devices = new Dictionary<string, string>(StringComparer.Ordinal);
        var block = options.UnderRoot("/sys/block");
        if (!Directory.Exists(block))
        {
            return devices;
        }

        foreach (var disk in Directory.EnumerateFileSystemEntries(block).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(disk);
            if (SysfsAttribute.ReadText(Path.Combine(disk, "dev")) is { } number)
            {
                devices.TryAdd(number, name);
            }

            foreach (var partition in Directory.EnumerateDirectories(disk).Where(d => File.Exists(Path.Combine(d, "partition"))))
            {
                if (SysfsAttribute.ReadText(Path.Combine(partition, "dev")) is { } partitionNumber)
                {
                    devices.TryAdd(partitionNumber, name);
                }
            }
        }

        return devices;
    }
}
