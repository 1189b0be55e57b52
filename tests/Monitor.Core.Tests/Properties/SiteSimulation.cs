using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Properties;

/// <summary>
/// What the agent's sources would report from a <see cref="GeneratedSite"/>, one 30 s cycle at a
/// time: every series the rules read, named as the sources name them (block devices by their
/// alias, mail series by host), with the day's load curve and noise (load ±5%, probe times ±20%,
/// DOM light ±0.05 dB, a typo or a guessed password now and then, a relay's old deferred mail),
/// and the <see cref="InjectedFault"/>s of the case on top. Its randomness is its own seed's, so
/// the same case under another spelling gives the same figures.
/// </summary>
internal sealed class SiteSimulation
{
    /// <summary>Seconds between two collections.</summary>
    public const int Interval = 30;

    private const double PowerNoise = 0.05;

    private static readonly string[] Protocols = ["pop3", "imap"];
    private static readonly string[] QueueNames = ["active", "deferred"];

    // A consumer ISP's day in JST, as a share of the peak (the healthy-day generator's curve).
    private static readonly (double Hour, double Share)[] Curve =
    [
        (0, 0.40), (3, 0.26), (5, 0.24), (7, 0.51), (8.5, 0.86), (10, 0.80), (12, 0.89), (13, 0.77),
        (17, 0.80), (20, 0.94), (22, 1.00), (23, 0.74), (24, 0.46),
    ];

    private readonly GeneratedSite _site;
    private readonly IReadOnlyList<InjectedFault> _faults;
    private readonly Random _random;
    private readonly Dictionary<string, double> _power = new(StringComparer.Ordinal);
    private readonly Dictionary<SiteHost, double> _deferred = [];
    private readonly Dictionary<SiteVolume, double> _avail = [];
    private readonly Dictionary<SiteHost, double> _backlog = [];
    private readonly Dictionary<SiteHost, SiteService> _backlogOf = [];
    private readonly Dictionary<SiteHost, bool> _backlogOnDns = [];

    public SiteSimulation(GeneratedSite site, IReadOnlyList<InjectedFault> faults, int seed, DateTimeOffset start)
    {
        _site = site;
        _faults = faults;
        _random = new Random(seed);
        Start = start;
        foreach (var port in site.Hosts.SelectMany(h => h.HbaPorts).Concat(site.Controllers.SelectMany(c => c.Ports)))
        {
            _power[port] = -2.5 - _random.NextDouble();
        }

        foreach (var host in site.Hosts)
        {
            _deferred[host] = _random.Next(5, 60);
        }

        foreach (var volume in site.Volumes)
        {
            _avail[volume] = 0.4 + (_random.NextDouble() * 0.4);
        }
    }

    /// <summary>Time of cycle 0.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Time of a cycle.</summary>
    public DateTimeOffset At(int cycle) => Start.AddSeconds(Interval * cycle);

    /// <summary>Every user who failed a login so far, with the domain they logged in with.</summary>
    public Dictionary<ulong, string> FailedUsers { get; } = [];

    /// <summary>The users who failed in a login storm.</summary>
    public HashSet<ulong> StormUsers { get; } = [];

    /// <summary>Fills the samples and login sightings of cycle <paramref name="cycle"/>.</summary>
    public void Fill(int cycle, List<Sample> samples, List<UserSighting> sightings)
    {
        samples.Clear();
        sightings.Clear();
        var now = At(cycle);
        var load = LoadShare(now);
        var active = _faults.Where(f => cycle >= f.From && cycle < f.Until).ToList();
        bool Active(FaultKind kind, Func<InjectedFault, bool> on) => active.Any(f => f.Kind == kind && on(f));
        void Add(string entity, string metric, double value) => samples.Add(new Sample(now, entity, metric, value));

        var down = _site.Controllers.Where(c => Active(FaultKind.ControllerStop, f => f.Controller == c) || active.Any(f => f.Survivor is not null && f.Controller == c)).ToHashSet();
        SiteController? Server(SiteVolume v) => !down.Contains(v.Owner) ? v.Owner : v.Owner.Partner is { } p && !down.Contains(p) ? p : null;
        var ops = _site.Controllers.ToDictionary(c => c, _ => 0.0);
        var ioSize = _site.Controllers.ToDictionary(c => c, _ => 16_384.0);
        var demand = _site.Volumes.ToDictionary(v => v, v => v.BaseIops * load * Noise(0.05));
        foreach (var surge in active.Where(f => f.Kind is FaultKind.SurvivorOverloadIops or FaultKind.SurvivorOverloadThroughput or FaultKind.HeadroomIops or FaultKind.HeadroomThroughput))
        {
            Surge(surge, demand, ioSize);
        }

        foreach (var (volume, iops) in demand)
        {
            if (Server(volume) is { } server)
            {
                ops[server] += iops;
            }
        }

        foreach (var controller in _site.Controllers)
        {
            var isDown = down.Contains(controller);
            // Another tenant's small I/Os on the array reach the controller, not our hosts' paths.
            var tenant = !isDown && Active(FaultKind.SmallIoShift, f => f.Controller == controller) ? controller.RatedIops * 0.5 * Noise(0.03) : 0;
            var latency = isDown ? 0 : (1.5 + (_random.NextDouble() * 0.4)) / 1000;
            if (!isDown && active.FirstOrDefault(f => f.Kind == FaultKind.LatencyBuildUp && f.Controller == controller) is { } slow)
            {
                // I/O queues faster than it is served: 22 ms at the start, 3 ms more each cycle.
                latency = 0.022 + (0.003 * (cycle - slow.From)) + (_random.NextDouble() * 0.001);
            }

            var critical = Active(FaultKind.FailoverMissing, f => f.Controller == controller);
            Add(controller.Id, MetricCatalog.ControllerUp, isDown ? 0 : 1);
            Add(controller.Id, MetricCatalog.ControllerIops, ops[controller] + tenant);
            Add(controller.Id, MetricCatalog.ControllerThroughput, (ops[controller] * ioSize[controller]) + (tenant * 1_024));
            Add(controller.Id, MetricCatalog.ControllerLatency, latency);
            Add(controller.Id, MetricCatalog.ControllerQueueDepth, isDown ? 0 : (ops[controller] * latency) + 1);
            Add(controller.Id, MetricCatalog.ControllerHealth, isDown || critical ? 2 : 0);
            Add(controller.Id, MetricCatalog.ControllerTakeover, !isDown && controller.Partner is { } p && down.Contains(p) ? 1 : 0);
            foreach (var port in controller.Ports)
            {
                Port(port, isDown, null);
            }
        }

        foreach (var host in _site.Hosts)
        {
            foreach (var port in host.HbaPorts)
            {
                Port(port, false, MetricCatalog.FcPortMarginal);
            }
        }

        void Port(string port, bool isDown, string? marginal)
        {
            Add(port, MetricCatalog.FcPortUp, isDown ? 0 : 1);
            if (isDown)
            {
                return;
            }

            var crc = Active(FaultKind.FcPortErrors, f => f.Port == port) ? 2 + _random.NextDouble() : 0;
            Add(port, MetricCatalog.FcInvalidCrc, crc);
            Add(port, MetricCatalog.FcLinkFailures, 0);
            Add(port, MetricCatalog.FcLossOfSync, 0);
            Add(port, MetricCatalog.FcLossOfSignal, 0);
            var dirty = Active(FaultKind.FcOpticalPower, f => f.Port == port) ? 4 : 0;
            Add(port, MetricCatalog.FcTxPower, _power[port] + Jitter(PowerNoise));
            Add(port, MetricCatalog.FcRxPower, _power[port] - 0.8 - dirty + Jitter(PowerNoise));
            if (marginal is not null)
            {
                Add(port, marginal, Active(FaultKind.FcPortMarginal, f => f.Port == port) ? 1 : 0);
            }
        }

        var timingOut = active.SelectMany(f => f.TimingOut(_site)).ToHashSet();
        foreach (var map in _site.Maps)
        {
            var server = Server(map.Volume);
            var upPaths = map.Paths.Where(p => !down.Contains(p.Controller) && !Active(FaultKind.PathLoss, f => f.Path == p)).ToList();
            var carrying = upPaths.Where(p => p.Controller == server).ToList();
            var perPath = demand[map.Volume] / map.Volume.Service.Hosts.Count / Math.Max(1, carrying.Count);
            foreach (var path in map.Paths)
            {
                var up = upPaths.Contains(path);
                var pathOps = carrying.Contains(path) ? perPath * Noise(0.05) : 0;
                // A path that times out still carries I/O, each waiting its timeout out.
                var gray = up && pathOps > 0 && timingOut.Contains(path);
                Add(path.Device, MetricCatalog.PathUp, up ? 1 : 0);
                Add(path.Device, MetricCatalog.PathIoTimeouts, gray ? _random.Next(1, 4) : 0);
                Add(path.Device, MetricCatalog.BlockReadIops, pathOps * 0.6);
                Add(path.Device, MetricCatalog.BlockWriteIops, pathOps * 0.4);
                if (pathOps > 0)
                {
                    Add(path.Device, MetricCatalog.BlockAwait, gray ? 0.4 + (_random.NextDouble() * 0.1) : 0.002 + (_random.NextDouble() * 0.0005));
                }
            }

            Add(map.Id, MetricCatalog.MultipathPaths, map.Paths.Count);
            Add(map.Id, MetricCatalog.MultipathActivePaths, upPaths.Count);
        }

        foreach (var volume in _site.Volumes)
        {
            // Mail comes and goes: the store's free share wanders, unless it is filling.
            var filling = Active(FaultKind.StoreFilling, f => f.Volume == volume);
            _avail[volume] = Math.Clamp(_avail[volume] + (filling ? -0.0015 : Jitter(0.0002)), 0.06, 0.95);
            Add(volume.Id, MetricCatalog.FilesystemSizeBytes, 2e12);
            Add(volume.Id, MetricCatalog.FilesystemAvailBytes, 2e12 * _avail[volume]);
            Add(volume.Id, MetricCatalog.FilesystemFiles, 1e8);
            Add(volume.Id, MetricCatalog.FilesystemFilesFree, 6e7);
            Add(volume.Id, MetricCatalog.VolumeDrivesFailurePredicted, Active(FaultKind.DriveFailurePredicted, f => f.Volume == volume) ? 1 : 0);
            var rebuild = active.FirstOrDefault(f => f.Kind == FaultKind.VolumeRebuilding && f.Volume == volume);
            Add(volume.Id, MetricCatalog.VolumeRebuilding, rebuild is not null ? 1 : 0);
            if (rebuild is not null)
            {
                Add(volume.Id, MetricCatalog.VolumeRebuildProgress, (cycle - rebuild.From) / (double)(rebuild.Until - rebuild.From));
            }
        }

        foreach (var service in _site.Services)
        {
            // With no controller left for one of its volumes, the mailbox functions fail.
            var storeLost = service.Volumes.Any(v => Server(v) is null);
            for (var i = 0; i < GeneratedSite.Functions.Count; i++)
            {
                var function = GeneratedSite.Functions[i];
                var mailbox = function is "pop3" or "imap" or "webmail";
                var failed = (mailbox && storeLost) || (function == "imap" && Active(FaultKind.ServiceDown, f => f.Service == service));
                var slow = function == "pop3" && Active(FaultKind.ServiceSlow, f => f.Service == service) ? 25 : 1;
                var id = $"{service.Id}/{function}";
                Add(id, MetricCatalog.ProbeSuccess, failed ? 0 : 1);
                Add(id, MetricCatalog.ProbeDuration, failed ? 10 : (0.12 + (0.04 * i)) * Noise(0.2) * slow);
            }
        }

        foreach (var host in _site.Hosts)
        {
            MailHost(host, now, load, active, Add, sightings);
        }
    }

    private void MailHost(SiteHost host, DateTimeOffset now, double load, List<InjectedFault> active, Action<string, string, double> add, List<UserSighting> sightings)
    {
        var storm = active.FirstOrDefault(f => f.Kind == FaultKind.LoginStorm && f.Service!.Hosts.Contains(host));
        for (var p = 0; p < Protocols.Length; p++)
        {
            var attempts = 40 * load * host.LoginScale * Noise(0.1);
            var typos = _random.Next(0, 3);
            var failingUsers = new List<(ulong User, string Domain)>();
            for (var t = 0; t < typos; t++)
            {
                // Somebody mistypes a password: one of a few thousand people, any population of the host.
                var population = Pick(host.Services.SelectMany(s => s.Populations).ToList());
                failingUsers.Add((Person(population, _random.Next(5_000)), population.Domain));
            }

            if (storm is not null && Protocols[p] == "pop3")
            {
                // Each cycle a slice of the storm's people fails here; over the storm every one of them.
                var people = storm.People;
                var slice = Math.Max(20, people / 10);
                var offset = (int)((now - At(storm.From)).TotalSeconds / Interval) * slice / 2;
                for (var i = 0; i < slice; i++)
                {
                    var person = (offset + i + (host.Index * 7)) % people;
                    var population = storm.Service!.Populations[person % storm.Service.Populations.Count];
                    failingUsers.Add((Person(population, 10_000 + person), population.Domain));
                    StormUsers.Add(Person(population, 10_000 + person));
                }
            }

            var failures = storm is not null && Protocols[p] == "pop3" ? attempts * 2.5 : typos / (double)Interval;
            var entity = $"{host.Id}/{Protocols[p]}";
            add(entity, MetricCatalog.MailLoginFailures, failures);
            add(entity, MetricCatalog.MailLoginSuccesses, attempts);
            add(entity, MetricCatalog.MailLoginFailedUsers, failingUsers.Select(u => u.User).Distinct().Count());
            foreach (var (user, domain) in failingUsers)
            {
                sightings.Add(new UserSighting(now.AddSeconds(-_random.Next(Interval)), host.Id, Protocols[p], user, domain));
                FailedUsers[user] = domain;
            }
        }

        // Postfix: a relay always holds some mail it cannot deliver yet; while remote sites do not
        // answer one service's mail, its deferrals pile up, and drain once they answer again.
        // A relay written as a name that does not resolve defers the same way, on DNS lookups.
        var backlog = active.FirstOrDefault(f => f.Kind is FaultKind.QueueBacklog or FaultKind.RelayDns && f.Host == host);
        var extra = _backlog.GetValueOrDefault(host);
        _backlog[host] = backlog is not null ? extra + _random.Next(30, 50) : Math.Max(0, extra - 80);
        if (backlog is not null)
        {
            _backlogOf[host] = backlog.Service!;
            _backlogOnDns[host] = backlog.Kind == FaultKind.RelayDns;
        }

        _deferred[host] = Math.Clamp(_deferred[host] + _random.Next(-3, 4), 5, 60);
        var deferred = _deferred[host] + _backlog[host];
        var onDns = _backlogOnDns.GetValueOrDefault(host) ? _backlog[host] : 0;
        double[] messages = [_random.Next(0, 10), deferred];
        double[] ages = [_random.Next(0, 20), 3 * 86_400];
        for (var q = 0; q < QueueNames.Length; q++)
        {
            add($"{host.Id}/{QueueNames[q]}", MetricCatalog.MailQueueMessages, messages[q]);
            add($"{host.Id}/{QueueNames[q]}", MetricCatalog.MailQueueOldestAge, ages[q]);
        }

        add(host.Id, MetricCatalog.MailDeferredRecipients, deferred);
        add($"{host.Id}/dns", MetricCatalog.MailDeferredByReason, onDns);
        add($"{host.Id}/connection", MetricCatalog.MailDeferredByReason, deferred - onDns);

        // Per recipient-domain bucket (the host's services' domains, then the rest): the
        // deferrals, and the delivery failures by their class.
        var failing = active.Where(f => f.Kind is FaultKind.StoreFull or FaultKind.StoreUnavailable or FaultKind.BindingBroken or FaultKind.DeliveryUnclassified && f.Host == host).ToList();
        var failuresTotal = 0.0;
        var domains = host.Services.SelectMany(s => s.Domains.Select(d => (Service: (SiteService?)s, Domain: d))).ToList();
        foreach (var (service, bucket) in domains.Append((Service: (SiteService?)null, Domain: MailDomains.Other)))
        {
            var own = service is not null && _backlogOf.GetValueOrDefault(host) == service ? _backlog[host] / service.Domains.Count : 0;
            var ownOnDns = onDns > 0 ? own : 0;
            var bucketDeferred = service is null ? 0 : Math.Round((_deferred[host] / domains.Count) + own - ownOnDns);
            add($"{host.Id}/{bucket}/connection", MetricCatalog.MailDeferredByDomain, bucketDeferred);
            add($"{host.Id}/{bucket}/dns", MetricCatalog.MailDeferredByDomain, Math.Round(ownOnDns));
            var fault = failing.FirstOrDefault(f => f.Service == service);
            foreach (var reason in new[] { "store_unavailable", "store_full", "unknown_user", "other" })
            {
                var rate = fault is not null && Reason(fault.Kind) == reason ? 0.5 + _random.NextDouble() : 0;
                failuresTotal += rate;
                var metric = reason == "unknown_user" ? MetricCatalog.MailDeliveryBounced : MetricCatalog.MailDeliveryDeferred;
                add($"{host.Id}/{bucket}/{reason}", metric, rate);
            }
        }

        add(host.Id, MetricCatalog.MailDeliveryFailures, failuresTotal);
        add(host.Id, MetricCatalog.MailDiscarded, active.Any(f => f.Kind == FaultKind.MailLoss && f.Host == host) ? 0.1 + (_random.NextDouble() * 0.4) : 0);
    }

    private static string Reason(FaultKind kind) => kind switch
    {
        FaultKind.StoreFull => "store_full",
        FaultKind.StoreUnavailable => "store_unavailable",
        FaultKind.BindingBroken => "unknown_user",
        _ => "other",
    };

    // A surge on a pair's volumes, whatever the hour: the survivor alone at 130% of its rated
    // IOPS, or the two together at 130% of the larger's; for throughput, 96 KiB I/Os at 60% of
    // the IOPS, which moves about 150% of the rated bytes.
    private void Surge(InjectedFault fault, Dictionary<SiteVolume, double> demand, Dictionary<SiteController, double> ioSize)
    {
        var pair = new[] { fault.Controller!, fault.Controller!.Partner! };
        var volumes = demand.Keys.Where(v => pair.Contains(v.Owner)).ToList();
        var now = volumes.Sum(v => demand[v]);
        var large = fault.Kind is FaultKind.SurvivorOverloadThroughput or FaultKind.HeadroomThroughput;
        var rated = fault.Survivor is { } survivor ? survivor.RatedIops : pair.Max(c => c.RatedIops);
        var factor = rated * (large ? 0.6 : 1.3) / now;
        foreach (var volume in volumes)
        {
            demand[volume] *= factor * Noise(0.03);
        }

        if (large)
        {
            foreach (var controller in pair)
            {
                ioSize[controller] = 98_304;
            }
        }
    }

    /// <summary>The id of a person: the same under every spelling of the site.</summary>
    private static ulong Person(SitePopulation population, int n) =>
        ((((ulong)population.Index << 32) | (uint)n) + 1) * 0x9E37_79B9_7F4A_7C15UL;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private double Noise(double share) => 1 + Jitter(share);

    private double Jitter(double size) => ((_random.NextDouble() * 2) - 1) * size;

    private static double LoadShare(DateTimeOffset now)
    {
        var hour = now.ToOffset(TimeSpan.FromHours(9)).TimeOfDay.TotalHours;
        for (var i = 1; i < Curve.Length; i++)
        {
            if (hour <= Curve[i].Hour)
            {
                var (h0, s0) = Curve[i - 1];
                var (h1, s1) = Curve[i];
                return s0 + ((s1 - s0) * (hour - h0) / (h1 - h0));
            }
        }

        return Curve[^1].Share;
    }
}
