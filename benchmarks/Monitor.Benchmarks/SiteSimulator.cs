using Monitor.Core.Signals;

namespace Monitor.Benchmarks;

/// <summary>
/// Writes one collection cycle of a <see cref="DetectionSite"/>: every series a real agent there
/// exports, named as the sources name them, with the day's load curve and noise like the
/// healthy-day scenarios' generator (load ±2.5%, bytes per I/O ±3%, transceiver drift and DOM
/// noise, a rare single CRC error or failed probe). In the fault phase one controller stops (its
/// partner takes its volumes over, as it should) and, a little later, a path of another pair
/// turns gray: it stays up and in use while its I/O times out, so the POP3/IMAP logins on its host
/// fail and inbound mail queues there. Figures are assumed, not measured.
/// </summary>
internal sealed class SiteSimulator
{
    /// <summary>Fault cycle at which the gray path starts timing out.</summary>
    public const int GrayPathFrom = 8;

    /// <summary>Fault cycle from which logins fail and mail queues on the gray path's host.</summary>
    public const int ImpactFrom = 10;

    /// <summary>Fault cycles needed for every expected finding to hold.</summary>
    public const int FaultCyclesNeeded = 40;

    private static readonly string[] ErrorRates =
    [
        MetricCatalog.FcLinkFailures, MetricCatalog.FcLossOfSync, MetricCatalog.FcLossOfSignal,
        MetricCatalog.FcInvalidCrc, MetricCatalog.FcInvalidTxWords, MetricCatalog.FcErrorFrames,
        MetricCatalog.FcFpinLinkIntegrity, MetricCatalog.FcFpinCongestion, MetricCatalog.FcFpinDelivery,
    ];

    private static readonly string[] QueueNames = ["maildrop", "hold", "incoming", "active", "deferred"];
    private static readonly string[] Reasons = ["dns", "connection", "mailbox", "policy", "other"];

    // A consumer ISP's day in JST, as a share of the peak (the healthy-day generator's curve).
    private static readonly (double Hour, double Share)[] Curve =
    [
        (0, 0.40), (3, 0.26), (5, 0.24), (7, 0.51), (8.5, 0.86), (10, 0.80), (12, 0.89), (13, 0.77),
        (17, 0.80), (20, 0.94), (22, 1.00), (23, 0.74), (24, 0.46),
    ];

    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private readonly DetectionSite _site;
    private readonly Random _random;
    private readonly Dictionary<SimHost, HostIds> _hostIds;
    private readonly Dictionary<SimService, string[]> _functionIds;
    private readonly HashSet<string> _probeFailedLast = new(StringComparer.Ordinal);
    private readonly double _interval;

    public SiteSimulator(DetectionSite site, int seed, TimeSpan interval)
    {
        _site = site;
        _random = new Random(seed);
        _interval = interval.TotalSeconds;
        _hostIds = site.Hosts.ToDictionary(h => h, h => new HostIds(h.Id));
        _functionIds = site.Services.ToDictionary(s => s, s => DetectionSite.Functions.Select(f => $"{s.Id}/{f}").ToArray());

        // The fault: controller 03A stops; a path of service 06's second host, to a volume of
        // another pair, turns gray.
        FailedController = site.Controllers.Single(c => c.Id == "ctl-03a");
        var grayHost = site.Services[5].Hosts[1];
        var grayVolume = site.Services[5].Volumes[3];
        GrayPath = site.Paths.Single(p => p.Host == grayHost && p.Volume == grayVolume && p.Controller == grayVolume.Owner && p.Fabric == 1);
    }

    public SimController FailedController { get; }

    public SimPath GrayPath { get; }

    /// <summary>Fills <paramref name="samples"/> with the cycle at <paramref name="now"/>; <paramref name="faultCycle"/> below 0 is a healthy cycle.</summary>
    public void Fill(DateTimeOffset now, int faultCycle, List<Sample> samples)
    {
        samples.Clear();
        var load = LoadShare(now);
        var hour = now.ToOffset(Jst).TimeOfDay.TotalHours;
        var drift = 0.12 * Math.Sin(2 * Math.PI * (hour - 6) / 24);
        var gray = faultCycle >= GrayPathFrom ? GrayPath : null;
        var impacted = faultCycle >= ImpactFrom ? GrayPath.Host : null;

        foreach (var controller in _site.Controllers)
        {
            controller.Down = faultCycle >= 0 && controller == FailedController;
            controller.Ops = 0;
            controller.Bytes = 0;
        }

        // Demand per volume; the owner serves it, its partner when the owner is down.
        foreach (var volume in _site.Volumes)
        {
            volume.Ops = volume.BaseIops * load * Noise(0.025);
            var server = Server(volume);
            server.Ops += volume.Ops;
            server.Bytes += volume.Ops * volume.BytesPerIo * Noise(0.03);
        }

        foreach (var c in _site.Controllers)
        {
            var takeover = c.Partner!.Down && !c.Down ? 1 : 0;
            if (c.Down)
            {
                c.LatencySeconds = 0;
                Add(samples, now, c.Id, MetricCatalog.ControllerUp, 0);
                Add(samples, now, c.Id, MetricCatalog.ControllerIops, 0);
                Add(samples, now, c.Id, MetricCatalog.ControllerThroughput, 0);
                Add(samples, now, c.Id, MetricCatalog.ControllerLatency, 0);
                Add(samples, now, c.Id, MetricCatalog.ControllerQueueDepth, 0);
                Add(samples, now, c.Id, MetricCatalog.ControllerHealth, 2);
                Add(samples, now, c.Id, MetricCatalog.ControllerTakeover, 0);
                continue;
            }

            var ms = 1.2 + (0.045 * c.Ops / 1000) + (((_random.NextDouble() * 2) - 1) * 0.2);
            c.LatencySeconds = ms / 1000;
            Add(samples, now, c.Id, MetricCatalog.ControllerUp, 1);
            Add(samples, now, c.Id, MetricCatalog.ControllerIops, c.Ops);
            Add(samples, now, c.Id, MetricCatalog.ControllerThroughput, c.Bytes);
            Add(samples, now, c.Id, MetricCatalog.ControllerLatency, c.LatencySeconds);
            Add(samples, now, c.Id, MetricCatalog.ControllerQueueDepth, (c.Ops * c.LatencySeconds) + 1);
            Add(samples, now, c.Id, MetricCatalog.ControllerHealth, 0);
            Add(samples, now, c.Id, MetricCatalog.ControllerTakeover, takeover);
            Add(samples, now, c.Id, MetricCatalog.ControllerUtilization, Math.Min(1, 0.05 + (1.05 * c.Ops / c.RatedIops)));
            Add(samples, now, c.Id, MetricCatalog.ControllerOptimalIops, c.RatedIops * 0.85 * Noise(0.01));
            Add(samples, now, c.Id, MetricCatalog.ControllerDiskUtilization, 0.15 + (0.55 * c.Ops / c.RatedIops));
        }

        foreach (var port in _site.Ports)
        {
            if (port.Controller is { Down: true })
            {
                // The stopped controller's ports have no light; Redfish reports them down, nothing else.
                Add(samples, now, port.SampleId, MetricCatalog.FcPortUp, 0);
                continue;
            }

            Add(samples, now, port.SampleId, MetricCatalog.FcPortUp, 1);
            if (port.Controller is null)
            {
                Add(samples, now, port.SampleId, MetricCatalog.FcPortMarginal, 0);
            }

            Add(samples, now, port.SampleId, MetricCatalog.FcPortSpeed, 32_000_000_000);
            foreach (var rate in ErrorRates)
            {
                // Now and then a single frame with a bad CRC: noise, not a trend.
                var value = rate == MetricCatalog.FcInvalidCrc && _random.NextDouble() < 0.0002 ? 1 / _interval : 0;
                Add(samples, now, port.SampleId, rate, value);
            }

            Add(samples, now, port.SampleId, MetricCatalog.FcTxPower, port.TxBase + drift + (((_random.NextDouble() * 2) - 1) * 0.03));
            Add(samples, now, port.SampleId, MetricCatalog.FcRxPower, port.RxBase + drift + (((_random.NextDouble() * 2) - 1) * 0.04));
        }

        foreach (var map in _site.Maps)
        {
            var server = Server(map.Volume);
            var active = 0;
            foreach (var path in map.Paths)
            {
                active += path.Controller == server ? 1 : 0;
            }

            var perPath = map.Volume.Ops / DetectionSite.HostsPerService / Math.Max(1, active);
            var up = 0;
            foreach (var path in map.Paths)
            {
                var isUp = !path.Controller.Down;
                up += isUp ? 1 : 0;
                var isGray = path == gray;
                var ops = isUp && path.Controller == server ? perPath * Noise(0.05) * (isGray ? 0.3 : 1) : 0;
                var id = path.Device;
                Add(samples, now, id, MetricCatalog.PathUp, isUp ? 1 : 0);
                Add(samples, now, id, MetricCatalog.PathShaky, 0);
                Add(samples, now, id, MetricCatalog.PathMarginal, 0);
                Add(samples, now, id, MetricCatalog.PathFaults, 0);
                Add(samples, now, id, MetricCatalog.PathIoErrors, isGray ? 0.1 + (_random.NextDouble() * 0.2) : 0);
                Add(samples, now, id, MetricCatalog.PathIoTimeouts, isGray ? 0.4 + (_random.NextDouble() * 0.8) : 0);
                Add(samples, now, id, MetricCatalog.PathIoRequests, ops > 0 ? ops : isUp ? 0.2 : 0); // standby: the path checker's TURs

                var reads = ops * map.Volume.ReadShare;
                Add(samples, now, id, MetricCatalog.BlockReadIops, reads);
                Add(samples, now, id, MetricCatalog.BlockWriteIops, ops - reads);
                Add(samples, now, id, MetricCatalog.BlockReadBytes, reads * map.Volume.BytesPerIo);
                Add(samples, now, id, MetricCatalog.BlockWriteBytes, (ops - reads) * map.Volume.BytesPerIo);
                var wait = isGray ? 2 + (_random.NextDouble() * 4) : path.Controller.LatencySeconds + 0.0003 + (_random.NextDouble() * 0.0002);
                Add(samples, now, id, MetricCatalog.BlockUtilization, ops <= 0 ? 0 : isGray ? 0.99 : Math.Min(0.9, 0.04 + (0.45 * ops / 8_000)));
                Add(samples, now, id, MetricCatalog.BlockQueueSize, ops * wait);
                if (ops > 0)
                {
                    // diskstats has no await or I/O size for an idle device.
                    Add(samples, now, id, MetricCatalog.BlockAwait, wait);
                    Add(samples, now, id, MetricCatalog.BlockMeanIoSize, map.Volume.BytesPerIo * Noise(0.02));
                }
            }

            Add(samples, now, map.Entity, MetricCatalog.MultipathPaths, map.Paths.Count);
            Add(samples, now, map.Entity, MetricCatalog.MultipathActivePaths, up);
            Add(samples, now, map.Entity, MetricCatalog.MultipathPathFaults, 0);
            Add(samples, now, map.Entity, MetricCatalog.MultipathQueueTimeouts, 0);
        }

        foreach (var host in _site.Hosts)
        {
            MailHost(samples, now, host, load, host == impacted);
        }

        foreach (var service in _site.Services)
        {
            var ids = _functionIds[service];
            for (var i = 0; i < ids.Length; i++)
            {
                // A probe fails now and then, never twice in a row: a blip, not an outage.
                var failed = !_probeFailedLast.Contains(ids[i]) && _random.NextDouble() < 0.0005;
                _ = failed ? _probeFailedLast.Add(ids[i]) : _probeFailedLast.Remove(ids[i]);
                var slow = impacted is not null && impacted.Service == service && DetectionSite.Functions[i] is "pop3" or "imap" or "webmail" ? 3 : 1;
                Add(samples, now, ids[i], MetricCatalog.ProbeSuccess, failed ? 0 : 1);
                Add(samples, now, ids[i], MetricCatalog.ProbeDuration, (0.15 + (0.1 * i)) * Noise(0.2) * slow);
            }
        }
    }

    private void MailHost(List<Sample> samples, DateTimeOffset now, SimHost host, double load, bool impacted)
    {
        var ids = _hostIds[host];
        var inbound = (4 + (14 * load)) * Noise(0.08);

        // Logins: typos and password guessing in a healthy hour; timeouts while the mail store's path hangs.
        string[] protocols = [ids.Pop3, ids.Imap];
        for (var p = 0; p < protocols.Length; p++)
        {
            var attempts = (p == 0 ? 20 : 16) * load * host.LoginScale * Noise(0.1);
            var failures = impacted ? attempts * 0.7 : (attempts * 0.015 * Noise(0.3)) + (0.25 * Noise(0.5));
            var successes = impacted ? attempts * 0.3 : attempts;
            Add(samples, now, protocols[p], MetricCatalog.MailLoginFailures, failures);
            Add(samples, now, protocols[p], MetricCatalog.MailLoginSuccesses, successes);
            Add(samples, now, protocols[p], MetricCatalog.MailLoginFailedUsers, Math.Round(failures * _interval * (impacted ? 0.8 : 0.5)));
        }

        // Postfix: a relay always holds some mail it cannot deliver yet, for days; while the store hangs,
        // deliveries to it are deferred and the queue grows.
        host.Deferred = impacted ? host.Deferred + _random.Next(6, 10) : Math.Clamp(host.Deferred + _random.Next(-2, 3), 20, 80);
        host.OldestDeferredSeconds += _interval;
        if (host.OldestDeferredSeconds >= 5 * 86_400)
        {
            host.OldestDeferredSeconds -= _random.Next(1_800, 14_400); // expired and bounced; the next one is younger
        }

        double[] messages = [_random.Next(0, 3), 0, _random.Next(0, 8), Math.Round(5 + (inbound * 1.2 * Noise(0.3))), host.Deferred];
        double[] ages = [_random.Next(0, 5), 0, _random.Next(0, 10), _random.Next(1, 30), host.OldestDeferredSeconds];
        for (var q = 0; q < QueueNames.Length; q++)
        {
            Add(samples, now, ids.Queues[q], MetricCatalog.MailQueueMessages, messages[q]);
            Add(samples, now, ids.Queues[q], MetricCatalog.MailQueueBytes, messages[q] * 38_000 * Noise(0.2));
            Add(samples, now, ids.Queues[q], MetricCatalog.MailQueueOldestAge, messages[q] > 0 ? ages[q] : 0);
        }

        var recipients = Math.Round(host.Deferred * 1.08);
        var dns = Math.Min(9, Math.Round(recipients * 0.1));
        var policy = Math.Round(recipients * 0.25);
        var mailbox = Math.Round(recipients * 0.1);
        var other = Math.Round(recipients * 0.08);
        double[] byReason = [dns, recipients - dns - policy - mailbox - other, mailbox, policy, other];
        Add(samples, now, host.Id, MetricCatalog.MailDeferredRecipients, recipients);
        Add(samples, now, host.Id, MetricCatalog.MailDeferredDomains, Math.Round(recipients * 0.7));
        for (var r = 0; r < Reasons.Length; r++)
        {
            Add(samples, now, ids.Reasons[r], MetricCatalog.MailDeferredByReason, byReason[r]);
        }

        Add(samples, now, host.Id, MetricCatalog.MailDeliveryFailures, 0);
        Add(samples, now, host.Id, MetricCatalog.MailBounces, (0.02 + (inbound * 0.003)) * Noise(0.5));
        Add(samples, now, host.Id, MetricCatalog.MailDiscarded, 0);
    }

    private static SimController Server(SimVolume volume) => volume.Owner.Down ? volume.Owner.Partner! : volume.Owner;

    private static void Add(List<Sample> samples, DateTimeOffset now, string entity, string metric, double value) =>
        samples.Add(new Sample(now, entity, metric, value));

    private static double LoadShare(DateTimeOffset now)
    {
        var hour = now.ToOffset(Jst).TimeOfDay.TotalHours;
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

    private double Noise(double share) => 1 + (((_random.NextDouble() * 2) - 1) * share);

    /// <summary>The host-scoped ids the mail sources use ("mail01/pop3", "mail01/deferred", "mail01/dns").</summary>
    private sealed class HostIds(string host)
    {
        public string Pop3 { get; } = $"{host}/pop3";

        public string Imap { get; } = $"{host}/imap";

        public string[] Queues { get; } = [.. QueueNames.Select(q => $"{host}/{q}")];

        public string[] Reasons { get; } = [.. SiteSimulator.Reasons.Select(r => $"{host}/{r}")];
    }
}
