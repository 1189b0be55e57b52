// Regenerates a healthy-day scenario (metrics.om, events.jsonl, expected.json): 24 hours of a small
// ISP mail site on shared storage on which nothing is wrong. This one generator writes all three
// healthy days into their sibling folders; the day is its argument (default healthy-daily-load).
// Deterministic: fixed random seed per day, invariant culture, LF line endings.
//
//     cd config/scenarios/healthy-daily-load && dotnet run generate.cs -- healthy-spikes-crc [--out DIR]
//
// Nothing here comes from a seed: the site is fictional and every figure is assumed (see the
// README's table). What the days must show comes from the issue: a daily load curve with peaks;
// short latency spikes and a single CRC error; a planned controller failover test where the switch
// works and the load stays under capacity. A monitor must raise no incident on any of them.
#:project ../ScenarioWriting/ScenarioWriting.csproj
using System.Globalization;
using System.Text;
using System.Text.Json;
using Monitor.Scenarios;
using static Monitor.Scenarios.ScenarioMath;

var outputDirectory = ScenarioFiles.OutOption(args, out var days);
Day.Scenario = days.Length > 0 ? days[0] : "healthy-daily-load";
outputDirectory ??= Path.Combine(ScenarioFiles.GeneratorDirectory, "..", Day.Scenario);
var series = Simulation.Run();
Output.WriteMetrics(Path.Combine(outputDirectory, "metrics.om"), series);
Output.WriteEvents(Path.Combine(outputDirectory, "events.jsonl"));
Output.WriteExpected(Path.Combine(outputDirectory, "expected.json"));
Console.WriteLine($"wrote {Day.Scenario}: metrics.om ({series.Count} series x {Day.SampleCount} samples), events.jsonl, expected.json to {outputDirectory}");

/// <summary>Which healthy day this copy generates, and its timeline in minutes since midnight JST.</summary>
internal static class Day
{
    /// <summary>The day to write: healthy-daily-load, healthy-spikes-crc or healthy-failover-test. Set first, from the argument.</summary>
    public static string Scenario { get; set; } = "";

    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>Three consecutive working days (assumed: Tue-Thu 11-13 June 2024).</summary>
    public static DateTimeOffset Midnight => Scenario switch
    {
        "healthy-daily-load" => new(2024, 6, 11, 0, 0, 0, Jst),
        "healthy-spikes-crc" => new(2024, 6, 12, 0, 0, 0, Jst),
        "healthy-failover-test" => new(2024, 6, 13, 0, 0, 0, Jst),
        _ => throw new InvalidOperationException($"unknown scenario {Scenario}"),
    };

    public static int Seed => Scenario switch
    {
        "healthy-daily-load" => 20240611,
        "healthy-spikes-crc" => 20240612,
        _ => 20240613,
    };

    public static bool Spikes => Scenario == "healthy-spikes-crc";
    public static bool FailoverTest => Scenario == "healthy-failover-test";

    public const int WindowStart = 0;                  // 00:00
    public const int WindowEnd = (23 * 60) + 59;       // 23:59, inclusive: 24 hours
    public const int SampleIntervalSeconds = 60;       // one sample a minute for every series
    public const int SampleCount = ((WindowEnd - WindowStart) * 60 / SampleIntervalSeconds) + 1;

    // Nightly backup: the mailboxes read through mbox01, large sequential reads (assumed, every night).
    public const int BackupStart = (1 * 60) + 30;      // 01:30
    public const int BackupEnd = (3 * 60) + 30;        // 03:30

    // healthy-spikes-crc: short latency spikes (controller, minute, ms): one or two samples each, <= 80 ms.
    public static readonly (string Controller, int Minute, double Ms)[] LatencySpikes =
    [
        ("ctl-a", (2 * 60) + 14, 33), ("ctl-a", (2 * 60) + 15, 21),
        ("ctl-b", (7 * 60) + 52, 27),
        ("ctl-a", (10 * 60) + 17, 42),
        ("ctl-b", (14 * 60) + 3, 80), ("ctl-b", (14 * 60) + 4, 35),
        ("ctl-a", (19 * 60) + 41, 26),
        ("ctl-a", (22 * 60) + 38, 64), ("ctl-a", (22 * 60) + 39, 48),
        ("ctl-b", (23 * 60) + 12, 61),
    ];

    // healthy-spikes-crc: a single CRC error on mbox01's second HBA port (one sample: 1 error in 60 s).
    public const string CrcPort = "mbox01/host4";
    public const int CrcMinute = (15 * 60) + 22;       // 15:22

    // healthy-failover-test: the announced window, the takeover by B and the giveback to A.
    public const int TestWindowStart = 4 * 60;         // 04:00, announced by a change event with "until"
    public const int TestWindowEnd = 5 * 60;           // 05:00
    // Sample minutes that first show the new state; the log lines come seconds before them.
    public const int TakeoverAt = (4 * 60) + 10;       // 04:10: controller A shut down, B has taken over
    public const int GivebackAt = (4 * 60) + 35;       // 04:35: controller A up, volumes given back, paths reinstated

    public static DateTimeOffset At(int minute, int second = 0) => Midnight.AddMinutes(minute).AddSeconds(second);

    public static long Epoch(int minute) => At(minute).ToUnixTimeSeconds();
}

/// <summary>Load on the storage (assumed).</summary>
internal static class Load
{
    public const double RatedIops = 50_000;            // per controller, as in topology.json
    public const double RatedBytesPerSecond = 1_600_000_000;

    // Mailbox I/O on ctl-a (vol-mail-a), IOPS: a consumer ISP's day, a morning and a bigger evening peak.
    // ctl-b (vol-mail-b) carries 92% of it. The two together peak at ~33,600, 67% of one controller.
    public static readonly (int Minute, double Iops)[] Curve =
    [
        (0, 7_000), (3 * 60, 4_500), (5 * 60, 4_200), (7 * 60, 9_000), ((8 * 60) + 30, 15_000), (10 * 60, 14_000),
        (12 * 60, 15_500), (13 * 60, 13_500), (17 * 60, 14_000), (20 * 60, 16_500), (22 * 60, 17_500), (23 * 60, 13_000), (24 * 60, 8_000),
    ];

    public const double ShareB = 0.92;
    public const double Noise = 0.025;
    public const double BytesPerIo = 12_288;           // mean mailbox I/O ~12 KB
    public const double ReadShare = 0.55;
    public const double BackupBytesPerSecond = 250_000_000; // per controller, 64 KB reads
    public const double BackupBytesPerIo = 65_536;

    public const double LatencyBaseMs = 1.2;
    public const double LatencyPerKiloIopsMs = 0.045;
    public const double LatencyNoiseMs = 0.2;
}

/// <summary>Mail traffic (assumed).</summary>
internal static class Mail
{
    public static readonly (int Minute, double PerSecond)[] Inbound =
    [
        (0, 9), (4 * 60, 6), (7 * 60, 12), (9 * 60, 22), (12 * 60, 20), (18 * 60, 22), (21 * 60, 27), (23 * 60, 18), (24 * 60, 10),
    ];

    public static readonly (int Minute, double PerSecond)[] Submission =
    [
        (0, 2), (5 * 60, 1.5), (9 * 60, 9), (12 * 60, 8), (18 * 60, 9), (21 * 60, 11), (24 * 60, 3),
    ];

    public static readonly (int Minute, double PerSecond)[] Pop3 =
    [
        (0, 6), (4 * 60, 4), (7 * 60, 25), (9 * 60, 40), (12 * 60, 36), (18 * 60, 42), (21 * 60, 55), (24 * 60, 10),
    ];

    public static readonly (int Minute, double PerSecond)[] Imap =
    [
        (0, 8), (4 * 60, 6), (7 * 60, 22), (9 * 60, 30), (12 * 60, 28), (18 * 60, 34), (21 * 60, 45), (24 * 60, 12),
    ];

    public const double WrongPasswordShare = 0.015;
    public const double Pop3GuessingPerSecond = 0.25; // password guessing from the Internet, day and night
    public const double ImapGuessingPerSecond = 0.15;

    // The outbound relay always holds mail it cannot deliver yet: dead or greylisting domains, full
    // remote mailboxes. Postfix retries it until maximal_queue_lifetime (5 days) and then bounces it,
    // so the oldest deferred message is always days old. Set OldestDeferredDays below 1/48 (30 min) to
    // make a relay that never holds anything old (not realistic).
    public const double MaximalQueueLifetimeDays = 5;
    public const double OldestDeferredDays = 4.6;      // at midnight; a saw tooth up to 5 days after
    public const int OutboundDeferredLow = 55;
    public const int OutboundDeferredHigh = 80;

    // Share of samples at which a retried old message is in the outbound active queue (a retry takes up
    // to 30 s; ~70 deferred messages retried every ~70 min on average).
    public const double RetryInActiveShare = 0.35;
}

internal static class Simulation
{
    public static List<Series> Run()
    {
        var random = new Random(Day.Seed);
        var n = Day.SampleCount;
        var result = new SeriesList(n);

        string[] controllers = ["ctl-a", "ctl-b"];
        var up = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_up", $"controller=\"{c}\"", "0"));
        var iops = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_iops", $"controller=\"{c}\"", "0.0"));
        var bytes = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_throughput_bytes_per_second", $"controller=\"{c}\"", "0"));
        var latency = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_latency_seconds", $"controller=\"{c}\"", "0.000000"));
        var queue = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_queue_depth", $"controller=\"{c}\"", "0.0"));
        var health = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_health", $"controller=\"{c}\"", "0"));
        var takeover = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_takeover", $"controller=\"{c}\"", "0"));

        // FC ports: mbox01's HBA ports as sysfs names them, the controllers' ports by id (aliases in topology.json).
        string[] hbaPorts = ["mbox01/host3", "mbox01/host4"];
        string[] ports = [.. hbaPorts, "ctl-a:fc1", "ctl-b:fc1"];
        string[] errorKinds = ["invalid_crc", "link_failures", "loss_of_sync", "loss_of_signal", "invalid_tx_words", "error_frames"];
        var portUp = ports.ToDictionary(p => p, p => result.Add("monitor_fc_port_up", $"port=\"{p}\"", "0"));
        var marginal = hbaPorts.ToDictionary(p => p, p => result.Add("monitor_fc_port_marginal", $"port=\"{p}\"", "0"));
        var speed = ports.ToDictionary(p => p, p => result.Add("monitor_fc_port_speed_bits_per_second", $"port=\"{p}\"", "0"));
        var tx = ports.ToDictionary(p => p, p => result.Add("monitor_fc_port_tx_power_dbm", $"port=\"{p}\"", "0.00"));
        var rx = ports.ToDictionary(p => p, p => result.Add("monitor_fc_port_rx_power_dbm", $"port=\"{p}\"", "0.00"));
        var errors = errorKinds.ToDictionary(k => k, k => ports.ToDictionary(p => p, p => result.Add($"monitor_fc_port_{k}_per_second", $"port=\"{p}\"", "0.0000")));
        var txBase = new Dictionary<string, double> { ["mbox01/host3"] = -2.46, ["mbox01/host4"] = -2.71, ["ctl-a:fc1"] = -2.08, ["ctl-b:fc1"] = -2.33 };
        var rxBase = new Dictionary<string, double> { ["mbox01/host3"] = -3.38, ["mbox01/host4"] = -3.12, ["ctl-a:fc1"] = -3.61, ["ctl-b:fc1"] = -3.27 };

        // Paths: vol-mail-a is owned by ctl-a (sdb optimized, sdc standby), vol-mail-b by ctl-b (sde optimized, sdd standby).
        (string Path, string Device, string Controller, string Volume)[] paths =
        [
            ("mbox01:vol-a:ctl-a", "mbox01/sdb", "ctl-a", "vol-mail-a"),
            ("mbox01:vol-a:ctl-b", "mbox01/sdc", "ctl-b", "vol-mail-a"),
            ("mbox01:vol-b:ctl-a", "mbox01/sdd", "ctl-a", "vol-mail-b"),
            ("mbox01:vol-b:ctl-b", "mbox01/sde", "ctl-b", "vol-mail-b"),
        ];
        var pathUp = paths.ToDictionary(p => p.Path, p => result.Add("monitor_path_up", $"path=\"{p.Path}\"", "0"));
        var timeouts = paths.ToDictionary(p => p.Path, p => result.Add("monitor_path_io_timeouts_per_second", $"path=\"{p.Path}\"", "0.000"));
        var readIops = paths.ToDictionary(p => p.Path, p => result.Add("monitor_block_read_iops", $"device=\"{p.Device}\"", "0.0"));
        var writeIops = paths.ToDictionary(p => p.Path, p => result.Add("monitor_block_write_iops", $"device=\"{p.Device}\"", "0.0"));
        var awaitSeconds = paths.ToDictionary(p => p.Path, p => result.Add("monitor_block_await_seconds", $"device=\"{p.Device}\"", "0.000000"));
        var utilization = paths.ToDictionary(p => p.Path, p => result.Add("monitor_block_utilization_ratio", $"device=\"{p.Device}\"", "0.000"));
        string[] volumes = ["vol-mail-a", "vol-mail-b"];
        var mpathPaths = volumes.ToDictionary(v => v, v => result.Add("monitor_multipath_paths", $"volume=\"{v}\"", "0"));
        var mpathActive = volumes.ToDictionary(v => v, v => result.Add("monitor_multipath_active_paths", $"volume=\"{v}\"", "0"));

        string[] functions = ["smtp-in", "smtp-out", "pop3", "imap", "webmail"];
        var probe = functions.ToDictionary(f => f, f => result.Add("monitor_probe_success", $"service=\"isp-mail\",function=\"{f}\"", "0"));
        var probeTime = functions.ToDictionary(f => f, f => result.Add("monitor_probe_duration_seconds", $"service=\"isp-mail\",function=\"{f}\"", "0.000"));
        var probeBase = new Dictionary<string, double> { ["smtp-in"] = 0.25, ["smtp-out"] = 0.3, ["pop3"] = 0.14, ["imap"] = 0.18, ["webmail"] = 0.5 };

        string[] mtas = ["mx01", "smtp01"];
        string[] reasons = ["dns", "connection", "mailbox", "policy", "other"];
        var incoming = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_queue_messages", $"host=\"{h}\",queue=\"incoming\"", "0"));
        var active = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_queue_messages", $"host=\"{h}\",queue=\"active\"", "0"));
        var deferred = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_queue_messages", $"host=\"{h}\",queue=\"deferred\"", "0"));
        var activeAge = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_queue_oldest_age_seconds", $"host=\"{h}\",queue=\"active\"", "0"));
        var deferredAge = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_queue_oldest_age_seconds", $"host=\"{h}\",queue=\"deferred\"", "0"));
        var recipients = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_deferred_recipients", $"host=\"{h}\"", "0"));
        var domains = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_deferred_domains", $"host=\"{h}\"", "0"));
        var byReason = mtas.ToDictionary(h => h, h => reasons.ToDictionary(r => r, r => result.Add("monitor_mail_deferred_by_reason", $"host=\"{h}\",reason=\"{r}\"", "0")));
        var bounces = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_bounces_per_second", $"host=\"{h}\"", "0.000"));
        var discarded = mtas.ToDictionary(h => h, h => result.Add("monitor_mail_discarded_per_second", $"host=\"{h}\"", "0.000"));
        string[] protocols = ["pop3", "imap"];
        var loginFailures = protocols.ToDictionary(p => p, p => result.Add("monitor_mail_login_failures_per_second", $"host=\"mbox01\",protocol=\"{p}\"", "0.000"));
        var loginSuccesses = protocols.ToDictionary(p => p, p => result.Add("monitor_mail_login_successes_per_second", $"host=\"mbox01\",protocol=\"{p}\"", "0.000"));
        var failedUsers = protocols.ToDictionary(p => p, p => result.Add("monitor_mail_login_failed_users", $"host=\"mbox01\",protocol=\"{p}\"", "0"));
        var deliveryFailures = result.Add("monitor_mail_delivery_failures_per_second", "host=\"mbox01\"", "0.000");

        var inboundDeferred = 0;
        var outboundDeferred = (Mail.OutboundDeferredLow + Mail.OutboundDeferredHigh) / 2;
        var oldestOutbound = Mail.OldestDeferredDays * 86_400;
        for (var i = 0; i < n; i++)
        {
            var minute = Day.WindowStart + i;
            var inTakeover = Day.FailoverTest && minute >= Day.TakeoverAt && minute < Day.GivebackAt;
            var pathsToADown = inTakeover;

            // Demand per volume, plus the nightly backup reads.
            var demandA = Interpolate(Load.Curve, minute) * Noise(random, Load.Noise);
            var demandB = Interpolate(Load.Curve, minute) * Load.ShareB * Noise(random, Load.Noise);
            var backup = BackupShare(minute);
            var backupIops = backup * Load.BackupBytesPerSecond / Load.BackupBytesPerIo;
            var opsA = demandA + backupIops;
            var opsB = demandB + backupIops;
            var bytesA = (demandA * Load.BytesPerIo * Noise(random, 0.03)) + (backup * Load.BackupBytesPerSecond);
            var bytesB = (demandB * Load.BytesPerIo * Noise(random, 0.03)) + (backup * Load.BackupBytesPerSecond);

            // Controllers. During the failover test, B serves both volumes.
            var served = new Dictionary<string, (double Ops, double Bytes)>
            {
                ["ctl-a"] = inTakeover ? (0, 0) : (opsA, bytesA),
                ["ctl-b"] = inTakeover ? (opsA + opsB, bytesA + bytesB) : (opsB, bytesB),
            };
            var controllerLatency = new Dictionary<string, double>();
            foreach (var c in controllers)
            {
                var (ops, moved) = served[c];
                var down = c == "ctl-a" && inTakeover;
                var ms = Load.LatencyBaseMs + (Load.LatencyPerKiloIopsMs * ops / 1000) + (backup * 0.5) + (((random.NextDouble() * 2) - 1) * Load.LatencyNoiseMs);
                if (Day.FailoverTest && c == "ctl-b" && minute == Day.TakeoverAt)
                {
                    ms = 11.5; // I/O paused for a few seconds while B took the volumes over
                }

                if (Day.FailoverTest && minute == Day.GivebackAt)
                {
                    ms = c == "ctl-a" ? 6.8 : 4.1; // the giveback, the same in reverse
                }

                if (Day.Spikes && Day.LatencySpikes.FirstOrDefault(s => s.Controller == c && s.Minute == minute) is { Controller: not null } spike)
                {
                    ms = spike.Ms;
                }

                controllerLatency[c] = down ? 0 : ms / 1000;
                up[c][i] = down ? 0 : 1;
                iops[c][i] = ops;
                bytes[c][i] = moved;
                latency[c][i] = controllerLatency[c];
                queue[c][i] = down ? 0 : (ops * ms / 1000) + 1;
                health[c][i] = 0;
                takeover[c][i] = c == "ctl-b" && inTakeover ? 1 : 0;
            }

            // FC ports: temperature drift of the transceivers (±0.12 dB over the day), DOM noise ±0.03 dB.
            var drift = 0.12 * Math.Sin(2 * Math.PI * (minute - 360) / 1440);
            foreach (var p in ports)
            {
                var offline = p == "ctl-a:fc1" && inTakeover;
                portUp[p][i] = offline ? 0 : 1;
                speed[p][i] = offline ? double.NaN : 16_000_000_000;
                tx[p][i] = offline ? double.NaN : txBase[p] + drift + (((random.NextDouble() * 2) - 1) * 0.03);
                rx[p][i] = offline ? double.NaN : rxBase[p] + drift + (((random.NextDouble() * 2) - 1) * 0.04);
                foreach (var kind in errorKinds)
                {
                    errors[kind][p][i] = offline ? double.NaN : 0;
                }

                if (Day.Spikes && p == Day.CrcPort && minute == Day.CrcMinute)
                {
                    errors["invalid_crc"][p][i] = 1.0 / 60; // one frame with a bad CRC in the last minute
                }

                if (Day.FailoverTest && p == "ctl-a:fc1" && minute == Day.GivebackAt)
                {
                    errors["loss_of_sync"][p][i] = 1.0 / 60; // link initialisation after the controller restart
                }
            }

            foreach (var p in hbaPorts)
            {
                marginal[p][i] = 0;
            }

            // Paths and their devices on mbox01.
            foreach (var (path, _, controller, volume) in paths)
            {
                var isDown = controller == "ctl-a" && pathsToADown;
                var owner = volume == "vol-mail-a" ? "ctl-a" : "ctl-b";
                var carries = inTakeover ? controller == "ctl-b" : controller == owner;
                var ops = carries ? (volume == "vol-mail-a" ? opsA : opsB) : 0;
                var readOps = carries ? (volume == "vol-mail-a" ? (demandA * Load.ReadShare) + backupIops : (demandB * Load.ReadShare) + backupIops) : 0;
                pathUp[path][i] = isDown ? 0 : 1;
                timeouts[path][i] = 0;
                readIops[path][i] = readOps;
                writeIops[path][i] = ops - readOps;
                awaitSeconds[path][i] = carries ? controllerLatency[controller] + 0.0003 : 0;
                utilization[path][i] = carries ? Math.Min(0.9, 0.06 + (0.45 * ops / 20_000)) : 0;
            }

            foreach (var v in volumes)
            {
                mpathPaths[v][i] = 2;
                mpathActive[v][i] = pathsToADown ? 1 : 2;
            }

            foreach (var f in functions)
            {
                probe[f][i] = 1;
                var storage = f is "pop3" or "imap" or "webmail" ? 4 * Math.Max(controllerLatency["ctl-a"], controllerLatency["ctl-b"]) : 0;
                probeTime[f][i] = (probeBase[f] * Noise(random, 0.2)) + storage;
            }

            // mx01: inbound, delivers to mbox01 by LMTP; a few messages wait briefly (mailbox locked).
            var inbound = Interpolate(Mail.Inbound, minute) * Noise(random, 0.08);
            inboundDeferred = Math.Clamp(inboundDeferred + random.Next(-2, 3), 0, 6);
            incoming["mx01"][i] = random.Next(0, 8);
            active["mx01"][i] = Math.Round(5 + (inbound * 1.2 * Noise(random, 0.3)));
            activeAge["mx01"][i] = random.Next(1, 30);
            deferred["mx01"][i] = inboundDeferred;
            deferredAge["mx01"][i] = inboundDeferred > 0 ? random.Next(60, 900) : 0;
            recipients["mx01"][i] = inboundDeferred;
            domains["mx01"][i] = inboundDeferred > 0 ? 1 : 0;
            foreach (var r in reasons)
            {
                byReason["mx01"][r][i] = r == "mailbox" ? inboundDeferred : 0;
            }

            bounces["mx01"][i] = 0.02 * Noise(random, 0.6);
            discarded["mx01"][i] = 0;

            // smtp01: outbound; holds undeliverable mail for up to five days (see Mail).
            var submission = Interpolate(Mail.Submission, minute) * Noise(random, 0.1);
            outboundDeferred = Math.Clamp(outboundDeferred + random.Next(-2, 3), Mail.OutboundDeferredLow, Mail.OutboundDeferredHigh);
            oldestOutbound += Day.SampleIntervalSeconds;
            if (oldestOutbound >= Mail.MaximalQueueLifetimeDays * 86_400)
            {
                oldestOutbound -= random.Next(1_800, 14_400); // the oldest expired and was bounced; the next one is younger
            }

            var outRecipients = Math.Round(outboundDeferred * 1.08);
            var dns = Math.Min(9, Math.Round(outRecipients * 0.1));
            var policy = Math.Round(outRecipients * 0.25);
            var mailbox = Math.Round(outRecipients * 0.1);
            var other = Math.Round(outRecipients * 0.08);
            incoming["smtp01"][i] = random.Next(0, 5);
            active["smtp01"][i] = Math.Round(6 + (submission * 2.5 * Noise(random, 0.3)));
            activeAge["smtp01"][i] = random.NextDouble() < Mail.RetryInActiveShare
                ? Math.Round(600 + (random.NextDouble() * (oldestOutbound - 600)))
                : random.Next(1, 40);
            deferred["smtp01"][i] = outboundDeferred;
            deferredAge["smtp01"][i] = Math.Round(oldestOutbound);
            recipients["smtp01"][i] = outRecipients;
            domains["smtp01"][i] = Math.Round(outRecipients * 0.7);
            byReason["smtp01"]["dns"][i] = dns;
            byReason["smtp01"]["policy"][i] = policy;
            byReason["smtp01"]["mailbox"][i] = mailbox;
            byReason["smtp01"]["other"][i] = other;
            byReason["smtp01"]["connection"][i] = outRecipients - dns - policy - mailbox - other;
            bounces["smtp01"][i] = (0.02 + (submission * 0.004)) * Noise(random, 0.5);
            discarded["smtp01"][i] = 0;

            // mbox01: POP3/IMAP logins; failures are wrong passwords and password guessing.
            foreach (var (protocol, curve, guessing) in new[] { ("pop3", Mail.Pop3, Mail.Pop3GuessingPerSecond), ("imap", Mail.Imap, Mail.ImapGuessingPerSecond) })
            {
                var ok = Interpolate(curve, minute) * Noise(random, 0.06);
                var failed = (ok * Mail.WrongPasswordShare * Noise(random, 0.3)) + (guessing * Noise(random, 0.5));
                loginSuccesses[protocol][i] = ok;
                loginFailures[protocol][i] = failed;
                failedUsers[protocol][i] = Math.Round(failed * 60 * 0.35);
            }

            deliveryFailures[i] = random.NextDouble() < 0.1 ? 1.0 / 60 : 0; // a mailbox over quota now and then
        }

        return result.All;
    }

    private static double BackupShare(int minute)
    {
        if (minute < Day.BackupStart || minute >= Day.BackupEnd)
        {
            return 0;
        }

        return Math.Min(1, (minute - Day.BackupStart + 1) / 5.0);
    }
}

internal static class Output
{
    /// <summary>OpenMetrics text, timestamps in seconds, one family at a time, one series at a time.</summary>
    public static void WriteMetrics(string path, List<Series> series)
        => ScenarioFiles.WriteMetrics(path, series, Day.Epoch(Day.WindowStart), Day.SampleIntervalSeconds);

    public static void WriteEvents(string path)
    {
        var events = new List<ScenarioEvent>
        {
            new(Day.At(Day.BackupStart), "log", "mbox01", "backup", "nightly backup of the mailboxes started (snapshots of vol-mail-a and vol-mail-b)"),
            new(Day.At(Day.BackupEnd), "log", "mbox01", "backup", "nightly backup of the mailboxes finished"),
        };

        if (Day.FailoverTest)
        {
            events.Add(new(Day.At(Day.TestWindowStart), "change", "ctl-a", "change-management",
                "planned failover test of storage controller A: takeover by controller B, then giveback (quarterly redundancy check)",
                Day.At(Day.TestWindowEnd)));
            events.Add(new(Day.At(Day.TakeoverAt - 1, 38), "log", "ctl-a", "storage-syslog", "controller A: shutdown requested by administrator (failover test)"));
            events.Add(new(Day.At(Day.TakeoverAt - 1, 41), "log", "ctl-b", "storage-syslog", "controller B: takeover of vol-mail-a complete; serving all volumes"));
            events.Add(new(Day.At(Day.TakeoverAt - 1, 45), "log", "mbox01:vol-a:ctl-a", "multipathd", "mpath-mail-a: sdb - tur checker reports path is down"));
            events.Add(new(Day.At(Day.TakeoverAt - 1, 45), "log", "vol-mail-a", "multipathd", "mpath-mail-a: remaining active paths: 1"));
            events.Add(new(Day.At(Day.TakeoverAt - 1, 45), "log", "vol-mail-b", "multipathd", "mpath-mail-b: remaining active paths: 1"));
            events.Add(new(Day.At(Day.GivebackAt - 1, 20), "log", "ctl-a", "storage-syslog", "controller A: online; giveback of vol-mail-a from controller B complete"));
            events.Add(new(Day.At(Day.GivebackAt - 1, 33), "log", "mbox01:vol-a:ctl-a", "multipathd", "mpath-mail-a: sdb - tur checker reports path is up"));
            events.Add(new(Day.At(Day.GivebackAt - 1, 33), "log", "vol-mail-a", "multipathd", "mpath-mail-a: remaining active paths: 2"));
            events.Add(new(Day.At(Day.GivebackAt - 1, 33), "log", "vol-mail-b", "multipathd", "mpath-mail-b: remaining active paths: 2"));
            events.Add(new(Day.At(Day.GivebackAt + 15), "note", "ctl-a", "operator",
                "failover test passed: controller B carried both volumes at ~17% of its rated IOPS; no probe failed"));
        }

        ScenarioFiles.WriteEvents(path, events);
    }

    /// <summary>The ground truth the tests compare against; the replay never reads it.</summary>
    public static void WriteExpected(string path)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ScenarioFiles.Indented))
        {
            json.WriteStartObject();
            json.WriteString("scenario", Day.Scenario);
            json.WriteStartArray("incidents");
            json.WriteEndArray();
            json.WriteStartArray("allowedWarnings");
            json.WriteEndArray();

            if (Day.FailoverTest)
            {
                // What the rules see inside the announced window: reported as info, never as an incident.
                json.WriteStartObject("maintenance");
                json.WriteString("entity", "ctl-a");
                json.WriteString("from", Day.At(Day.TestWindowStart).ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
                json.WriteString("until", Day.At(Day.TestWindowEnd).ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
                json.WriteStartArray("infoFindings");
                foreach (var (entity, kind) in new[] { ("ctl-a", "controller_failed"), ("vol-mail-a", "paths_degraded"), ("vol-mail-b", "paths_degraded") })
                {
                    json.WriteStartObject();
                    json.WriteString("entity", entity);
                    json.WriteString("kind", kind);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        File.WriteAllText(path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n", ScenarioFiles.Utf8);
    }
}
