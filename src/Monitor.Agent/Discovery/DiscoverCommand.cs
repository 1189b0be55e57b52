using Monitor.Agent.Configuration;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Discovery;

/// <summary>
/// `discover`: reads what this host can see (FC ports, SCSI devices, multipath maps and their
/// ALUA states, the mail software and the mounts of its stores) and writes a topology skeleton
/// for the operator to complete. Exit code 0 when everything could be read; 1 when something
/// could not (one line each on standard error; the skeleton is still written, with the rest);
/// 2 when the command line is wrong or the output file exists or cannot be written.
/// </summary>
internal static class DiscoverCommand
{
    /// <summary>Reads the host; nothing here fails on one bad part.</summary>
    public static async Task<HostInventory> DiscoverAsync(string host, DiscoverOptions options, CancellationToken cancellationToken)
    {
        var inventory = new HostInventory(host);
        if (!Directory.Exists(options.Root))
        {
            throw new ConfigurationError($"--root {options.Root}: not a folder");
        }

        // Each reader tells its own bad parts; a folder it cannot even list stops that reader only.
        await GuardAsync("FC ports", () => Task.Run(() => FcPortsDiscovery.Read(options, inventory), cancellationToken), inventory);
        await GuardAsync("SCSI devices", () => Task.Run(() => ScsiDevicesDiscovery.Read(options, inventory), cancellationToken), inventory);
        await GuardAsync("multipath maps", () => MultipathDiscovery.ReadAsync(options, inventory, cancellationToken), inventory);
        await GuardAsync("mail stores", () => MailStoresDiscovery.ReadAsync(options, inventory, cancellationToken), inventory);
        var timezone = options.UnderRoot("/etc/timezone");
        inventory.TimeZone = File.Exists(timezone) ? SysfsAttribute.ReadText(timezone) is { Length: > 0 } zone ? zone : null : null;
        return inventory;
    }

    private static async Task GuardAsync(string what, Func<Task> read, HostInventory inventory)
    {
        try
        {
            await read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            inventory.Problems.Add($"{what}: {e.Message}");
        }
    }

    /// <summary>Runs the verb; returns the exit code (2 comes as a <see cref="ConfigurationError"/>).</summary>
    public static async Task<int> RunAsync(string host, DiscoverOptions options, TimeProvider clock, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.OutputFile.Length > 0 && File.Exists(options.OutputFile))
        {
            // A filled topology is work; a skeleton never writes over one.
            throw new ConfigurationError($"--out {options.OutputFile}: the file exists; discover never overwrites it (write elsewhere, or remove it first)");
        }

        var inventory = await DiscoverAsync(host, options, cancellationToken);
        var skeleton = TopologySkeleton.Write(inventory, clock.GetUtcNow());
        if (options.OutputFile.Length == 0)
        {
            await output.WriteAsync(skeleton);
        }
        else
        {
            try
            {
                await File.WriteAllTextAsync(options.OutputFile, skeleton, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationError($"--out {options.OutputFile}: cannot write: {e.Message}", e);
            }

        }

        await error.WriteLineAsync($"monitor-agent: discover: {(options.OutputFile.Length > 0 ? $"wrote {options.OutputFile}: " : "")}{Summary(inventory)}");

        foreach (var problem in inventory.Problems)
        {
            await error.WriteLineAsync($"monitor-agent: discover: not read: {problem}");
        }

        return inventory.Problems.Count == 0 ? 0 : 1;
    }

    private static string Summary(HostInventory inventory) =>
        $"{inventory.HbaPorts.Count} HBA ports, {inventory.RemotePorts.Count} remote ports, {inventory.Maps.Count} multipath maps with "
        + $"{inventory.Maps.Sum(m => m.Paths.Count)} paths, {inventory.Stores.Count} mail stores, "
        + $"{(inventory.MailSoftware.Count > 0 ? string.Join(" and ", inventory.MailSoftware.Select(s => s.Name)) : "no mail software")}";
}
