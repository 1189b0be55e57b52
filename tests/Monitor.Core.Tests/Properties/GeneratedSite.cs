using System.Text.Json;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Properties;

/// <summary>
/// A site of random shape (issue 9): 1 to 3 arrays of 1 to 4 controllers (partners two by two, an
/// odd one alone), 1 to 4 services with 1 to 5 mail hosts and 1 to 3 populations each, one or two
/// volumes a service on an array, ALUA paths (the owner's active, the partner's standby) over two
/// fabrics with their HBA and controller ports, and now and then a host that is the MX of two
/// services (each then names its domains). Everything is named by <see cref="Naming"/>, so the same
/// seed with another spelling is the same site renamed. The topology reaches the pipeline as
/// JSON through <see cref="TopologyLoader"/>, as an operator's file would.
/// </summary>
internal sealed class GeneratedSite
{
    private GeneratedSite(int seed, Naming naming)
    {
        Seed = seed;
        var random = new Random(seed);
        var arrays = random.Next(1, 4);
        for (var a = 0; a < arrays; a++)
        {
            var array = new SiteArray(a);
            var count = random.Next(1, 5);
            for (var c = 0; c < count; c++)
            {
                var controller = new SiteController(naming.Controller(a, c), array, random.Next(40, 120) * 1_000.0);
                controller.Ports.AddRange([naming.ControllerPort(controller.Id, 0), naming.ControllerPort(controller.Id, 1)]);
                array.Controllers.Add(controller);
            }

            for (var c = 0; c + 1 < count; c += 2)
            {
                array.Controllers[c].Partner = array.Controllers[c + 1];
                array.Controllers[c + 1].Partner = array.Controllers[c];
            }

            Arrays.Add(array);
        }

        var services = random.Next(1, 5);
        var hostIndex = 0;
        var volumeIndex = 0;
        var populationIndex = 0;
        for (var s = 0; s < services; s++)
        {
            var service = new SiteService(naming.Service(s), s);
            var hosts = random.Next(1, 6);
            for (var h = 0; h < hosts; h++)
            {
                var host = new SiteHost(naming.Host(hostIndex), hostIndex, random.NextDouble() * 0.6 + 0.7);
                host.HbaPorts.AddRange([naming.HbaPort(host.Id, 0), naming.HbaPort(host.Id, 1)]);
                hostIndex++;
                service.Hosts.Add(host);
                host.Services.Add(service);
                Hosts.Add(host);
            }

            var array = Arrays[random.Next(Arrays.Count)];
            var volumes = random.Next(1, 3);
            for (var v = 0; v < volumes; v++)
            {
                var owner = array.Controllers[random.Next(array.Controllers.Count)];
                var volume = new SiteVolume(naming.Volume(volumeIndex++), owner, service, random.Next(3_000, 12_000));
                service.Volumes.Add(volume);
                Volumes.Add(volume);
            }

            var populations = random.Next(1, 4);
            for (var p = 0; p < populations; p++)
            {
                // Each population logs in with a domain of its own, and its mail goes there.
                var domain = naming.Domain(s, p);
                service.Domains.Add(domain);
                service.Populations.Add(new SitePopulation(naming.Population(populationIndex), populationIndex, random.Next(5, 600) * 100, domain));
                populationIndex++;
            }

            Services.Add(service);
        }

        // A shared MX: a host of one service also receives another's mail.
        if (Services.Count > 1 && random.NextDouble() < 0.35)
        {
            var first = Services[random.Next(Services.Count)];
            var second = Services.Where(s => s != first).ElementAt(random.Next(Services.Count - 1));
            var shared = first.Hosts[random.Next(first.Hosts.Count)];
            second.Hosts.Add(shared);
            shared.Services.Add(second);
        }

        // Sized for N+1, as a site that passed its review is: either controller of a pair could
        // carry both's volumes at the day's peak with room to spare.
        foreach (var controller in Controllers)
        {
            var load = Volumes.Where(v => v.Controllers.Contains(controller)).Sum(v => v.BaseIops);
            controller.RatedIops = Math.Max(controller.RatedIops, Math.Ceiling(load * 2.5 / 1_000) * 1_000);
        }

        foreach (var host in Hosts)
        {
            var device = 0;
            foreach (var volume in host.Services.SelectMany(s => s.Volumes))
            {
                var map = new SiteMap(naming.Map(host.Id, volume.Index), host, volume);
                foreach (var controller in volume.Controllers)
                {
                    for (var fabric = 0; fabric < 2; fabric++)
                    {
                        var path = new SitePath(naming.Path(host.Id, device), naming.Device(host.Id, device), host, volume, controller, fabric);
                        device++;
                        map.Paths.Add(path);
                        Paths.Add(path);
                    }
                }

                Maps.Add(map);
            }
        }
    }

    /// <summary>The seed the site was drawn from.</summary>
    public int Seed { get; }

    public List<SiteArray> Arrays { get; } = [];

    public IEnumerable<SiteController> Controllers => Arrays.SelectMany(a => a.Controllers);

    public List<SiteVolume> Volumes { get; } = [];

    public List<SiteHost> Hosts { get; } = [];

    public List<SiteMap> Maps { get; } = [];

    public List<SitePath> Paths { get; } = [];

    public List<SiteService> Services { get; } = [];

    /// <summary>The functions every service offers; its probes are named "service/function".</summary>
    public static IReadOnlyList<string> Functions { get; } = ["smtp-in", "pop3", "imap", "webmail"];

    /// <summary>Draws the site of <paramref name="seed"/>, named by <paramref name="naming"/>.</summary>
    public static GeneratedSite Generate(int seed, Naming naming) => new(seed, naming);

    /// <summary>The site loaded from its topology file by the real loader.</summary>
    public SiteTopology Load()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(Document(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var stream = new MemoryStream(json);
        return TopologyLoader.Load(stream, $"generated-{Seed}.json");
    }

    private TopologyDocument Document() => new()
    {
        SchemaVersion = TopologyLoader.SchemaVersion,
        Site = new SiteDocument { Name = $"gen{Seed}", Operator = "Generated ISP", Location = "DC", Area = "Area", TimeZone = "Asia/Tokyo" },
        Hosts = [.. Hosts.Select(h => new HostDocument { Id = h.Id, Role = "mail server" })],
        HbaPorts = [.. Hosts.SelectMany(h => h.HbaPorts.Select(p => new HbaPortDocument { Id = p, Host = h.Id }))],
        Controllers =
        [
            .. Controllers.Select(c => new ControllerDocument
            {
                Id = c.Id,
                Name = $"Controller {c.Id}",
                Partner = c.Partner?.Id,
                RatedIops = c.RatedIops,
                RatedThroughputBytesPerSecond = c.RatedIops * 40_000,
            }),
        ],
        ControllerPorts = [.. Controllers.SelectMany(c => c.Ports.Select(p => new ControllerPortDocument { Id = p, Controller = c.Id }))],
        Volumes = [.. Volumes.Select(v => new VolumeDocument { Id = v.Id, Name = $"store {v.Id}", Controllers = [.. v.Controllers.Select(c => c.Id)] })],
        Paths =
        [
            .. Paths.Select(p => new PathDocument
            {
                Id = p.Id,
                Host = p.Host.Id,
                HbaPort = p.Host.HbaPorts[p.Fabric],
                Controller = p.Controller.Id,
                ControllerPort = p.Controller.Ports[p.Fabric],
                Volume = p.Volume.Id,
                Aliases = [p.Device],
            }),
        ],
        Services =
        [
            .. Services.Select(s => new ServiceDocument
            {
                Id = s.Id,
                Name = $"Mail {s.Id}",
                Category = 5,
                Hosts = [.. s.Hosts.Select(h => h.Id)],
                Volumes = [.. s.Volumes.Select(v => v.Id)],
                Functions = [.. Functions],
                Populations = [.. s.Populations.Select(p => p.Key)],
                Domains = [.. s.Domains],
            }),
        ],
        Populations = [.. Services.SelectMany(s => s.Populations).Select(p => new PopulationDocument { Key = p.Key, Name = $"users of {p.Domain}", Contracts = p.Contracts, Domains = [p.Domain] })],
    };
}

internal sealed class SiteArray(int index)
{
    public int Index { get; } = index;

    public List<SiteController> Controllers { get; } = [];
}

internal sealed class SiteController(string id, SiteArray array, double ratedIops)
{
    public string Id { get; } = id;

    public SiteArray Array { get; } = array;

    public double RatedIops { get; set; } = ratedIops;

    public SiteController? Partner { get; set; }

    public List<string> Ports { get; } = [];
}

internal sealed class SiteVolume(string id, SiteController owner, SiteService service, double baseIops)
{
    public string Id { get; } = id;

    public int Index { get; } = service.Volumes.Count + (service.Index * 10);

    public SiteController Owner { get; } = owner;

    public SiteService Service { get; } = service;

    public double BaseIops { get; } = baseIops;

    /// <summary>The owner first (ALUA active/optimized), then its partner (standby).</summary>
    public IEnumerable<SiteController> Controllers => Owner.Partner is { } partner ? [Owner, partner] : [Owner];
}

internal sealed class SiteHost(string id, int index, double loginScale)
{
    public string Id { get; } = id;

    public int Index { get; } = index;

    public double LoginScale { get; } = loginScale;

    public List<string> HbaPorts { get; } = [];

    public List<SiteService> Services { get; } = [];
}

internal sealed class SiteMap(string id, SiteHost host, SiteVolume volume)
{
    public string Id { get; } = id;

    public SiteHost Host { get; } = host;

    public SiteVolume Volume { get; } = volume;

    public List<SitePath> Paths { get; } = [];
}

internal sealed class SitePath(string id, string device, SiteHost host, SiteVolume volume, SiteController controller, int fabric)
{
    public string Id { get; } = id;

    /// <summary>The block device the host names it by, an alias of the path.</summary>
    public string Device { get; } = device;

    public SiteHost Host { get; } = host;

    public SiteVolume Volume { get; } = volume;

    public SiteController Controller { get; } = controller;

    public int Fabric { get; } = fabric;
}

internal sealed class SiteService(string id, int index)
{
    public string Id { get; } = id;

    public int Index { get; } = index;

    public List<SiteHost> Hosts { get; } = [];

    public List<SiteVolume> Volumes { get; } = [];

    public List<SitePopulation> Populations { get; } = [];

    public List<string> Domains { get; } = [];

    /// <summary>All its contracts: what a finding that hits every contract of the service counts.</summary>
    public long Contracts => Populations.Sum(p => p.Contracts);
}

internal sealed record SitePopulation(string Key, int Index, long Contracts, string Domain);
