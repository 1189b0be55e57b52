using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Agent.Telemetry;
using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// The Redfish source against whole public mockups (DMTF Redfish-Publications, SNIA's Swordfish
/// emulator, OpenStack sushy's samples; see Fixtures/redfish-mockups/README.md) served on loopback
/// as the services would serve them. Expected readings are written from the documents.
/// </summary>
public sealed class RedfishMockupTests : IAsyncLifetime
{
    private const string Tower = "dmtf-public-tower";
    private const string HaFiberChannel = "/redfish/v1/Systems/437XR1238R2/Storage/HAFiberChannel";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SourceHealth _health = new();
    private LoopbackServer _server = null!;

    private static string Mockups { get; } =
        Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Agent.Tests", "Sources", "Fixtures", "redfish-mockups");

    private string Host => new Uri(_server.BaseUri).Host;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// Serves a mockup: a folder of index.json files at the path of their folder (as DMTF's and
    /// SNIA's mockups are laid out), or flat JSON files at their own @odata.id (sushy's samples).
    /// </summary>
    private void Serve(string mockup)
    {
        var root = Path.Combine(Mockups, mockup);
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories))
        {
            var body = File.ReadAllText(file);
            var path = Path.GetFileName(file) == "index.json"
                ? "/redfish/v1" + ("/" + Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace('\\', '/')).Replace("/.", "", StringComparison.Ordinal).TrimEnd('/')
                : ((string)JsonNode.Parse(body)!["@odata.id"]!).TrimEnd('/');
            _server.Json(path.Length == 0 ? "/redfish/v1" : path, body);
        }
    }

    /// <summary>Public-tower's HAFiberChannel with its second controller failed over: the Storage resource itself still says OK.</summary>
    private void FailSecondFiberChannelController(string firmware = "4.5.44")
    {
        var storage = JsonNode.Parse(File.ReadAllText(Path.Combine(Mockups, Tower, "Systems", "437XR1238R2", "Storage", "HAFiberChannel", "index.json")))!;
        var controller = storage["StorageControllers"]![1]!;
        controller["Status"] = new JsonObject { ["State"] = "StandbyOffline", ["Health"] = "Critical" };
        controller["FirmwareVersion"] = firmware;
        _server.Json(HaFiberChannel, storage.ToJsonString());
    }

    private Redfish Source(params RedfishControllerOptions[] controllers)
    {
        var options = new RedfishOptions
        {
            BaseUri = _server.BaseUri,
            AllowPlainHttp = true,
            Authentication = "None",
            Timeout = TimeSpan.FromSeconds(30),
            Interval = TimeSpan.FromSeconds(30),
            Controllers = [.. controllers],
        };
        return new Redfish(options, new SourceContext("mail01", _clock, _health, NullLoggerFactory.Instance, new AgentMetrics()));
    }

    private static double Value(SourceReading reading, string entity, string metric) =>
        Assert.Single(reading.Samples, s => s.Entity == entity && s.Metric == metric).Value;

    private static Dictionary<string, (double Up, double Health)> Controllers(SourceReading reading) =>
        reading.Samples.Where(s => s.Metric == MetricCatalog.ControllerUp)
            .ToDictionary(s => s.Entity, s => (s.Value, Value(reading, s.Entity, MetricCatalog.ControllerHealth)));

    [Fact]
    public async Task ReadOnceAsync_ControllersConfiguredByFragmentOfTheirStorage_FailedOneIsDownAndCriticalWithItsFirmware()
    {
        // The workaround the old clash message suggested: two controllers embedded in one Storage resource.
        Serve(Tower);
        FailSecondFiberChannelController();
        using var source = Source(
            new() { Uri = $"{HaFiberChannel}#/StorageControllers/0", Id = "ctl-a" },
            new() { Uri = $"{HaFiberChannel}#/StorageControllers/1", Id = "ctl-b" });

        var first = await source.ReadOnceAsync(CancellationToken.None);
        FailSecondFiberChannelController(firmware: "4.5.45");
        _clock.Advance(TimeSpan.FromSeconds(30));
        var second = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal((1, 0), Controllers(first)["ctl-a"]);
        Assert.Equal((0, 2), Controllers(first)["ctl-b"]);
        var change = Assert.Single(second.Events);
        Assert.Equal((SiteEventKind.Change, "ctl-b", "firmware of ctl-b changed from 4.5.44 to 4.5.45"), (change.Kind, change.Entity, change.Text));
    }

    [Fact]
    public async Task ReadOnceAsync_FragmentIntoStorageThatHasAControllersCollection_ReadsTheCollectionsMember()
    {
        // sushy's Storage carries both the deprecated embedded array and the Controllers collection (Redfish 2022+).
        Serve("sushy");
        using var source = Source(new RedfishControllerOptions { Uri = "/redfish/v1/Systems/437XR1138R2/Storage/1#/StorageControllers/0", Id = "raid" });

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal((1, 0), Controllers(reading)["raid"]);
        Assert.Contains("GET /redfish/v1/Systems/437XR1138R2/Storage/1/Controllers/1", _server.Requests);
    }

    [Theory]
    [InlineData("/redfish/v1/Systems/437XR1238R2/Storage/HAFiberChannel", "a Storage resource (#Storage.v1_21_0.Storage) with 2 controllers, not a controller: name one, e.g. /redfish/v1/Systems/437XR1238R2/Storage/HAFiberChannel#/StorageControllers/0")]
    [InlineData("/redfish/v1/Systems/437XR1238R2/Storage/HAFiberChannel#/StorageControllers/2", "nothing at #/StorageControllers/2 in GET /redfish/v1/Systems/437XR1238R2/Storage/HAFiberChannel")]
    [InlineData("/redfish/v1/Systems/437XR1238R2/Storage/HAFiberChannel#/Status", "an object without a Redfish type, not a controller")]
    [InlineData("/redfish/v1/Systems/437XR1238R2/Storage/RAIDIntegrated/Volumes/Scratchpad", "a Volume (#Volume.v1_10_2.Volume), not a controller")]
    public async Task ReadOnceAsync_AddressThatDoesNotLeadToAController_IsRefusedNamingTheKeyAndWhatItFound(string uri, string found)
    {
        Serve(Tower);
        using var source = Source(new RedfishControllerOptions { Uri = "/redfish/v1/Systems/437XR1238R2/Storage/RAIDIntegrated#/StorageControllers/0" }, new RedfishControllerOptions { Uri = uri });

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source redfish: Agent:Sources:Redfish:Controllers:1:Uri = '{uri}' leads to {found}", error.Message);
        Assert.False(_health.All["redfish"].Ok);
    }

    public static TheoryData<string, string[], (double Up, double Health)[]> MockupControllers => new()
    {
        // Five controllers, each with Id "0" or "1" inside its own Storage resource.
        { Tower, ["HAFiberChannel/0", "HAFiberChannel/1", "NVMeSWRAID/0", "NVMeSecondary/0", "RAIDIntegrated/0"], [(1, 0), (1, 0), (1, 0), (1, 0), (1, 0)] },
        { "dmtf-public-localstorage", ["1/0"], [(1, 0)] },
        { "dmtf-public-nvmeof-jbof", ["NVMeoF/1", "NVMeoF/2"], [(1, 0), (1, 0)] },
        // No Storage at all: four blades, each with SimpleStorage "1" (the controller and its devices).
        {
            "dmtf-public-bladed",
            ["Systems/529QB9450R6/SimpleStorage/1", "Systems/529QB9451R6/SimpleStorage/1", "Systems/529QB9452R6/SimpleStorage/1", "Systems/529QB9453R6/SimpleStorage/1"],
            [(1, 0), (1, 0), (1, 0), (1, 0)]
        },
        { "dmtf-public-rackmount1", ["1"], [(1, 0)] },
        // Two Storage resources whose controllers are both "NVMeIOController".
        { "snia-swordfish-emulator", ["IPAttachedDrive1/NVMeIOController", "IPAttachedDrive2/NVMeIOController"], [(1, 0), (1, 0)] },
        // The Controllers collection's "1", not the embedded array's "0".
        { "sushy", ["1/1"], [(1, 0)] },
    };

    [Theory]
    [MemberData(nameof(MockupControllers))]
    public async Task ReadOnceAsync_PublicMockupDiscovered_FindsEveryControllerUnderAUniqueName(string mockup, string[] names, (double Up, double Health)[] states)
    {
        Serve(mockup);
        using var source = Source();

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        var expected = names.Select((name, i) => ($"{Host}/{name}", states[i])).OrderBy(c => c.Item1, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Controllers(reading).Select(c => (c.Key, c.Value)).OrderBy(c => c.Key, StringComparer.Ordinal).ToList());
        Assert.True(_health.All["redfish"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_PublicTowerWithAFailedController_ReportsItFailedAndTheOthersHealthy()
    {
        Serve(Tower);
        FailSecondFiberChannelController();
        using var source = Source();

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        var controllers = Controllers(reading);
        Assert.Equal((0, 2), controllers[$"{Host}/HAFiberChannel/1"]);
        Assert.Equal((1, 0), controllers[$"{Host}/HAFiberChannel/0"]);
        Assert.Equal((1, 0), controllers[$"{Host}/RAIDIntegrated/0"]);
        // The Storage resource still says OK: its status is its own, not its controllers'.
        Assert.Equal(0, Value(reading, $"{Host}/HAFiberChannel", MetricCatalog.StorageHealth));
    }

    [Fact]
    public async Task ReadOnceAsync_TwoControllersOfOneStorageWithOneId_OnlyTheyAreLeftOutAndTheOthersRead()
    {
        // A service bug: both HAFiberChannel controllers say Id "0". No name can tell them apart.
        Serve(Tower);
        var storage = JsonNode.Parse(File.ReadAllText(Path.Combine(Mockups, Tower, "Systems", "437XR1238R2", "Storage", "HAFiberChannel", "index.json")))!;
        storage["StorageControllers"]![1]!["Id"] = "0";
        _server.Json(HaFiberChannel, storage.ToJsonString());
        using var source = Source();

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(
            [$"{Host}/NVMeSWRAID/0", $"{Host}/NVMeSecondary/0", $"{Host}/RAIDIntegrated/0"],
            Controllers(reading).Keys.Order(StringComparer.Ordinal));
        Assert.True(_health.All["redfish"].Ok);
    }

    [Fact]
    public void Validate_FragmentThatIsNoJsonPointerAndTwoControllersWithOneId_NamesEachKey()
    {
        var options = new RedfishOptions
        {
            BaseUri = "https://array1.example",
            Authentication = "None",
            Controllers =
            [
                new() { Uri = $"{HaFiberChannel}#StorageControllers/0", Id = "ctl-a" },
                new() { Uri = $"{HaFiberChannel}#/StorageControllers/~2", Id = "ctl-b" },
                new() { Uri = $"{HaFiberChannel}#/StorageControllers/1", Id = "ctl-a" },
            ],
        };

        var errors = options.Validate("Agent:Sources:Redfish").ToList();

        Assert.Equal(
            [
                $"Agent:Sources:Redfish:Controllers:0:Uri = '{HaFiberChannel}#StorageControllers/0' is not valid: expected a JSON pointer after '#' (RFC 6901), e.g. /redfish/v1/Systems/1/Storage/1#/StorageControllers/0",
                $"Agent:Sources:Redfish:Controllers:1:Uri = '{HaFiberChannel}#/StorageControllers/~2' is not valid: expected a JSON pointer after '#' (RFC 6901), e.g. /redfish/v1/Systems/1/Storage/1#/StorageControllers/0",
                "Agent:Sources:Redfish:Controllers:2:Id = 'ctl-a' is not valid: expected an id no other controller has (Controllers:0:Id has it too)",
            ],
            errors);
    }

    [Fact]
    public async Task ReadOnceAsync_ServiceWithoutAnyStorage_FailsSayingTheControllersAreUnknown()
    {
        // public-tower's service root and system with their Storage link taken away: a wrong address, or an unknown layout.
        Serve(Tower);
        var system = JsonNode.Parse(File.ReadAllText(Path.Combine(Mockups, Tower, "Systems", "437XR1238R2", "index.json")))!.AsObject();
        system.Remove("Storage");
        _server.Json("/redfish/v1/Systems/437XR1238R2", system.ToJsonString());
        using var source = Source();

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal(
            $"source redfish: found no storage controller at {_server.BaseUri}/redfish/v1 (0 Storage and 0 SimpleStorage resources under /redfish/v1/Storage and 1 system): the controllers' state is unknown; name them under Agent:Sources:Redfish:Controllers",
            error.Message);
        Assert.False(_health.All["redfish"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_StorageDrivesAndVolumes_ReportsWhatTheServiceSaysOfThem()
    {
        Serve("snia-swordfish-emulator");
        // Built on the real resources: drive 2 predicts its failure, volume 1 rebuilds at 40 %.
        var drive = JsonNode.Parse(File.ReadAllText(Path.Combine(Mockups, "snia-swordfish-emulator", "Chassis", "EBOFEnclosure", "Drives", "IPAttachedDrive2", "index.json")))!;
        drive["FailurePredicted"] = true;
        drive["Status"] = new JsonObject { ["State"] = "Enabled", ["Health"] = "Warning" };
        _server.Json("/redfish/v1/Chassis/EBOFEnclosure/Drives/IPAttachedDrive2", drive.ToJsonString());
        var volume = JsonNode.Parse(File.ReadAllText(Path.Combine(Mockups, "snia-swordfish-emulator", "Storage", "IPAttachedDrive1", "Volumes", "SimpleNamespace", "index.json")))!;
        volume["Status"] = new JsonObject { ["State"] = "Enabled", ["Health"] = "Warning" };
        volume["Operations"] = new JsonArray(new JsonObject { ["Operation"] = "Rebuild", ["PercentageComplete"] = 40 });
        _server.Json("/redfish/v1/Storage/IPAttachedDrive1/Volumes/SimpleNamespace", volume.ToJsonString());
        using var source = Source();

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0, Value(reading, $"{Host}/IPAttachedDrive1", MetricCatalog.StorageHealth));
        Assert.Equal(0, Value(reading, $"{Host}/IPAttachedDrive1", MetricCatalog.StorageHealthRollup));
        Assert.Equal(0, Value(reading, $"{Host}/IPAttachedDrive1/Drives/IPAttachedDrive1", MetricCatalog.DriveFailurePredicted));
        Assert.Equal(0.86, Value(reading, $"{Host}/IPAttachedDrive1/Drives/IPAttachedDrive1", MetricCatalog.DriveMediaLifeLeft), 9);
        Assert.Equal(1, Value(reading, $"{Host}/IPAttachedDrive2/Drives/IPAttachedDrive2", MetricCatalog.DriveFailurePredicted));
        Assert.Equal(1, Value(reading, $"{Host}/IPAttachedDrive2/Drives/IPAttachedDrive2", MetricCatalog.DriveHealth));
        Assert.Equal(1, Value(reading, $"{Host}/IPAttachedDrive1/Volumes/SimpleNamespace", MetricCatalog.VolumeRebuilding));
        Assert.Equal(0.4, Value(reading, $"{Host}/IPAttachedDrive1/Volumes/SimpleNamespace", MetricCatalog.VolumeRebuildProgress), 9);
        Assert.Equal(1, Value(reading, $"{Host}/IPAttachedDrive1/Volumes/SimpleNamespace", MetricCatalog.VolumeHealth));
        Assert.Equal(0, Value(reading, $"{Host}/IPAttachedDrive2/Volumes/SimpleNamespace", MetricCatalog.VolumeRebuilding));
        Assert.Equal(0, Value(reading, $"{Host}/IPAttachedDrive2/Volumes/SimpleNamespace", MetricCatalog.VolumeInitializing));
        // The volume is what the topology knows: its Links.Drives name the drive that predicts its failure.
        Assert.Equal(1, Value(reading, $"{Host}/IPAttachedDrive2/Volumes/SimpleNamespace", MetricCatalog.VolumeDrivesFailurePredicted));
        Assert.Equal(0, Value(reading, $"{Host}/IPAttachedDrive1/Volumes/SimpleNamespace", MetricCatalog.VolumeDrivesFailurePredicted));
    }

    [Fact]
    public async Task ReadOnceAsync_SimpleStorageOfAnOlderService_ReportsEachPresentDevice()
    {
        // public-rackmount1: bay 2 Warning, bays 3 and 4 empty (Absent).
        Serve("dmtf-public-rackmount1");
        using var source = Source();

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0, Value(reading, $"{Host}/1/Devices/SATA Bay 1", MetricCatalog.DriveHealth));
        Assert.Equal(1, Value(reading, $"{Host}/1/Devices/SATA Bay 2", MetricCatalog.DriveHealth));
        Assert.DoesNotContain(reading.Samples, s => s.Entity.EndsWith("Bay 3", StringComparison.Ordinal) || s.Entity.EndsWith("Bay 4", StringComparison.Ordinal));
        Assert.Equal(1, Value(reading, $"{Host}/1", MetricCatalog.StorageHealthRollup));
    }

    [Fact]
    public async Task ReadOnceAsync_PublicTowerDrives_ReadsThePresentOnesAndSkipsEmptyBays()
    {
        Serve(Tower);
        using var source = Source();

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        // 18 bays linked: Disk-1-4..7 and Disk-2-4..7 are Absent.
        var drives = reading.Samples.Where(s => s.Metric == MetricCatalog.DriveHealth).Select(s => s.Entity).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(10, drives.Count);
        Assert.Contains($"{Host}/RAIDIntegrated/Drives/Disk-1-0", drives);
        Assert.Contains($"{Host}/NVMeSWRAID/Drives/M.2-1", drives);
        Assert.DoesNotContain($"{Host}/RAIDIntegrated/Drives/Disk-1-4", drives);
    }

    [Fact]
    public async Task ReadOnceAsync_PublicTowerVolumes_AreNamedByTheirOwnPathEvenWhenAStorageLinksAnothersVolumes()
    {
        // The published mockup's HAFiberChannel links NVMeSecondary's Volumes collection: those volumes stay
        // NVMeSecondary's, whichever Storage resource the service lists first (here HAFiberChannel).
        Serve(Tower);
        var collection = JsonNode.Parse(File.ReadAllText(Path.Combine(Mockups, Tower, "Systems", "437XR1238R2", "Storage", "index.json")))!;
        var members = collection["Members"]!.AsArray();
        var last = members[^1]!;
        members.RemoveAt(members.Count - 1);
        members.Insert(0, last);
        _server.Json("/redfish/v1/Systems/437XR1238R2/Storage", collection.ToJsonString());
        using var source = Source();

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(
            [$"{Host}/NVMeSWRAID/Volumes/Boot", $"{Host}/NVMeSecondary/Volumes/AssetCache", $"{Host}/NVMeSecondary/Volumes/RenderVol", $"{Host}/RAIDIntegrated/Volumes/Scratchpad", $"{Host}/RAIDIntegrated/Volumes/Secondary"],
            reading.Samples.Where(s => s.Metric == MetricCatalog.VolumeHealth).Select(s => s.Entity).Order(StringComparer.Ordinal));
    }
}
