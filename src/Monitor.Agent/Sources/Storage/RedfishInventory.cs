using System.Text.Json;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// What one read of a Redfish service covers: its storage controllers (configured, or discovered
/// under /redfish/v1/Storage and /redfish/v1/Systems/*/Storage, else SimpleStorage on older
/// services), and the Storage resources, drives, volumes and SimpleStorage devices beside them,
/// each under an entity name unique on the service.
/// </summary>
internal sealed class RedfishInventory
{
    private const string Root = "/redfish/v1";
    private readonly RedfishClient _client;
    private readonly string _keyPrefix;
    private readonly string _host;

    public RedfishInventory(RedfishClient client, string keyPrefix)
    {
        _client = client;
        _keyPrefix = keyPrefix;
        _host = client.BaseUri.Host;
    }

    /// <summary>Controllers to read, with their resource.</summary>
    public List<RedfishController> Controllers { get; } = [];

    /// <summary>Storage resources, drives, volumes and devices to read.</summary>
    public List<RedfishPart> Parts { get; } = [];

    /// <summary>Names that two things would share even by their full path: neither is read (a warning each).</summary>
    public List<string> Clashes { get; } = [];

    /// <summary>The configured controllers, each address resolved (fragment included) and checked to lead to a controller.</summary>
    public async Task ConfiguredAsync(IReadOnlyList<RedfishControllerOptions> configured, CancellationToken cancellationToken)
    {
        var found = new List<(RedfishController Controller, string Short, string Full)>();
        for (var i = 0; i < configured.Count; i++)
        {
            var options = configured[i];
            var (path, pointer) = RedfishPointer.Split(options.Uri);
            var document = await _client.GetAsync(path, cancellationToken);
            var resource = RedfishPointer.Resolve(document, pointer)
                ?? throw Refused(i, options.Uri, $"nothing at #{pointer} in GET {path}");
            var embedded = RedfishPointer.Parent(pointer) == "StorageControllers";
            var uri = options.Uri;
            var id = embedded ? RedfishJson.Str(resource, "MemberId") ?? RedfishJson.Str(resource, "Id") ?? pointer.Split('/')[^1] : Segment(path);
            if (embedded && await CollectionMemberAsync(document, resource, pointer, cancellationToken) is { } member)
            {
                // Redfish 2022+: the embedded array is a deprecated copy; the collection's member has Metrics and Ports.
                (uri, resource, embedded) = (member.Uri, member.Resource, false);
                id = Segment(uri);
            }

            if (!IsController(resource, embedded))
            {
                throw Refused(i, options.Uri, await DescribeAsync(resource, path, cancellationToken));
            }

            var storagePath = embedded ? path : StorageOf(uri);
            var controller = new RedfishController(uri, "", options.Ports, resource, IsSimple(resource));
            found.Add(options.Id.Length > 0
                ? (controller, options.Id, options.Id)
                : (controller, storagePath is null ? $"{_host}/{id}" : $"{_host}/{Segment(storagePath)}/{id}", embedded ? $"{_host}/{Rel(path)}/{id}" : $"{_host}/{Rel(uri)}"));
        }

        Name(found, []);
    }

    /// <summary>Everything under the service root; an error when it finds no controller at all (the controllers' state is then unknown, not good).</summary>
    public async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        var root = await _client.GetAsync(Root, cancellationToken);
        var storage = new List<string>();
        var simple = new List<string>();
        if (RedfishJson.Link(root, "Storage") is { } rootStorage)
        {
            storage.AddRange(RedfishJson.Members(await _client.GetAsync(rootStorage, cancellationToken)));
        }

        var systems = 0;
        if (RedfishJson.Link(root, "Systems") is { } systemsLink)
        {
            foreach (var systemUri in RedfishJson.Members(await _client.GetAsync(systemsLink, cancellationToken)))
            {
                systems++;
                var system = await _client.GetAsync(systemUri, cancellationToken);
                var own = RedfishJson.Link(system, "Storage") is { } systemStorage ? RedfishJson.Members(await _client.GetAsync(systemStorage, cancellationToken)).ToList() : [];
                storage.AddRange(own);
                if (own.Count == 0 && RedfishJson.Link(system, "SimpleStorage") is { } simpleLink)
                {
                    // Before Storage (Redfish 2016), SimpleStorage is the controller with its devices.
                    simple.AddRange(RedfishJson.Members(await _client.GetAsync(simpleLink, cancellationToken)));
                }
            }
        }

        var controllers = new List<(RedfishController, string, string)>();
        var parts = new List<(RedfishPart, string, string)>();
        var drives = new HashSet<string>(StringComparer.Ordinal);
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var uri in storage.Distinct(StringComparer.Ordinal))
        {
            var resource = await _client.GetAsync(uri, cancellationToken);
            var seg = Segment(uri);
            parts.Add((new RedfishPart(RedfishPartKind.Storage, uri, "", resource), $"{_host}/{seg}", $"{_host}/{Rel(uri)}"));
            if (RedfishJson.Link(resource, "Controllers") is { } collection)
            {
                foreach (var member in RedfishJson.Members(await _client.GetAsync(collection, cancellationToken)))
                {
                    var controller = await _client.GetAsync(member, cancellationToken);
                    controllers.Add((new RedfishController(member, "", [], controller, false), $"{_host}/{seg}/{Segment(member)}", $"{_host}/{Rel(member)}"));
                }
            }
            else if (resource.TryGetProperty("StorageControllers", out var embedded) && embedded.ValueKind == JsonValueKind.Array)
            {
                // Before Storage v1.10 controllers were embedded in the Storage resource.
                var i = 0;
                foreach (var controller in embedded.EnumerateArray())
                {
                    var id = RedfishJson.Str(controller, "MemberId") ?? RedfishJson.Str(controller, "Id") ?? $"{i}";
                    var address = RedfishJson.Str(controller, "@odata.id") ?? $"{uri}#/StorageControllers/{i}";
                    controllers.Add((new RedfishController(address, "", [], controller, false), $"{_host}/{seg}/{id}", $"{_host}/{Rel(uri)}/{id}"));
                    i++;
                }
            }

            foreach (var drive in RedfishJson.LinkArray(resource, "Drives").Where(drives.Add))
            {
                parts.Add((new RedfishPart(RedfishPartKind.Drive, drive, "", null), $"{_host}/{seg}/Drives/{Segment(drive)}", $"{_host}/{Rel(drive)}"));
            }

            if (RedfishJson.Link(resource, "Volumes") is { } volumeLink && await _client.GetIfPresentAsync(volumeLink, cancellationToken) is { } volumeCollection)
            {
                foreach (var volume in RedfishJson.Members(volumeCollection).Where(volumes.Add))
                {
                    parts.Add((new RedfishPart(RedfishPartKind.Volume, volume, "", null), $"{_host}/{OwnerOf(volume, "/Volumes/") ?? seg}/Volumes/{Segment(volume)}", $"{_host}/{Rel(volume)}"));
                }
            }
        }

        foreach (var uri in simple.Distinct(StringComparer.Ordinal))
        {
            var resource = await _client.GetAsync(uri, cancellationToken);
            var seg = Segment(uri);
            controllers.Add((new RedfishController(uri, "", [], resource, true), $"{_host}/{seg}", $"{_host}/{Rel(uri)}"));
            if (resource.TryGetProperty("Devices", out var devices) && devices.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var device in devices.EnumerateArray())
                {
                    var name = RedfishJson.Str(device, "Name") ?? $"{i}";
                    parts.Add((new RedfishPart(RedfishPartKind.Device, $"{uri}#/Devices/{i}", "", device), $"{_host}/{seg}/Devices/{name}", $"{_host}/{Rel(uri)}/Devices/{name}"));
                    i++;
                }
            }
        }

        if (controllers.Count == 0)
        {
            var storageCount = storage.Distinct(StringComparer.Ordinal).Count();
            var simpleCount = simple.Distinct(StringComparer.Ordinal).Count();
            throw new InvalidDataException(
                $"found no storage controller at {new Uri(_client.BaseUri, Root)} ({storageCount} Storage and {simpleCount} SimpleStorage resources under {Root}/Storage and {systems} system{(systems == 1 ? "" : "s")}): the controllers' state is unknown; name them under {_keyPrefix}:Controllers");
        }

        Name(controllers, parts);
    }

    /// <summary>
    /// Redfish Ids are unique only within their collection: a controller is "&lt;host&gt;/&lt;Storage&gt;/&lt;controller&gt;",
    /// a drive "&lt;host&gt;/&lt;Storage&gt;/Drives/&lt;drive&gt;", a volume ".../Volumes/...", when that is unique on the
    /// service, else the full path. Two things with one full path are not read.
    /// </summary>
    private void Name(List<(RedfishController Item, string Short, string Full)> controllers, List<(RedfishPart Item, string Short, string Full)> parts)
    {
        var candidates = controllers.Select(c => (c.Short, c.Full)).Concat(parts.Select(p => (p.Short, p.Full))).ToList();
        var names = RedfishNames.Assign(candidates);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name is null)
            {
                Clashes.Add(candidates[i].Full);
            }
            else if (i < controllers.Count)
            {
                Controllers.Add(controllers[i].Item with { Entity = name });
            }
            else
            {
                Parts.Add(parts[i - controllers.Count].Item with { Entity = name });
            }
        }
    }

    /// <summary>The Controllers collection's member for an embedded controller: the one with its Id, else the one at its place.</summary>
    private async Task<(string Uri, JsonElement Resource)?> CollectionMemberAsync(JsonElement storage, JsonElement embedded, string pointer, CancellationToken cancellationToken)
    {
        if (RedfishJson.Link(storage, "Controllers") is not { } collection)
        {
            return null;
        }

        var members = RedfishJson.Members(await _client.GetAsync(collection, cancellationToken)).ToList();
        var id = RedfishJson.Str(embedded, "MemberId") ?? RedfishJson.Str(embedded, "Id");
        var uri = members.FirstOrDefault(m => Segment(m) == id);
        if (uri is null && storage.TryGetProperty("StorageControllers", out var array) && array.GetArrayLength() == members.Count
            && int.TryParse(pointer.Split('/')[^1], out var index))
        {
            uri = members[index];
        }

        return uri is null ? null : (uri, await _client.GetAsync(uri, cancellationToken));
    }

    private static bool IsController(JsonElement resource, bool embedded)
    {
        if (resource.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var type = RedfishJson.Str(resource, "@odata.type");
        return type is null ? embedded : type.EndsWith(".StorageController", StringComparison.Ordinal) || IsSimple(resource);
    }

    private static bool IsSimple(JsonElement resource) =>
        RedfishJson.Str(resource, "@odata.type")?.StartsWith("#SimpleStorage.", StringComparison.Ordinal) == true;

    /// <summary>What an address led to instead of a controller, with an address that would do.</summary>
    private async Task<string> DescribeAsync(JsonElement resource, string path, CancellationToken cancellationToken)
    {
        if (resource.ValueKind != JsonValueKind.Object)
        {
            return $"a JSON {resource.ValueKind.ToString().ToLowerInvariant()}, not a controller";
        }

        var type = RedfishJson.Str(resource, "@odata.type");
        if (type is null)
        {
            return "an object without a Redfish type, not a controller";
        }

        var kind = type.Split('.')[^1];
        if (kind != "Storage")
        {
            return $"a {kind} ({type}), not a controller";
        }

        var members = RedfishJson.Link(resource, "Controllers") is { } collection
            ? RedfishJson.Members(await _client.GetAsync(collection, cancellationToken)).ToList()
            : resource.TryGetProperty("StorageControllers", out var embedded) && embedded.ValueKind == JsonValueKind.Array
                ? Enumerable.Range(0, embedded.GetArrayLength()).Select(i => $"{path}#/StorageControllers/{i}").ToList()
                : [];
        return members.Count == 0
            ? $"a Storage resource ({type}) without a controller"
            : $"a Storage resource ({type}) with {members.Count} controller{(members.Count == 1 ? "" : "s")}, not a controller: name one, e.g. {members[0]}";
    }

    private InvalidDataException Refused(int index, string uri, string found) =>
        new($"{_keyPrefix}:Controllers:{index}:Uri = '{uri}' leads to {found}");

    /// <summary>The Storage resource a controller's path is under (".../Storage/1" of ".../Storage/1/Controllers/A"), if any.</summary>
    private static string? StorageOf(string uri)
    {
        var at = uri.LastIndexOf("/Controllers/", StringComparison.Ordinal);
        return at > 0 ? uri[..at] : null;
    }

    /// <summary>
    /// The segment before <paramref name="collection"/> in a path ("S1" of ".../Storage/S1/Volumes/2"):
    /// a volume is named by its own path, not by the Storage resource that links it (a link can be wrong).
    /// </summary>
    private static string? OwnerOf(string uri, string collection)
    {
        var at = uri.LastIndexOf(collection, StringComparison.Ordinal);
        return at > 0 ? Segment(uri[..at]) : null;
    }

    private static string Segment(string path) => path.TrimEnd('/').Split('/')[^1];

    private static string Rel(string path) =>
        (path.StartsWith(Root + "/", StringComparison.Ordinal) ? path[(Root.Length + 1)..] : path.TrimStart('/')).TrimEnd('/');
}

/// <summary>A controller to read: its address, entity, extra ports and resource; Simple for a SimpleStorage resource.</summary>
internal sealed record RedfishController(string Uri, string Entity, IReadOnlyList<string> Ports, JsonElement Resource, bool Simple);

/// <summary>What a Redfish part is.</summary>
internal enum RedfishPartKind
{
    /// <summary>A Storage resource (its own status and health rollup).</summary>
    Storage,

    /// <summary>A Drive, fetched at its address.</summary>
    Drive,

    /// <summary>A Volume, fetched at its address.</summary>
    Volume,

    /// <summary>A device of a SimpleStorage resource (embedded).</summary>
    Device,
}

/// <summary>A Storage resource, drive, volume or device to read: its address, entity, and its resource when already fetched.</summary>
internal sealed record RedfishPart(RedfishPartKind Kind, string Uri, string Entity, JsonElement? Resource);
