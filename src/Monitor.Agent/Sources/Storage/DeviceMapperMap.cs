namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// A device-mapper map as sysfs shows it (/sys/block/dm-N): its name ("mpathA"), its uuid
/// ("mpath-3600..." for dm-multipath, "LVM-..." for LVM) and the block devices under it (slaves;
/// for a multipath map, its path devices).
/// </summary>
/// <param name="KernelName">"dm-3".</param>
/// <param name="Name">The map's name from dm/name, or the kernel name when sysfs has none.</param>
/// <param name="Uuid">dm/uuid, or "" when absent.</param>
/// <param name="Slaves">The devices under the map, sorted; null when slaves/ could not be listed.</param>
internal sealed record DeviceMapperMap(string KernelName, string Name, string Uuid, IReadOnlyList<string>? Slaves)
{
    /// <summary>Whether dm-multipath made this map.</summary>
    public bool IsMultipath => Uuid.StartsWith("mpath-", StringComparison.Ordinal);

    /// <summary>Whether a kernel block device name is a device-mapper map.</summary>
    public static bool IsDeviceMapper(ReadOnlySpan<char> kernelName) => kernelName.StartsWith("dm-", StringComparison.Ordinal);

    /// <summary>Reads /sys/block/<paramref name="kernelName"/> under <paramref name="options"/>' root; null when the map is gone.</summary>
    public static DeviceMapperMap? Read(SourceOptions options, string kernelName)
    {
        var block = options.UnderRoot("/sys/block/" + kernelName);
        if (!Directory.Exists(block))
        {
            return null;
        }

        var name = SysfsAttribute.ReadText(Path.Combine(block, "dm", "name"));
        var uuid = SysfsAttribute.ReadText(Path.Combine(block, "dm", "uuid")) ?? "";
        return new DeviceMapperMap(kernelName, string.IsNullOrEmpty(name) ? kernelName : name, uuid, ReadSlaves(Path.Combine(block, "slaves")));
    }

    /// <summary>Every map under /sys/block, by kernel name.</summary>
    public static IEnumerable<DeviceMapperMap> ReadAll(SourceOptions options)
    {
        var block = options.UnderRoot("/sys/block");
        if (!Directory.Exists(block))
        {
            throw new InvalidDataException($"{block}: not found");
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(block, "dm-*").Order(StringComparer.Ordinal))
        {
            if (Read(options, Path.GetFileName(entry)) is { } map)
            {
                yield return map;
            }
        }
    }

    // slaves/ holds symlinks on a live system; captured trees often hold plain files of the same names.
    private static string[]? ReadSlaves(string folder)
    {
        // Asked first: a map without slaves/ (captured trees) cost an exception every cycle.
        if (!Directory.Exists(folder))
        {
            return null;
        }

        try
        {
            var names = Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>().ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
