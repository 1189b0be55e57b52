using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Monitor.Core.Topology;

namespace Monitor.Agent.Discovery;

/// <summary>
/// Writes what a host can see as a topology file (config/topology.json's shape, comments
/// allowed): its HBA ports, the storage ports, one access path per path device, a volume per
/// multipath map and per mail store, the mail service with its functions. What the host cannot
/// know is a blank the loader refuses, naming it: texts start with "FILL IN", rated capacities and
/// the category are 0, contracts -1, each with a comment saying what to write. Every raw id the
/// sources use here is an alias, so `check-config` finds them in the topology.
/// </summary>
internal static class TopologySkeleton
{
    /// <summary>The skeleton's text.</summary>
    public static string Write(HostInventory inventory, DateTimeOffset now)
    {
        var plan = StoragePlan.From(inventory);
        var stores = StoreVolumes(inventory);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            Comment(json, $"Written by `monitor-agent discover` on {inventory.Host} at {now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}: what the host can see.");
            Comment(json, $"Fill every \"{TopologyLoader.Blank}\" text and every number marked {TopologyLoader.Blank} (controllers' names and rated capacity, the site, the service, contracts); `monitor-agent check-config` names those left.");
            foreach (var problem in inventory.Problems)
            {
                Comment(json, $"not read: {problem}");
            }

            foreach (var note in inventory.Notes)
            {
                Comment(json, $"note: {note}");
            }

            var inMaps = inventory.Maps.SelectMany(m => m.Paths).Select(p => p.Device).ToHashSet(StringComparer.Ordinal);
            var alone = inventory.ScsiDevices.Where(d => !inMaps.Contains(d.Name)).ToList();
            if (alone.Count > 0)
            {
                Comment(json, "SCSI disks in no multipath map (local disks, or single-path LUNs: add a volume and path for one that matters): "
                    + string.Join(", ", alone.Select(d => d.HbaPort is null ? d.Name : $"{d.Name} ({d.Address} via {d.HbaPort}{(d.RemotePort is null ? "" : ", " + d.RemotePort)})")));
            }

            if (inventory.Stores.Count > 0)
            {
                Comment(json, $"agent.json, to watch the stores' space: \"Filesystems\": {{ \"Enabled\": true, \"Mounts\": [{string.Join(", ", inventory.Stores.Select(s => $"\"{s.Path}\""))}] }}");
            }

            json.WriteNumber("schemaVersion", TopologyLoader.SchemaVersion);
            WriteSite(json, inventory);
            WriteHosts(json, inventory);
            WriteHbaPorts(json, inventory);
            WriteControllers(json, inventory, plan);
            WriteControllerPorts(json, inventory, plan);
            WriteVolumes(json, inventory, plan, stores);
            WritePaths(json, inventory, plan);
            WriteServiceAndPopulation(json, inventory, stores);
            json.WriteEndObject();
        }

        return CommentsOnTheirOwnLines(Encoding.UTF8.GetString(buffer.ToArray())) + Environment.NewLine;
    }

    // The writer puts the comma after a comment that follows a value ("...\n  /* c */,"): moved
    // back to the value, so each comment reads as the note on the member below it.
    private static string CommentsOnTheirOwnLines(string text)
    {
        var lines = text.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("/*", StringComparison.Ordinal) && lines[i].EndsWith("*/,", StringComparison.Ordinal))
            {
                lines[i] = lines[i][..^1];
                var value = i - 1;
                while (value > 0 && lines[value].TrimStart().StartsWith("/*", StringComparison.Ordinal))
                {
                    value--;
                }

                lines[value] += ",";
            }
        }

        return string.Join('\n', lines);
    }

    private static void WriteSite(Utf8JsonWriter json, HostInventory inventory)
    {
        json.WriteStartObject("site");
        json.WriteString("name", $"{TopologyLoader.Blank}: the site's short name, e.g. \"cty\"");
        json.WriteString("operator", $"{TopologyLoader.Blank}: the operator's name as filed with the regulator");
        json.WriteString("location", $"{TopologyLoader.Blank}: the data center or building (the report's 発生場所)");
        json.WriteString("area", $"{TopologyLoader.Blank}: the area served (the report's 影響範囲)");
        if (inventory.TimeZone is null)
        {
            Comment(json, "the host does not say its time zone (/etc/timezone): check it");
        }

        json.WriteString("timeZone", inventory.TimeZone ?? "Asia/Tokyo");
        json.WriteEndObject();
    }

    private static void WriteHosts(Utf8JsonWriter json, HostInventory inventory)
    {
        json.WriteStartArray("hosts");
        json.WriteStartObject();
        json.WriteString("id", inventory.Host);
        var software = inventory.MailSoftware.Select(s => $"{s.Name}{(s.Version is null ? "" : " " + s.Version)} ({string.Join(", ", s.Functions)})").ToList();
        json.WriteString("role", software.Count > 0 ? $"mail server: {string.Join(", ", software)}" : $"{TopologyLoader.Blank}: what the host does");
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteHbaPorts(Utf8JsonWriter json, HostInventory inventory)
    {
        json.WriteStartArray("hbaPorts");
        foreach (var port in inventory.HbaPorts)
        {
            json.WriteStartObject();
            Comment(json, $"WWPN {port.PortName ?? "unknown"}, {port.State ?? "state unknown"}, {port.Speed ?? "speed unknown"}");
            json.WriteString("id", HbaPortId(inventory, port.Name));
            json.WriteString("host", inventory.Host);
            Aliases(json, [inventory.OnThisHost(port.Name)]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteControllers(Utf8JsonWriter json, HostInventory inventory, StoragePlan plan)
    {
        json.WriteStartArray("controllers");
        if (plan.Controllers.Count > 0)
        {
            Comment(json, plan.FromAccessStates
                ? "Proposed from the LUNs' ALUA states (target port groups): the ports of a LUN's paths in one state are taken for one controller. Check it, rename the ids if you like (every reference with them)."
                : "The host cannot tell the controllers apart (no ALUA states, no path groups): one controller holds every port; split it by hand.");
        }

        foreach (var (id, ports) in plan.Controllers)
        {
            var volumes = plan.Paths.Where(p => plan.ControllerOf(p.PortKey) == id).Select(p => p.Map).Distinct(StringComparer.Ordinal).ToList();
            json.WriteStartObject();
            Comment(json, ports.Count > 0 ? $"storage ports {string.Join(", ", ports)}" : "no FC storage ports seen (iSCSI or a capture without them)");
            json.WriteString("id", id);
            json.WriteString("name", $"{TopologyLoader.Blank}: the controller's name, e.g. \"Storage controller A\"");
            if (plan.Controllers.Count == 2)
            {
                Comment(json, "taken for its partner: the other group of ports of the same LUNs");
                json.WriteString("partner", plan.Controllers.First(c => c.Id != id).Id);
            }

            Comment(json, $"{TopologyLoader.Blank}: rated I/O operations per second, the vendor's or measured (> 0)");
            json.WriteNumber("ratedIops", 0);
            Comment(json, $"{TopologyLoader.Blank}: rated throughput in bytes per second (> 0)");
            json.WriteNumber("ratedThroughputBytesPerSecond", 0);
            json.WriteString("role", volumes.Count > 0 ? $"storage controller serving {string.Join(", ", volumes)} to {inventory.Host}" : "storage controller");
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteControllerPorts(Utf8JsonWriter json, HostInventory inventory, StoragePlan plan)
    {
        json.WriteStartArray("controllerPorts");
        foreach (var port in plan.Ports.Values)
        {
            json.WriteStartObject();
            var rports = port.RemotePorts.Select(r => $"{r.Name} via {r.HbaPort} ({r.State ?? "state unknown"}, {r.Roles}{(r.NodeName is null ? "" : $", WWNN {r.NodeName}")})");
            Comment(json, port.RemotePorts.Count > 0 ? $"seen as {string.Join("; ", rports)}" : "seen by multipathd only");
            json.WriteString("id", port.IdOn(inventory.Host));
            json.WriteString("controller", plan.ControllerOf(port.Key)
                ?? $"{TopologyLoader.Blank}: the controller of port {port.Key} (no LUN's paths through it tell), one of {string.Join(", ", plan.Controllers.Select(c => c.Id))}");
            Aliases(json, [.. port.RemotePorts.Select(r => inventory.OnThisHost(r.Name))]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteVolumes(Utf8JsonWriter json, HostInventory inventory, StoragePlan plan, List<StoreVolume> stores)
    {
        json.WriteStartArray("volumes");
        foreach (var map in inventory.Maps)
        {
            var onIt = stores.Where(s => s.Map == map.Name).SelectMany(s => s.Stores).ToList();
            json.WriteStartObject();
            Comment(json, $"multipath map {map.Name}{(map.Wwid is null ? "" : $", WWID {map.Wwid}")}, {map.Paths.Count} path{(map.Paths.Count == 1 ? "" : "s")} (from {map.From}); the same WWID on another host is the same volume");
            json.WriteString("id", VolumeId(map.Name));
            json.WriteString("name", map.Name);
            json.WriteStartArray("controllers");
            foreach (var controller in plan.Paths.Where(p => p.Map == map.Name).Select(p => plan.ControllerOf(p.PortKey)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                json.WriteStringValue(controller);
            }

            json.WriteEndArray();
            json.WriteString("role", onIt.Count > 0 ? $"mail store: {string.Join(", ", onIt.Select(s => $"{s.Path} ({s.Why})"))}" : "");
            Aliases(json, [inventory.OnThisHost(map.Name), .. onIt.Select(s => $"{inventory.Host}:{s.Path}")]);
            json.WriteEndObject();
        }

        foreach (var store in stores.Where(s => s.Map is null || !inventory.Maps.Any(m => m.Name == s.Map)))
        {
            json.WriteStartObject();
            var mount = store.Stores[0].Mount;
            Comment(json, mount is null
                ? "its mount is not known (no mountinfo)"
                : $"mounted at {mount.MountPoint} from {mount.Source} ({mount.FsType}), not a multipath map: local or network storage, no controller the host can name");
            json.WriteString("id", store.Id);
            json.WriteString("name", store.Name);
            json.WriteStartArray("controllers");
            json.WriteEndArray();
            json.WriteString("role", $"mail store: {string.Join(", ", store.Stores.Select(s => $"{s.Path} ({s.Why})"))}");
            Aliases(json, [.. (store.Stores[0].Disk is { } disk ? [inventory.OnThisHost(disk)] : Array.Empty<string>()), .. store.Stores.Select(s => $"{inventory.Host}:{s.Path}")]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WritePaths(Utf8JsonWriter json, HostInventory inventory, StoragePlan plan)
    {
        json.WriteStartArray("paths");
        foreach (var path in plan.Paths)
        {
            json.WriteStartObject();
            var scsi = path.Scsi;
            Comment(json, $"{path.Device}{(scsi?.Address is { } a ? $" ({a})" : "")}{(scsi?.Vendor is { } v ? $" {v} {scsi.Model}" : "")}, {scsi?.State ?? "state unknown"}, ALUA {path.State ?? "unknown"}");
            json.WriteString("id", $"{inventory.Host}:{path.Device}");
            json.WriteString("host", inventory.Host);
            if (path.HbaPort is not null)
            {
                json.WriteString("hbaPort", HbaPortId(inventory, path.HbaPort));
            }

            json.WriteString("controller", plan.ControllerOf(path.PortKey)
                ?? $"{TopologyLoader.Blank}: the controller this path reaches, one of {string.Join(", ", plan.Controllers.Select(c => c.Id))}");
            if (path.PortKey is not null)
            {
                json.WriteString("controllerPort", plan.Ports[path.PortKey].IdOn(inventory.Host));
            }

            json.WriteString("volume", VolumeId(path.Map));
            Aliases(json, [inventory.OnThisHost(path.Device)]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteServiceAndPopulation(Utf8JsonWriter json, HostInventory inventory, List<StoreVolume> stores)
    {
        json.WriteStartArray("services");
        var functions = inventory.MailSoftware.SelectMany(s => s.Functions).Distinct(StringComparer.Ordinal).ToList();
        if (functions.Count > 0)
        {
            json.WriteStartObject();
            Comment(json, $"from {string.Join("; ", inventory.MailSoftware.Select(s => $"{s.Name}: {s.From}"))}");
            json.WriteString("id", "mail");
            json.WriteString("name", $"{TopologyLoader.Blank}: the service's name as users know it");
            Comment(json, $"{TopologyLoader.Blank}: the regulatory category 1-5 (paid e-mail is 5)");
            json.WriteNumber("category", 0);
            Strings(json, "hosts", [inventory.Host]);
            Strings(json, "volumes", [.. stores.Select(s => s.Id).Distinct(StringComparer.Ordinal)]);
            Strings(json, "functions", functions);
            Strings(json, "populations", ["mail-users"]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("populations");
        if (functions.Count > 0)
        {
            json.WriteStartObject();
            json.WriteString("key", "mail-users");
            json.WriteString("name", $"{TopologyLoader.Blank}: who the users are, e.g. \"contract holders of the mail service\"");
            Comment(json, $"{TopologyLoader.Blank}: the number of contracts (>= 0)");
            json.WriteNumber("contracts", -1);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The stores by the volume they are on: a multipath map's, else the disk's or the mount's own.</summary>
    private static List<StoreVolume> StoreVolumes(HostInventory inventory)
    {
        return [.. inventory.Stores
            .GroupBy(s => s.Map is not null ? "map " + s.Map : s.Disk is not null ? "disk " + s.Disk : "mount " + (s.Mount?.MountPoint ?? s.Path), StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First();
                if (first.Map is { } map)
                {
                    return new StoreVolume(VolumeId(map), map, map, [.. g]);
                }

                var name = first.Disk ?? first.Mount?.MountPoint ?? first.Path;
                return new StoreVolume($"vol-{inventory.Host}-{Sanitized(name)}", $"{name} on {inventory.Host}", null, [.. g]);
            })];
    }

    private static string Sanitized(string name)
    {
        var text = name.Trim('/').Replace('/', '-').Replace(' ', '-');
        return text.Length == 0 ? "root" : text;
    }

    private static string VolumeId(string map) => $"vol-{map}";

    private static string HbaPortId(HostInventory inventory, string port) => $"{inventory.Host}:{port}";

    private static void Aliases(Utf8JsonWriter json, IReadOnlyList<string> aliases) => Strings(json, "aliases", aliases);

    private static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    // A comment may not hold its own end.
    private static void Comment(Utf8JsonWriter json, string text) => json.WriteCommentValue(" " + text.Replace("*/", "* /", StringComparison.Ordinal) + " ");

    private sealed record StoreVolume(string Id, string Name, string? Map, List<MailStoreFact> Stores);
}
