// Regenerates the alpha-mail-2016 scenario (metrics.om, events.jsonl, expected.json) from the timeline
// below. Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/alpha-mail-2016 && dotnet run generate.cs [-- --out DIR]
//
// Source of the story: seed 000, 大塚商会「アルファメール障害のご報告とお詫び（中間報告 更新）」, October 2016.
// After a storage firmware update the storage system no longer had enough processing capacity; under
// high load POP receive failed and inbound mail was queued and delivered late, in episodes over two
// weeks; sending, the homepage service and DNS kept working; no mail was lost. This recording
// compresses the episodes into one day (see the README). Every constant says whether its figure
// comes from the seed or is assumed.
#:project ../ScenarioWriting/ScenarioWriting.csproj
using System.Globalization;
using System.Text;
using System.Text.Json;
using Monitor.Scenarios;
using static Monitor.Scenarios.ScenarioMath;

var outputDirectory = ScenarioFiles.OutputDirectory(args);
var series = Simulation.Run();
Output.WriteMetrics(Path.Combine(outputDirectory, "metrics.om"), series);
Output.WriteEvents(Path.Combine(outputDirectory, "events.jsonl"));
Output.WriteExpected(Path.Combine(outputDirectory, "expected.json"));
Console.WriteLine($"wrote metrics.om ({series.Count} series x {Timeline.SampleCount} samples), events.jsonl, expected.json to {outputDirectory}");

/// <summary>The timeline, in minutes since midnight JST on Tue 11 Oct 2016 (the compressed day).</summary>
internal static class Timeline
{
    /// <summary>JST is UTC+9 (seed: all times are Japanese local time).</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>
    /// The day of the first episode. Seed: ① 2016年10月11日(火)午前8時55分～. The firmware update (seed: 10月9日(日)
    /// 午前2時～同日午前6時) is moved to the early hours of this day (assumed compression, see the README).
    /// </summary>
    public static readonly DateTimeOffset Midnight = new(2016, 10, 11, 0, 0, 0, Jst);

    // Recording window: assumed, from before the firmware update to an hour after the last episode.
    public const int WindowStart = 0;                  // 00:00 (assumed)
    public const int WindowEnd = 14 * 60;              // 14:00 (assumed), inclusive
    public const int SampleIntervalSeconds = 60;       // one sample a minute for every series (assumed)

    // The storage firmware update. Seed: 10月9日(日)午前2時～同日午前6時にかけて実施したストレージシステムのファームウェア
    // のアップデート作業. Same times of day, moved to this day (assumed compression).
    public const int FirmwareStart = 2 * 60;           // 02:00 (seed time of day)
    public const int FirmwareControllerB = (4 * 60) + 10; // 04:10 (assumed): controller B activated
    public const int FirmwareControllerA = (5 * 60) + 40; // 05:40 (assumed): controller A activated
    public const int FirmwareEnd = 6 * 60;             // 06:00 (seed time of day)

    // Three episodes of high load, ~50-55 minutes each, ~40 minutes apart (assumed compression of seed
    // ① 10/11 08:55-22:00, ② 10/11 22:00-10/12 22:00 (intermittent), ③ 10/24 09:26-11:55).
    public const int Episode1Start = (8 * 60) + 55;    // 08:55 (seed: ① 午前8時55分)
    public const int Episode1End = (9 * 60) + 50;      // 09:50 (assumed)
    public const int Episode2Start = (10 * 60) + 30;   // 10:30 (assumed)
    public const int Episode2End = (11 * 60) + 20;     // 11:20 (assumed)
    public const int Episode3Start = 12 * 60;          // 12:00 (assumed)
    public const int Episode3End = (12 * 60) + 50;     // 12:50 (assumed)

    // After each episode the operator flushes mx01's deferred queue (postqueue -f) one minute after the
    // load falls, and everything users see is normal five minutes after the load falls (assumed).
    public const int FlushAfter = 1;
    public const int RecoveredAfter = 5;

    /// <summary>Episodes as (start, end, peak controller latency ms, peak host await ms, peak POP failure share).</summary>
    public static readonly (int Start, int End, double LatencyMs, double AwaitMs, double PopFailureShare, double ExtraDemand)[] Episodes =
    [
        // ①: POP receive impossible (seed: メール受信(POP)ができない), mail delayed.
        (Episode1Start, Episode1End, 190, 760, 0.42, 8_000),
        // ②: system running, POP hard to use, mail delayed (seed: 受信(POP)しづらい、メールが遅延して届く).
        (Episode2Start, Episode2End, 120, 300, 0.27, 5_500),
        // ③: like ① (seed: メール受信(POP)ができない、お客様宛のメールが遅延して届く).
        (Episode3Start, Episode3End, 185, 730, 0.40, 7_500),
    ];

    /// <summary>Samples per series (both ends inclusive).</summary>
    public const int SampleCount = ((WindowEnd - WindowStart) * 60 / SampleIntervalSeconds) + 1;

    /// <summary>JST wall-clock time of a minute of the day.</summary>
    public static DateTimeOffset At(int minuteOfDay, int second = 0) =>
        Midnight.AddMinutes(minuteOfDay).AddSeconds(second);

    /// <summary>Unix time in seconds, the timestamp unit of metrics.om.</summary>
    public static long Epoch(int minuteOfDay) => At(minuteOfDay).ToUnixTimeSeconds();
}

/// <summary>Load, capacity and mail traffic (all assumed: the seed gives no device or traffic figures).</summary>
internal static class Load
{
    // Rated capacity per controller (assumed; the same figures as topology.json).
    public const double RatedIops = 40_000;

    // What controller A can actually serve: the rated figure before the update, about half after it
    // (assumed; seed: ストレージシステムが十分な処理性能を得られていない).
    public const double CapacityAfterUpdate = 21_000;

    // Demand on ctl-a (mailboxes) over a business day, IOPS, linear in between (assumed; Alpha Mail serves
    // companies: quiet nights, a morning rush, a lunch dip).
    public static readonly (int Minute, double Iops)[] MailDemand =
    [
        (0, 4_800), (5 * 60, 4_200), (7 * 60, 6_000), ((8 * 60) + 30, 15_500), (9 * 60, 16_500),
        ((11 * 60) + 30, 16_000), (12 * 60, 13_500), ((12 * 60) + 50, 14_000), (13 * 60, 15_500), (14 * 60, 16_000),
    ];

    // Demand on ctl-b (web content), IOPS (assumed).
    public static readonly (int Minute, double Iops)[] WebDemand =
    [
        (0, 2_200), (6 * 60, 2_000), (9 * 60, 3_800), (12 * 60, 4_100), (14 * 60, 3_900),
    ];

    public const double MailBytesPerIo = 12_288;       // ~12 KB mean I/O for mailboxes (assumed)
    public const double WebBytesPerIo = 16_384;        // ~16 KB for web content (assumed)
    public const double ReadShare = 0.45;              // mailbox I/O reads (assumed)
    public const double DemandNoise = 0.025;           // ±2.5%
    public const double SaturatedNoise = 0.008;        // ±0.8%: a saturated controller is steady

    // Latency of an unsaturated controller: base + base * rho / (1 - rho), rho = demand / capacity (assumed).
    public const double BaseLatencyMs = 1.5;
    public const double MaxQueue = 4_096;              // outstanding I/Os the array accepts (assumed)
    public const int DrainMinutes = 3;                 // backlog worked off after the load falls (assumed)
}

internal static class Mail
{
    // Inbound mail accepted by mx01, messages per second (assumed business-day curve).
    public static readonly (int Minute, double PerSecond)[] Inbound =
    [
        (0, 4), (6 * 60, 3.5), (8 * 60, 14), (9 * 60, 20), (12 * 60, 15), (13 * 60, 18), (14 * 60, 17),
    ];

    public const double LmtpConcurrency = 20;          // Postfix lmtp_destination_concurrency_limit default
    public const double LmtpBaseSeconds = 0.04;        // one LMTP delivery on a healthy store (assumed)
    public const double LmtpSecondsPerAwait = 25;      // delivery time grows with the store's await (assumed)
    public static readonly double[] RetryAges = [5, 15, 35, 75]; // Postfix backoff, minutes (defaults)
    public const double LmtpTimeoutMinutes = 10;       // Postfix lmtp_data_done_timeout, 600 s (default)
    public static readonly double[] FlushKeep = [0.55, 0.35, 0.15, 0]; // after postqueue -f, per sample (assumed)
    public const double RecipientsPerMessage = 0.92;   // distinct recipients per deferred message (assumed)
    public const double DomainsPerRecipient = 0.22;    // distinct customer domains per recipient (assumed)

    // POP3 logins on mail01 (assumed business-day curve, logins per second).
    public static readonly (int Minute, double PerSecond)[] Pop3 =
    [
        (0, 7), (6 * 60, 6), (8 * 60, 55), (9 * 60, 75), (12 * 60, 52), (13 * 60, 68), (14 * 60, 66),
    ];

    public const double WrongPasswordShare = 0.012;
    public const double ScanFailuresPerSecond = 0.2;   // password guessing from the Internet (assumed)
    public const double RetryFactor = 0.3;             // extra login attempts from clients retrying (assumed)
    public const double AttemptsPerFailedUser = 1.7;   // a failing user retries within a minute (assumed)

    // Probes: POP3 login+STAT+RETR of a test mailbox, 30 s timeout (assumed); duration grows with the store's await.
    public const double ProbeTimeoutSeconds = 30;
    public const double Pop3ProbeBase = 0.12;
    public const double Pop3ProbePerAwait = 50;
    public const double WebmailProbeBase = 0.35;
    public const double WebmailProbePerAwait = 20;
}

internal static class Simulation
{
    // Fixed seed: the date of the first episode. System.Random with a seed is stable across .NET versions.
    private const int Seed = 20161011;

    public static List<Series> Run()
    {
        var random = new Random(Seed);
        var n = Timeline.SampleCount;
        var result = new SeriesList(n);

        string[] controllers = ["ctl-a", "ctl-b"];
        var up = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_up", $"controller=\"{c}\"", "0"));
        var iops = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_iops", $"controller=\"{c}\"", "0.0"));
        var bytes = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_throughput_bytes_per_second", $"controller=\"{c}\"", "0"));
        var latency = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_latency_seconds", $"controller=\"{c}\"", "0.000000"));
        var queue = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_queue_depth", $"controller=\"{c}\"", "0.0"));
        var health = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_health", $"controller=\"{c}\"", "0"));
        var takeover = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_takeover", $"controller=\"{c}\"", "0"));

        string[] paths = ["mail01:ctl-a", "mail01:ctl-b", "web01:ctl-b", "web01:ctl-a"];
        var pathUp = paths.ToDictionary(p => p, p => result.Add("monitor_path_up", $"path=\"{p}\"", "0"));

        // mail01's two path devices as /proc/diskstats names them (aliases in topology.json).
        string[] devices = ["mail01/sdb", "mail01/sdc"];
        var readIops = devices.ToDictionary(d => d, d => result.Add("monitor_block_read_iops", $"device=\"{d}\"", "0.0"));
        var writeIops = devices.ToDictionary(d => d, d => result.Add("monitor_block_write_iops", $"device=\"{d}\"", "0.0"));
        var awaitSeconds = devices.ToDictionary(d => d, d => result.Add("monitor_block_await_seconds", $"device=\"{d}\"", "0.000000"));
        var utilization = devices.ToDictionary(d => d, d => result.Add("monitor_block_utilization_ratio", $"device=\"{d}\"", "0.000"));

        var deferred = result.Add("monitor_mail_queue_messages", "host=\"mx01\",queue=\"deferred\"", "0");
        var active = result.Add("monitor_mail_queue_messages", "host=\"mx01\",queue=\"active\"", "0");
        var deferredAge = result.Add("monitor_mail_queue_oldest_age_seconds", "host=\"mx01\",queue=\"deferred\"", "0");
        var activeAge = result.Add("monitor_mail_queue_oldest_age_seconds", "host=\"mx01\",queue=\"active\"", "0");
        var recipients = result.Add("monitor_mail_deferred_recipients", "host=\"mx01\"", "0");
        var domains = result.Add("monitor_mail_deferred_domains", "host=\"mx01\"", "0");
        string[] reasons = ["dns", "connection", "mailbox", "policy", "other"];
        var byReason = reasons.ToDictionary(r => r, r => result.Add("monitor_mail_deferred_by_reason", $"host=\"mx01\",reason=\"{r}\"", "0"));
        var bounces = result.Add("monitor_mail_bounces_per_second", "host=\"mx01\"", "0.000");
        var discarded = result.Add("monitor_mail_discarded_per_second", "host=\"mx01\"", "0.000");
        var loginFailures = result.Add("monitor_mail_login_failures_per_second", "host=\"mail01\",protocol=\"pop3\"", "0.000");
        var loginSuccesses = result.Add("monitor_mail_login_successes_per_second", "host=\"mail01\",protocol=\"pop3\"", "0.000");
        var failedUsers = result.Add("monitor_mail_login_failed_users", "host=\"mail01\",protocol=\"pop3\"", "0");
        var deliveryFailures = result.Add("monitor_mail_delivery_failures_per_second", "host=\"mail01\"", "0.000");

        (string Service, string Function, double Base)[] probes =
        [
            ("alpha-mail", "smtp-in", 0.25), ("alpha-mail", "smtp-out", 0.30), ("alpha-mail", "pop3", Mail.Pop3ProbeBase),
            ("alpha-mail", "webmail", Mail.WebmailProbeBase), ("alpha-web", "http", 0.08), ("alpha-dns", "dns", 0.004),
        ];
        var probe = probes.ToDictionary(p => p.Function, p => result.Add("monitor_probe_success", $"service=\"{p.Service}\",function=\"{p.Function}\"", "0"));
        var probeTime = probes.ToDictionary(p => p.Function, p => result.Add("monitor_probe_duration_seconds", $"service=\"{p.Service}\",function=\"{p.Function}\"", "0.000"));

        var cohorts = new List<(int Minute, double Count, int Retries)>();
        var flushStep = -1;
        var drainFrom = (Latency: 0.0, Await: 0.0, Minute: -1);
        for (var i = 0; i < n; i++)
        {
            var minute = Timeline.WindowStart + i;
            var capacity = minute >= Timeline.FirmwareEnd ? Load.CapacityAfterUpdate : Load.RatedIops;
            var (episode, x) = EpisodeAt(minute);
            var demand = Interpolate(Load.MailDemand, minute) * Noise(random, Load.DemandNoise);
            if (episode is { } e)
            {
                demand += e.ExtraDemand * Smooth(Math.Min(1, (x + 1) / 4.0));
            }

            // Controller A: the mailboxes.
            double latencyA, awaitA;
            var saturated = demand > capacity;
            var served = saturated ? capacity * Noise(random, Load.SaturatedNoise) : demand;
            var rho = Math.Min(served / capacity, 0.95);
            var healthyLatency = (Load.BaseLatencyMs + (Load.BaseLatencyMs * rho / (1 - rho))) / 1000 * Noise(random, 0.06);
            if (episode is { } ep)
            {
                latencyA = EpisodeLatencyMs(ep.LatencyMs, x) / 1000 * Noise(random, 0.008);
                var hostQueueing = ((ep.AwaitMs / ep.LatencyMs) - 1) * Smooth(Math.Min(1, x / 25.0));
                awaitA = (latencyA * (1 + hostQueueing)) + 0.0003;
                drainFrom = (latencyA, awaitA, minute);
            }
            else if (drainFrom.Minute >= 0 && minute - drainFrom.Minute <= Load.DrainMinutes)
            {
                // The backlog drains: strictly falling to the healthy level within three samples.
                var k = (double)(minute - drainFrom.Minute) / Load.DrainMinutes;
                latencyA = drainFrom.Latency * Math.Pow(healthyLatency / drainFrom.Latency, k);
                awaitA = drainFrom.Await * Math.Pow((healthyLatency + 0.0003) / drainFrom.Await, k);
            }
            else
            {
                latencyA = healthyLatency;
                awaitA = latencyA + 0.0003;
            }

            // Firmware activation: a few seconds of paused I/O show as one slower sample (assumed).
            if (minute is Timeline.FirmwareControllerA)
            {
                latencyA = 0.011;
                awaitA = 0.0115;
            }

            var webDemand = Interpolate(Load.WebDemand, minute) * Noise(random, Load.DemandNoise);
            var latencyB = (1.9 + (0.6 * webDemand / 4_000) + (((random.NextDouble() * 2) - 1) * 0.25)) / 1000;
            if (minute is Timeline.FirmwareControllerB)
            {
                latencyB = 0.012;
            }

            up["ctl-a"][i] = 1;
            up["ctl-b"][i] = 1;
            iops["ctl-a"][i] = served;
            iops["ctl-b"][i] = webDemand;
            bytes["ctl-a"][i] = served * Load.MailBytesPerIo * Noise(random, 0.03);
            bytes["ctl-b"][i] = webDemand * Load.WebBytesPerIo * Noise(random, 0.03);
            latency["ctl-a"][i] = latencyA;
            latency["ctl-b"][i] = latencyB;
            queue["ctl-a"][i] = Math.Min(Load.MaxQueue, latencyA * served) + 1;
            queue["ctl-b"][i] = (latencyB * webDemand) + 1;
            foreach (var c in controllers)
            {
                health[c][i] = 0;
                takeover[c][i] = 0;
            }

            foreach (var p in paths)
            {
                pathUp[p][i] = 1;
            }

            // mail01: all mailbox I/O goes down the optimized path to ctl-a; the path to ctl-b is standby.
            readIops["mail01/sdb"][i] = served * Load.ReadShare;
            writeIops["mail01/sdb"][i] = served * (1 - Load.ReadShare);
            awaitSeconds["mail01/sdb"][i] = awaitA;
            utilization["mail01/sdb"][i] = saturated || episode is not null ? 0.99 + (random.NextDouble() * 0.01) : Math.Min(0.97, 0.08 + (0.85 * rho));
            readIops["mail01/sdc"][i] = 0;
            writeIops["mail01/sdc"][i] = 0;
            awaitSeconds["mail01/sdc"][i] = 0;
            utilization["mail01/sdc"][i] = 0;

            // mx01 delivers by LMTP to mail01; slow deliveries time out and are deferred.
            var inbound = Interpolate(Mail.Inbound, minute) * Noise(random, 0.06);
            var deliveryRate = Mail.LmtpConcurrency / (Mail.LmtpBaseSeconds + (Mail.LmtpSecondsPerAwait * awaitA));
            var waitShare = episode is null ? 0 : Math.Clamp(1 - (deliveryRate / inbound), 0, 1);

            // Deliveries that cannot get through wait in the active queue; they are deferred only once the
            // LMTP session times out (600 s), so deferrals start ~10 minutes into an episode.
            var deferShare = waitShare * Smooth(Math.Clamp((x - 5) / (Mail.LmtpTimeoutMinutes - 5), 0, 1));
            if (deferShare > 0)
            {
                cohorts.Add((minute, inbound * 60 * deferShare, 0));
                for (var k = 0; k < cohorts.Count; k++)
                {
                    var (born, count, retries) = cohorts[k];
                    if (retries < Mail.RetryAges.Length && minute - born >= Mail.RetryAges[retries])
                    {
                        cohorts[k] = (born, count * deferShare, retries + 1);
                    }
                }
            }

            var flushing = episode is null && cohorts.Count > 0 && minute - drainFrom.Minute > Timeline.FlushAfter;
            var flushed = 0.0;
            if (flushing)
            {
                flushStep++;
                flushed = cohorts.Sum(c => c.Count);
                var keep = Mail.FlushKeep[Math.Min(flushStep, Mail.FlushKeep.Length - 1)];
                for (var k = 0; k < cohorts.Count; k++)
                {
                    cohorts[k] = cohorts[k] with { Count = cohorts[k].Count * keep };
                }

                cohorts.RemoveAll(c => c.Count < 0.5);
            }
            else if (cohorts.Count == 0)
            {
                flushStep = -1;
            }

            var backlog = cohorts.Sum(c => c.Count);
            var oldest = cohorts.Where(c => c.Count >= 0.5).Select(c => (int?)c.Minute).Min();
            var normal = random.Next(0, 3);
            deferred[i] = Math.Round(backlog) + normal;
            deferredAge[i] = oldest is { } born0 ? ((minute - born0) * 60) + random.Next(0, 60) : normal > 0 ? random.Next(30, 400) : 0;
            recipients[i] = Math.Round(backlog * Mail.RecipientsPerMessage) + normal;
            domains[i] = Math.Round(backlog * Mail.RecipientsPerMessage * Mail.DomainsPerRecipient) + normal;
            byReason["connection"][i] = Math.Round(backlog * Mail.RecipientsPerMessage);
            byReason["mailbox"][i] = normal;
            if (episode is not null)
            {
                var waiting = inbound * 60 * Math.Min(x + 1, Mail.LmtpTimeoutMinutes) * Math.Max(waitShare - deferShare, waitShare * 0.3);
                active[i] = Math.Round(Mail.LmtpConcurrency + waiting) + random.Next(0, 30);
                activeAge[i] = (Math.Min(x + 1, Mail.LmtpTimeoutMinutes) * 60 * Math.Min(1, waitShare * 3)) + random.Next(0, 30);
            }
            else
            {
                active[i] = random.Next(6, 35) + Math.Round(flushed * 0.3);
                activeAge[i] = random.Next(1, 25);
            }

            bounces[i] = 0.03 * Noise(random, 0.6);
            discarded[i] = 0;   // seed: メールデータの消失はありませんでした
            deliveryFailures[i] = random.NextDouble() < 0.08 ? 1.0 / 60 : 0;

            // POP3 on mail01: logins time out while the store is slow.
            var popDemand = Interpolate(Mail.Pop3, minute) * Noise(random, 0.05);
            var failureShare = 0.0;
            if (episode is { } epi)
            {
                var severity = Math.Clamp((awaitA - 0.01) / ((epi.AwaitMs / 1000) - 0.01), 0, 1);
                failureShare = epi.PopFailureShare * Math.Sqrt(severity);
            }

            var attempts = popDemand * (1 + (Mail.RetryFactor * failureShare / 0.42));
            var failed = attempts * failureShare;
            var healthyFailures = ((attempts - failed) * Mail.WrongPasswordShare * Noise(random, 0.3)) + (Mail.ScanFailuresPerSecond * Noise(random, 0.4));
            loginSuccesses[i] = attempts - failed;
            loginFailures[i] = failed + healthyFailures;
            failedUsers[i] = Math.Round((failed * 60 / Mail.AttemptsPerFailedUser) + (healthyFailures * 60 * 0.4));

            foreach (var (_, function, baseSeconds) in probes)
            {
                var seconds = function switch
                {
                    "pop3" => Mail.Pop3ProbeBase + (Mail.Pop3ProbePerAwait * awaitA),
                    "webmail" => Mail.WebmailProbeBase + (Mail.WebmailProbePerAwait * awaitA),
                    _ => baseSeconds,
                } * Noise(random, 0.05);
                var ok = seconds < Mail.ProbeTimeoutSeconds;
                probe[function][i] = ok ? 1 : 0;
                probeTime[function][i] = ok ? seconds : Mail.ProbeTimeoutSeconds;
            }
        }

        return result.All;
    }

    /// <summary>The episode running at this minute, and the minutes since it started.</summary>
    private static ((int Start, int End, double LatencyMs, double AwaitMs, double PopFailureShare, double ExtraDemand)? Episode, int Minute) EpisodeAt(int minute)
    {
        foreach (var e in Timeline.Episodes)
        {
            if (minute >= e.Start && minute < e.End)
            {
                return (e, minute - e.Start);
            }
        }

        return (null, 0);
    }

    /// <summary>
    /// Controller A's latency during an episode, ms: log-linear through (0, 8), (1, 22), (3, 45), (8, 100),
    /// (20, 93% of peak) and the peak at the end; strictly rising, so never "falling" (all assumed).
    /// </summary>
    private static double EpisodeLatencyMs(double peak, int x)
    {
        (double Minute, double Ms)[] points = [(0, 8), (1, 22), (3, 45), (8, Math.Min(100, peak * 0.8)), (20, peak * 0.93), (50, peak)];
        for (var k = 1; k < points.Length; k++)
        {
            if (x <= points[k].Minute)
            {
                var (m0, v0) = points[k - 1];
                var (m1, v1) = points[k];
                return v0 * Math.Pow(v1 / v0, (x - m0) / (m1 - m0));
            }
        }

        return peak;
    }
}

internal static class Output
{
    /// <summary>OpenMetrics text, timestamps in seconds, one family at a time, one series at a time.</summary>
    public static void WriteMetrics(string path, List<Series> series)
        => ScenarioFiles.WriteMetrics(path, series, Timeline.Epoch(Timeline.WindowStart), Timeline.SampleIntervalSeconds);

    public static void WriteEvents(string path)
    {
        var events = new List<ScenarioEvent>
        {
            new(Timeline.At(Timeline.FirmwareStart), "change", "ctl-a", "change-management",
                "storage system firmware update (controllers A and B, non-disruptive, one controller after the other), 02:00-06:00"),
            new(Timeline.At(Timeline.FirmwareControllerB), "log", "ctl-b", "storage-syslog", "controller B: new firmware activated, controller online"),
            new(Timeline.At(Timeline.FirmwareControllerA), "log", "ctl-a", "storage-syslog", "controller A: new firmware activated, controller online"),
            new(Timeline.At(Timeline.FirmwareEnd), "note", "ctl-a", "operator",
                "storage firmware update finished; functional checks passed (the update had been verified beforehand without functional problems)"),
        };

        var n = 0;
        foreach (var e in Timeline.Episodes)
        {
            n++;
            events.Add(new(Timeline.At(e.Start + 2, 17), "log", "mx01", "postfix",
                $"postfix/lmtp[{31200 + (n * 7)}]: 8C2E{n}1A0F3: to=<info@customer{n}.example.co.jp>, relay=mail01[10.1.0.21]:24, delay=312, status=deferred (conversation with mail01[10.1.0.21] timed out while sending end of data -- message may be sent more than once)"));
            events.Add(new(Timeline.At(e.Start + 4, 41), "log", "mail01", "dovecot",
                "pop3-login: Disconnected (auth process communication timeout, waited 30 secs): user=<>, rip=198.51.100.23, lip=10.1.0.21, session=<aZ3k0x>"));
            events.Add(new(Timeline.At(e.End + Timeline.FlushAfter), "note", "mx01", "operator",
                "storage load back to normal; deferred queue on mx01 flushed (postqueue -f)"));
        }

        ScenarioFiles.WriteEvents(path, events);
    }

    /// <summary>The ground truth the tests compare against; the replay never reads it.</summary>
    public static void WriteExpected(string path)
    {
        var onset = Timeline.At(Timeline.Episode1Start);
        var recovered = Timeline.At(Timeline.Episode3End + Timeline.RecoveredAfter);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ScenarioFiles.Indented))
        {
            json.WriteStartObject();
            json.WriteString("scenario", "alpha-mail-2016");
            json.WriteStartArray("incidents");
            json.WriteStartObject();

            json.WriteStartObject("rootCause");
            json.WriteString("entity", "ctl-a");
            json.WriteString("kind", "latency_accumulation");
            json.WriteEndObject();

            // One incident that flares three times: onset of the first episode, recovery of the last.
            json.WriteString("onset", onset.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
            json.WriteString("recovered", recovered.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
            json.WriteString("duration", (recovered - onset).ToString("c", CultureInfo.InvariantCulture));
            json.WriteBoolean("failStop", false); // lost capacity, not a stop: the system kept running

            json.WriteStartArray("episodes");
            foreach (var e in Timeline.Episodes)
            {
                json.WriteStartObject();
                json.WriteString("onset", Timeline.At(e.Start).ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
                json.WriteString("recovered", Timeline.At(e.End + Timeline.RecoveredAfter).ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartObject("affectedUsers");
            json.WriteNumber("max", 150_000); // assumed contract count: the seed gives none
            json.WriteString("basis", "contracts");
            json.WriteString("populationKey", "alpha-mail-contracts");
            json.WriteEndObject();

            json.WriteStartArray("symptomsInclude");
            ScenarioFiles.WriteFinding(json, "alpha-mail/pop3", "login_failures");
            ScenarioFiles.WriteFinding(json, "alpha-mail", "mail_queue_backlog");
            ScenarioFiles.WriteFinding(json, "alpha-mail/pop3", "service_down");
            json.WriteEndArray();

            // No mail was lost (seed: メールデータの消失はありませんでした); the path to ctl-a is healthy, the
            // controller behind it is slow (its sibling is an idle standby path, nothing to compare with); the
            // load never exceeded what one controller is rated for.
            json.WriteStartArray("symptomsExclude");
            ScenarioFiles.WriteFinding(json, "alpha-mail", "mail_loss");
            ScenarioFiles.WriteFinding(json, "alpha-mail", "mailbox_delivery_failing");
            ScenarioFiles.WriteFinding(json, "mail01:ctl-a", "gray_path");
            ScenarioFiles.WriteFinding(json, "ctl-a", "n1_headroom_iops");
            ScenarioFiles.WriteFinding(json, "alpha-mail/smtp-out", "service_down");
            json.WriteEndArray();

            json.WriteStartArray("servicesStopped");
            json.WriteStringValue("pop3");
            json.WriteEndArray();

            // Seed: メール送信、ホームページサービス、ドメイン(DNS)サービスは正常に稼働しておりました.
            // Webmail is not among them: its probe takes up to ~15 s against ~0.37 s, degraded (service_slow).
            json.WriteStartArray("servicesNotAffected");
            foreach (var function in new[] { "smtp-out", "http", "dns" })
            {
                json.WriteStringValue(function);
            }

            json.WriteEndArray();

            json.WriteStartObject("suspectedChange");
            json.WriteString("entity", "ctl-a");
            json.WriteString("textContains", "firmware");
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartArray("allowedWarnings");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        File.WriteAllText(path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n", ScenarioFiles.Utf8);
    }
}
