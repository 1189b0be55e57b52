using System.Globalization;
using System.Text.Json;
using Monitor.Core.Topology;

namespace Monitor.Benchmarks;

/// <summary>
/// A generated site the size issue 4 asks about: 64 storage controllers in 32 partner pairs,
/// 16 mail hosts, 64 volumes and 512 FC/multipath access paths, 8 mail services with their
/// contract counts. Every volume is served by one pair and owned by one of its controllers
/// (ALUA: the owner's paths carry the I/O, the partner's are idle standbys); every host reaches
/// each volume of its service over two fabrics to both controllers, so four paths a volume.
/// Ids are topology ids; sources name devices, HBA ports and Redfish ports by their raw ids
/// (<c>mail01/sdb</c>, <c>mail01/host3</c>, <c>ctl-01a/FC1</c>), which the topology resolves
/// through aliases, as on a real site.
/// </summary>
internal sealed class DetectionSite
{
    public const int Pairs = 32;
    public const int ServiceCount = 8;
    public const int HostsPerService = 2;
    public const int VolumesPerService = 8;
    public const int Fabrics = 2;

    public static readonly string[] Functions = ["smtp-in", "smtp-out", "pop3", "imap", "webmail"];

    // Contracts per service (assumed): a few brands of one ISP, from a small one to the main one.
    private static readonly long[] Contracts = [52_400, 8_150, 23_900, 61_300, 12_700, 34_800, 5_420, 18_650];

    private DetectionSite(Random random)
    {
        for (var pair = 0; pair < Pairs; pair++)
        {
            // Two models: the first 16 pairs a midrange array, the others a larger one (assumed).
            var big = pair >= Pairs / 2;
            var a = new SimController(Id(pair, 'a'), big ? 80_000 : 50_000, big ? 3_200_000_000 : 1_600_000_000);
            var b = new SimController(Id(pair, 'b'), a.RatedIops, a.RatedBytes);
            a.Partner = b;
            b.Partner = a;
            Controllers.Add(a);
            Controllers.Add(b);
            for (var fabric = 0; fabric < Fabrics; fabric++)
            {
                Ports.Add(new SimPort($"{a.Id}:fc{fabric + 1}", $"{a.Id}/FC{fabric + 1}", a, Power(random, -2.2), Power(random, -3.4)));
                Ports.Add(new SimPort($"{b.Id}:fc{fabric + 1}", $"{b.Id}/FC{fabric + 1}", b, Power(random, -2.2), Power(random, -3.4)));
            }
        }

        for (var s = 0; s < ServiceCount; s++)
        {
            var service = new SimService($"svc-{s + 1:00}", $"mail-{s + 1:00}-contracts", Contracts[s]);
            Services.Add(service);
            for (var v = 0; v < VolumesPerService; v++)
            {
                // Volume g is served by pair g/2 and owned by its a (even g) or b (odd g) controller.
                var g = (s * VolumesPerService) + v;
                var owner = Controllers[((g / 2) * 2) + (g % 2)];
                var big = owner.RatedIops > 50_000;
                var volume = new SimVolume($"vol-{s + 1:00}-{v + 1}", owner, service, $"mpath{(char)('a' + v)}")
                {
                    BaseIops = (big ? 12_000 : 8_000) + (random.NextDouble() * (big ? 14_000 : 8_000)),
                    BytesPerIo = 10_240 + (random.NextDouble() * 6_144),
                    ReadShare = 0.5 + (random.NextDouble() * 0.15),
                };
                Volumes.Add(volume);
                service.Volumes.Add(volume);
            }

            for (var h = 0; h < HostsPerService; h++)
            {
                var host = new SimHost($"mail{(s * HostsPerService) + h + 1:00}", service)
                {
                    Deferred = random.Next(20, 70),
                    OldestDeferredSeconds = (3.5 + random.NextDouble()) * 86_400,
                    LoginScale = 0.7 + (random.NextDouble() * 0.6),
                };
                Hosts.Add(host);
                service.Hosts.Add(host);
                for (var fabric = 0; fabric < Fabrics; fabric++)
                {
                    Ports.Add(new SimPort($"{host.Id}:fc{fabric}", $"{host.Id}/host{fabric + 3}", null, Power(random, -2.5), Power(random, -3.2)));
                }

                var device = 0;
                foreach (var volume in service.Volumes)
                {
                    var map = new SimMap($"{host.Id}/{volume.MapName}", host, volume);
                    Maps.Add(map);
                    foreach (var controller in new[] { volume.Owner, volume.Owner.Partner! })
                    {
                        for (var fabric = 0; fabric < Fabrics; fabric++)
                        {
                            var path = new SimPath(
                                $"{host.Id}:{volume.Id}:{controller.Id}:fc{fabric}",
                                $"{host.Id}/sd{Letters(++device)}",
                                host,
                                volume,
                                controller,
                                fabric);
                            Paths.Add(path);
                            map.Paths.Add(path);
                        }
                    }
                }
            }
        }
    }

    public List<SimController> Controllers { get; } = [];

    public List<SimPort> Ports { get; } = [];

    public List<SimVolume> Volumes { get; } = [];

    public List<SimPath> Paths { get; } = [];

    public List<SimMap> Maps { get; } = [];

    public List<SimHost> Hosts { get; } = [];

    public List<SimService> Services { get; } = [];

    public static DetectionSite Generate(int seed) => new(new Random(seed));

    /// <summary>The topology file of this site, as an operator would write it.</summary>
    public byte[] TopologyJson()
    {
        var document = new TopologyDocument
        {
            SchemaVersion = TopologyLoader.SchemaVersion,
            Site = new SiteDocument
            {
                Name = "bench",
                Operator = "Benchmark ISP (synthetic)",
                Location = "Data center 1",
                Area = "Benchmark prefecture",
                TimeZone = "Asia/Tokyo",
            },
            Hosts = [.. Hosts.Select(h => new HostDocument { Id = h.Id, Role = $"mail server of {h.Service.Id}: Postfix, Dovecot POP3/IMAP, webmail" })],
            HbaPorts = [.. Ports.Where(p => p.Controller is null).Select(p => new HbaPortDocument { Id = p.Id, Host = p.Id[..p.Id.IndexOf(':', StringComparison.Ordinal)], Aliases = [p.SampleId] })],
            Controllers =
            [
                .. Controllers.Select(c => new ControllerDocument
                {
                    Id = c.Id,
                    Name = $"Storage controller {c.Id[4..].ToUpperInvariant()}",
                    Partner = c.Partner!.Id,
                    RatedIops = c.RatedIops,
                    RatedThroughputBytesPerSecond = c.RatedBytes,
                    Role = "shared storage controller for the mail stores",
                }),
            ],
            ControllerPorts = [.. Ports.Where(p => p.Controller is not null).Select(p => new ControllerPortDocument { Id = p.Id, Controller = p.Controller!.Id, Aliases = [p.SampleId] })],
            Volumes =
            [
                .. Volumes.Select(v => new VolumeDocument
                {
                    Id = v.Id,
                    Name = $"mail store {v.Id}",
                    Controllers = [v.Owner.Id, v.Owner.Partner!.Id],
                    Role = $"mailboxes of {v.Service.Id}",
                }),
            ],
            Paths =
            [
                .. Paths.Select(p => new PathDocument
                {
                    Id = p.Id,
                    Host = p.Host.Id,
                    HbaPort = $"{p.Host.Id}:fc{p.Fabric}",
                    Controller = p.Controller.Id,
                    ControllerPort = $"{p.Controller.Id}:fc{p.Fabric + 1}",
                    Volume = p.Volume.Id,
                    Aliases = [p.Device],
                }),
            ],
            Services =
            [
                .. Services.Select(s => new ServiceDocument
                {
                    Id = s.Id,
                    Name = $"Mail service {s.Id[4..]}",
                    Category = 5,
                    Hosts = [.. s.Hosts.Select(h => h.Id)],
                    Volumes = [.. s.Volumes.Select(v => v.Id)],
                    Functions = [.. Functions],
                    Populations = [s.Population],
                }),
            ],
            Populations = [.. Services.Select(s => new PopulationDocument { Key = s.Population, Name = $"contracts of {s.Id}", Contracts = s.Contracts })],
        };

        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
    }

    private static string Id(int pair, char side) => string.Create(CultureInfo.InvariantCulture, $"ctl-{pair + 1:00}{side}");

    private static double Power(Random random, double around) => around + ((random.NextDouble() * 2) - 1) * 0.6;

    // sdb, sdc, ... sdz, sdaa, sdab, ... as the kernel names SCSI disks (sda is the boot disk).
    private static string Letters(int index) =>
        index < 26 ? ((char)('a' + index)).ToString() : $"{(char)('a' + (index / 26) - 1)}{(char)('a' + (index % 26))}";
}

internal sealed class SimController(string id, double ratedIops, double ratedBytes)
{
    public string Id { get; } = id;

    public double RatedIops { get; } = ratedIops;

    public double RatedBytes { get; } = ratedBytes;

    public SimController? Partner { get; set; }

    // This cycle's state, set by the simulator.
    public bool Down { get; set; }

    public double Ops { get; set; }

    public double Bytes { get; set; }

    public double LatencySeconds { get; set; }
}

internal sealed class SimPort(string id, string sampleId, SimController? controller, double tx, double rx)
{
    public string Id { get; } = id;

    /// <summary>The id the source reports: sysfs host name on a host, Redfish port id on a controller.</summary>
    public string SampleId { get; } = sampleId;

    /// <summary>The controller of a controller port, null for an HBA port.</summary>
    public SimController? Controller { get; } = controller;

    public double TxBase { get; } = tx;

    public double RxBase { get; } = rx;
}

internal sealed class SimVolume(string id, SimController owner, SimService service, string mapName)
{
    public string Id { get; } = id;

    public SimController Owner { get; } = owner;

    public SimService Service { get; } = service;

    public string MapName { get; } = mapName;

    public double BaseIops { get; init; }

    public double BytesPerIo { get; init; }

    public double ReadShare { get; init; }

    // This cycle's demand, set by the simulator.
    public double Ops { get; set; }
}

internal sealed class SimPath(string id, string device, SimHost host, SimVolume volume, SimController controller, int fabric)
{
    public string Id { get; } = id;

    /// <summary>The block device (and multipath path) as the host names it, an alias of the path.</summary>
    public string Device { get; } = device;

    public SimHost Host { get; } = host;

    public SimVolume Volume { get; } = volume;

    public SimController Controller { get; } = controller;

    public int Fabric { get; } = fabric;
}

internal sealed class SimMap(string entity, SimHost host, SimVolume volume)
{
    public string Entity { get; } = entity;

    public SimHost Host { get; } = host;

    public SimVolume Volume { get; } = volume;

    public List<SimPath> Paths { get; } = [];
}

internal sealed class SimHost(string id, SimService service)
{
    public string Id { get; } = id;

    public SimService Service { get; } = service;

    public int Deferred { get; set; }

    public double OldestDeferredSeconds { get; set; }

    public double LoginScale { get; init; }
}

internal sealed class SimService(string id, string population, long contracts)
{
    public string Id { get; } = id;

    public string Population { get; } = population;

    public long Contracts { get; } = contracts;

    public List<SimHost> Hosts { get; } = [];

    public List<SimVolume> Volumes { get; } = [];
}
