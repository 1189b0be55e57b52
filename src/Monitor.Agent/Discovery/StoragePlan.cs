namespace Monitor.Agent.Discovery;

/// <summary>
/// The storage half of the skeleton, worked out from the inventory: each path device of a map is
/// an access path from an HBA port through a storage port to the map's volume. Which storage
/// ports belong to one controller the host cannot see directly; ALUA shows it: a LUN's paths
/// through the owning controller's ports share one access state (active/optimized), those
/// through its partner's another. The ports of a LUN's paths in one state are taken for one
/// controller (a target port group); with no ALUA state at all, every port is one controller to
/// split by hand.
/// </summary>
internal sealed class StoragePlan
{
    private StoragePlan()
    {
    }

    /// <summary>Proposed controllers, "ctl-1", "ctl-2"..., each with its storage ports' keys.</summary>
    public List<(string Id, List<string> Ports)> Controllers { get; } = [];

    /// <summary>Storage ports by key (a WWPN "0x524a...", or the remote port's kernel name when it has none).</summary>
    public SortedDictionary<string, StoragePort> Ports { get; } = new(StringComparer.Ordinal);

    public List<PlannedPath> Paths { get; } = [];

    /// <summary>Whether the controllers were told apart by ALUA (or multipathd's path groups); false: one guess for all.</summary>
    public bool FromAccessStates { get; private set; }

    public static StoragePlan From(HostInventory inventory)
    {
        var plan = new StoragePlan();
        foreach (var rport in inventory.RemotePorts.Where(r => r.IsTarget))
        {
            plan.Port(rport.PortName ?? rport.Name).RemotePorts.Add(rport);
        }

        var devices = inventory.ScsiDevices.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var hbaNames = inventory.HbaPorts.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var map in inventory.Maps)
        {
            foreach (var path in map.Paths)
            {
                var device = devices.GetValueOrDefault(path.Device);
                var rport = device?.RemotePort is { } r ? inventory.RemotePorts.FirstOrDefault(p => p.Name == r) : null;
                var key = rport is not null ? rport.PortName ?? rport.Name : path.TargetWwpn;
                var hba = device?.HbaPort ?? rport?.HbaPort ?? inventory.HbaPorts.FirstOrDefault(h => h.PortName is not null && h.PortName == path.HostWwpn)?.Name;
                var state = device?.AccessState ?? (path.Group is { } g ? $"path group {g}" + (path.Priority is { } p ? $" (priority {p})" : "") : null);
                if (key is not null)
                {
                    var port = plan.Port(key);
                    if (state is not null)
                    {
                        port.Signature.Add($"{map.Name}={state}");
                    }
                }

                plan.Paths.Add(new PlannedPath(path.Device, map.Name, hba is not null && hbaNames.Contains(hba) ? hba : null, key, state, device));
            }
        }

        plan.Group();
        return plan;
    }

    /// <summary>The proposed controller of a storage port, or null when the host cannot tell.</summary>
    public string? ControllerOf(string? portKey) =>
        portKey is null ? (Controllers.Count == 1 && !FromAccessStates ? Controllers[0].Id : null)
            : Controllers.FirstOrDefault(c => c.Ports.Contains(portKey)).Id;

    private StoragePort Port(string key)
    {
        if (!Ports.TryGetValue(key, out var port))
        {
            port = new StoragePort(key);
            Ports[key] = port;
        }

        return port;
    }

    // A LUN's paths in one access state run through one target port group: those ports are one
    // controller's. Ports joined on any LUN are joined for all (union-find), so a port that
    // carries only some LUNs still finds its controller.
    private void Group()
    {
        var parent = Ports.Keys.ToDictionary(k => k, k => k, StringComparer.Ordinal);
        string Find(string key) => parent[key] == key ? key : parent[key] = Find(parent[key]);
        foreach (var lun in Paths.Where(p => p.PortKey is not null && p.State is not null).GroupBy(p => (p.Map, p.State)))
        {
            var first = Find(lun.First().PortKey!);
            foreach (var path in lun.Skip(1))
            {
                parent[Find(path.PortKey!)] = first;
            }
        }

        var told = Ports.Values.Where(p => p.Signature.Count > 0)
            .GroupBy(p => Find(p.Key), StringComparer.Ordinal)
            .Select(g => g.Select(p => p.Key).ToList())
            .ToList();
        FromAccessStates = told.Count > 0;
        if (FromAccessStates)
        {
            Controllers.AddRange(told.Select((ports, i) => ($"ctl-{i + 1}", ports)));
        }
        else if (Ports.Count > 0 || Paths.Count > 0)
        {
            Controllers.Add(("ctl-1", [.. Ports.Keys]));
        }
    }
}

/// <summary>A storage (target) port: the remote ports this host sees it as, and the LUN states its paths had.</summary>
internal sealed class StoragePort(string key)
{
    public string Key { get; } = key;

    public List<RemotePortFact> RemotePorts { get; } = [];

    public HashSet<string> Signature { get; } = new(StringComparer.Ordinal);

    /// <summary>The entity id: "wwpn-524a937247e74300", the same on every host that sees the port; without a WWPN, "mail01:rport-3:0-1".</summary>
    public string IdOn(string host) => Key.StartsWith("0x", StringComparison.Ordinal) ? "wwpn-" + Key[2..] : $"{host}:{Key}";
}

/// <summary>One path device of a map, with the HBA port, storage port and ALUA state it has (each null when not known).</summary>
internal sealed record PlannedPath(string Device, string Map, string? HbaPort, string? PortKey, string? State, ScsiDeviceFact? Scsi);
