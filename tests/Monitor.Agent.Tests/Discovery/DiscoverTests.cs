using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Monitor.Agent.Discovery;
using Monitor.Agent.Tests.Sources.Storage;
using Monitor.Core.Topology;

namespace Monitor.Agent.Tests.Discovery;

/// <summary>
/// `discover` on captured hosts: what it finds (ports, paths, maps, stores, services) under the
/// ids the sources use, and the skeleton it writes, read by the real topology loader.
/// </summary>
public sealed class DiscoverTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);
    private static readonly JsonDocumentOptions WithComments = new() { CommentHandling = JsonCommentHandling.Skip };

    internal static async Task<(HostInventory Inventory, string Skeleton)> DiscoverAsync(DiscoverOptions options)
    {
        var inventory = await DiscoverCommand.DiscoverAsync("mail01", options, CancellationToken.None);
        return (inventory, TopologySkeleton.Write(inventory, Now));
    }

    private static JsonObject Parse(string skeleton) => JsonNode.Parse(skeleton, documentOptions: WithComments)!.AsObject();

    private static JsonObject ById(JsonObject skeleton, string section, string id) =>
        skeleton[section]!.AsArray().Select(n => n!.AsObject()).Single(o => (string?)o["id"] == id);

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];

    private static List<string> Ids(JsonObject skeleton, string section) => [.. skeleton[section]!.AsArray().Select(n => (string)n!["id"]!)];

    [Fact]
    public async Task Discover_FcHostWithAluaStates_ListsPortsPathsAndMapsAndProposesTwoPartnerControllers()
    {
        using var tree = new DiscoveryTree();

        var (inventory, text) = await DiscoverAsync(new DiscoverOptions { Root = tree.Root });
        var skeleton = Parse(text);

        Assert.Empty(inventory.Problems);
        Assert.Equal(["mail01:host0", "mail01:host1"], Ids(skeleton, "hbaPorts"));
        Assert.Equal(["mail01/host0"], Strings(ById(skeleton, "hbaPorts", "mail01:host0")["aliases"]));

        // Each LUN's optimized path runs through one port, its non-optimized path through the other.
        Assert.Equal(["ctl-1", "ctl-2"], Ids(skeleton, "controllers"));
        Assert.Equal("ctl-2", (string?)ById(skeleton, "controllers", "ctl-1")["partner"]);
        Assert.Equal("ctl-1", (string?)ById(skeleton, "controllers", "ctl-2")["partner"]);
        var portA = ById(skeleton, "controllerPorts", "wwpn-500a0981000000a1");
        var portB = ById(skeleton, "controllerPorts", "wwpn-500a0981000000b1");
        Assert.Equal(["mail01/rport-0:0-1"], Strings(portA["aliases"]));
        Assert.Equal(["mail01/rport-1:0-1"], Strings(portB["aliases"]));
        Assert.NotEqual((string?)portA["controller"], (string?)portB["controller"]);

        Assert.Equal(["mail01:sdb", "mail01:sdc", "mail01:sdd", "mail01:sde"], Ids(skeleton, "paths"));
        var sdb = ById(skeleton, "paths", "mail01:sdb");
        Assert.Equal(("mail01:host0", "wwpn-500a0981000000a1", "vol-mpathA", (string?)portA["controller"]),
            ((string?)sdb["hbaPort"], (string?)sdb["controllerPort"], (string?)sdb["volume"], (string?)sdb["controller"]));
        Assert.Equal(["mail01/sdb"], Strings(sdb["aliases"]));
        var sde = ById(skeleton, "paths", "mail01:sde");
        Assert.Equal(("mail01:host1", "wwpn-500a0981000000b1", "vol-mpathB"), ((string?)sde["hbaPort"], (string?)sde["controllerPort"], (string?)sde["volume"]));

        // /srv/vmail is LVM on mpathA (followed through dm-3's slaves), /var/mail is mpathB, the queue is on /.
        Assert.Equal(["mail01/mpathA", "mail01:/srv/vmail"], Strings(ById(skeleton, "volumes", "vol-mpathA")["aliases"]));
        Assert.Equal(["mail01/mpathB", "mail01:/var/mail"], Strings(ById(skeleton, "volumes", "vol-mpathB")["aliases"]));
        Assert.Equal(["mail01/sda1", "mail01:/var/spool/postfix"], Strings(ById(skeleton, "volumes", "vol-mail01-sda1")["aliases"]));
        Assert.Equal(["ctl-1", "ctl-2"], Strings(ById(skeleton, "volumes", "vol-mpathA")["controllers"]));

        var service = ById(skeleton, "services", "mail");
        Assert.Equal(["smtp-in", "smtp-out", "imap", "pop3"], Strings(service["functions"]));
        Assert.Equal(["vol-mail01-sda1", "vol-mpathB", "vol-mpathA"], Strings(service["volumes"]));
        Assert.Equal("Asia/Tokyo", (string?)skeleton["site"]!["timeZone"]);
    }

    [Fact]
    public async Task Skeleton_ReadByTheTopologyLoader_FailsOnlyOnTheBlanksNamingEach()
    {
        using var tree = new DiscoveryTree();
        var (_, text) = await DiscoverAsync(new DiscoverOptions { Root = tree.Root });

        var error = Assert.Throws<TopologyException>(() => Load(text));

        string[] blanks =
        [
            "site.name", "site.operator", "site.location", "site.area",
            "controllers[0].name", "controllers[1].name", "services[0].name", "populations[0].name",
            "controllers[0].ratedIops", "controllers[0].ratedThroughputBytesPerSecond",
            "controllers[1].ratedIops", "controllers[1].ratedThroughputBytesPerSecond",
            "populations[0].contracts", "services[0].category",
        ];
        Assert.Equal(blanks.Order(StringComparer.Ordinal), error.Problems.Select(p => p.Message[..p.Message.IndexOf(':', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.Contains(error.Problems, p => p.Message.StartsWith("site.operator: still the blank `monitor-agent discover` left: FILL IN: the operator's name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Skeleton_BlanksFilled_LoadsAndMapsEverySourcesRawIdToItsEntity()
    {
        using var tree = new DiscoveryTree();
        var (_, text) = await DiscoverAsync(new DiscoverOptions { Root = tree.Root });

        var topology = Load(Filled(text));

        Assert.Equal(2, topology.Controllers.Count);
        Assert.Equal(4, topology.Paths.Count);
        Assert.Equal("mail01:sdb", topology.Resolve("mail01/sdb"));
        Assert.Equal("mail01:host1", topology.Resolve("mail01/host1"));
        Assert.Equal("wwpn-500a0981000000b1", topology.Resolve("mail01/rport-1:0-1"));
        Assert.Equal("vol-mpathA", topology.Resolve("mail01/mpathA"));
        Assert.Equal("vol-mpathB", topology.Resolve("mail01:/var/mail"));
        Assert.Equal(EntityType.Volume, topology.Find(topology.Resolve("mail01:/var/spool/postfix"))?.Type);
        Assert.Equal(EntityType.ServiceFunction, topology.Find("mail/pop3")?.Type);
    }

    [Fact]
    public async Task Discover_RealMultipathdOutput_TiesEachPathToItsHbaAndStoragePortByWwpn()
    {
        // The vexxhost FC path leaves by HBA WWPN 0x10000090fa678144 and arrives at 0x524a937247e74300:
        // the host's ports with those names, in the kernel's spelling.
        using var tree = new SysfsTree();
        tree.Write("/sys/class/fc_host/host7/port_name", "0x10000090fa678144\n");
        tree.Write("/sys/class/fc_host/host7/port_state", "Online\n");
        tree.Write("/sys/class/fc_remote_ports/rport-7:0-3/port_name", "0x524a937247e74300\n");
        tree.Write("/sys/class/fc_remote_ports/rport-7:0-3/port_state", "Online\n");
        tree.Write("/sys/class/fc_remote_ports/rport-7:0-3/roles", "FCP Target\n");
        tree.Write("/sys/block/sdcx/device/state", "running\n");
        tree.Write("/sys/block/sda/device/state", "running\n");
        var maps = tree.Write("/maps.json", MultipathdCapture.Assembled());

        var (inventory, text) = await DiscoverAsync(new DiscoverOptions { Root = tree.Root, MultipathFile = maps });
        var skeleton = Parse(text);

        Assert.Empty(inventory.Problems);
        var fc = ById(skeleton, "paths", "mail01:sdcx");
        Assert.Equal(("mail01:host7", "wwpn-524a937247e74300", $"vol-{MultipathdCapture.FcMap}", "ctl-1"),
            ((string?)fc["hbaPort"], (string?)fc["controllerPort"], (string?)fc["volume"], (string?)fc["controller"]));
        Assert.Equal(["mail01/rport-7:0-3"], Strings(ById(skeleton, "controllerPorts", "wwpn-524a937247e74300")["aliases"]));

        // An iSCSI path has no FC port to place it: its controller is a blank the loader names.
        var iscsi = ById(skeleton, "paths", "mail01:sdag");
        Assert.Null(iscsi["hbaPort"]);
        Assert.StartsWith(TopologyLoader.Blank, (string?)iscsi["controller"], StringComparison.Ordinal);
        var error = Assert.Throws<TopologyException>(() => Load(text));
        Assert.Contains(error.Problems, p => p.Message.StartsWith("paths[0].controller: still the blank", StringComparison.Ordinal));
        Assert.Contains("/* SCSI disks in no multipath map (local disks, or single-path LUNs: add a volume and path for one that matters): sda */", text, StringComparison.Ordinal);
        Assert.Equal([$"mail01/{MultipathdCapture.IscsiMap}"], Strings(ById(skeleton, "volumes", $"vol-{MultipathdCapture.IscsiMap}")["aliases"]));
    }

    [Fact]
    public async Task Discover_MalformedAndMissingSysfsEntries_TellsEachInALineAndFindsTheRest()
    {
        using var tree = new DiscoveryTree();
        tree.Tree.Write("/sys/class/fc_host/host1/port_state", "Sideways\n");
        tree.Tree.Delete("/sys/block/dm-2/slaves");
        tree.Tree.Delete("/sys/class/fc_remote_ports/rport-1:0-1/port_name");
        tree.Tree.Delete("/proc/self/mountinfo");

        var (inventory, text) = await DiscoverAsync(new DiscoverOptions { Root = tree.Root });
        var skeleton = Parse(text);

        Assert.Equal(4, inventory.Problems.Count);
        Assert.Contains(inventory.Problems, p => p == $"{tree.Root}/sys/class/fc_host/host1/port_state: 'Sideways' is not a port state (expected one of {string.Join(", ", Monitor.Agent.Sources.Storage.FcHost.PortStates)})");
        Assert.Contains($"{tree.Root}/sys/block/dm-2/slaves: not found, so the paths of map mpathB are not known", inventory.Problems);
        Assert.Contains($"{tree.Root}/sys/class/fc_remote_ports/rport-1:0-1/port_name: not found, so the port is known by its kernel name only", inventory.Problems);
        Assert.Contains($"{tree.Root}/proc/self/mountinfo: not found, so the mail stores' mounts are not known", inventory.Problems);

        // The rest: both HBA ports, mpathA's two paths, the port without a name under its kernel name, the stores.
        Assert.Equal(["mail01:host0", "mail01:host1"], Ids(skeleton, "hbaPorts"));
        Assert.Equal(["mail01:sdb", "mail01:sdc"], Ids(skeleton, "paths"));
        Assert.Equal("mail01:rport-1:0-1", (string?)ById(skeleton, "paths", "mail01:sdc")["controllerPort"]);
        Assert.Equal(["vol-mpathA", "vol-mpathB", "vol-mail01-var-spool-postfix", "vol-mail01-var-mail", "vol-mail01-srv-vmail"], Ids(skeleton, "volumes"));
        Assert.Contains($"/* not read: {tree.Root}/sys/block/dm-2/slaves: not found", text, StringComparison.Ordinal);
        Assert.Throws<TopologyException>(() => Load(text)); // Still the shape the loader reads: only blanks are wrong.
    }

    [Fact]
    public async Task Discover_RealSystoolCaptureOfAnEmulexPort_ListsItWithItsWwpnAndSaysWhatTheTreeLacks()
    {
        // cfg2html issue 123: `systool -c fc_host -v` of a real Emulex 8G port, host3; no block devices in it.
        using var tree = new SysfsTree();
        CaptureTree.FromSystool(RepositoryPaths.Fixture("fc_host-real-captures", "cfg2html_issue123_systool_fc_host3.txt"), tree);

        var (inventory, text) = await DiscoverAsync(new DiscoverOptions { Root = tree.Root });
        var skeleton = Parse(text);

        Assert.Equal([new HbaPortFact("host3", "0x10000000c9b269f5", "Online", "8 Gbit")], inventory.HbaPorts);
        Assert.Equal(["mail01/host3"], Strings(ById(skeleton, "hbaPorts", "mail01:host3")["aliases"]));
        Assert.Contains("/* WWPN 0x10000000c9b269f5, Online, 8 Gbit */", text, StringComparison.Ordinal);
        Assert.Equal([$"{tree.Root}/sys/block: not found, so no SCSI devices or multipath maps (the wrong --root?)"], inventory.Problems);
        Assert.Empty(skeleton["paths"]!.AsArray());
    }

    /// <summary>The loader, as the agent reads the file.</summary>
    internal static SiteTopology Load(string skeleton) =>
        TopologyLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(skeleton)), "topology.json");

    /// <summary>The skeleton with every blank filled as an operator would.</summary>
    internal static string Filled(string skeleton)
    {
        var document = Parse(skeleton);
        foreach (var node in Walk(document).ToList())
        {
            if (node.GetValueKind() == JsonValueKind.String && TopologyLoader.IsBlank((string?)node))
            {
                node.ReplaceWith(JsonValue.Create("filled in"));
            }
        }

        foreach (var controller in document["controllers"]!.AsArray())
        {
            controller!["ratedIops"] = 40000;
            controller["ratedThroughputBytesPerSecond"] = 800_000_000;
        }

        document["services"]![0]!["category"] = 5;
        document["populations"]![0]!["contracts"] = 50511;
        return document.ToJsonString();
    }

    private static IEnumerable<JsonNode> Walk(JsonNode node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Walk),
        JsonArray a => a.OfType<JsonNode>().SelectMany(Walk),
        _ => [node],
    };
}
