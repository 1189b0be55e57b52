// Regenerates the freebit-2020 scenario (metrics.om, events.jsonl, expected.json) from the timeline
// below. Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/freebit-2020 && dotnet run generate.cs [-- --out DIR]
//
// Source of the story: seed 002 (MIC, 電気通信事故の報告状況 令和2年度), 重大な事故 No.4: フリービット株式会社,
// 31 Jul 2020 02:58, 8 h 07 min, 106,027 users. The signal output of one FC port of the storage
// (Controller node2, port ①) degraded; the port kept running and nothing failed over to port ②; the
// virtual servers' I/O timed out, their file systems became unreadable and the mail service stopped.
// Every constant says whether its figure comes from the seed or is assumed (see the README).
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

/// <summary>The timeline, in minutes since midnight JST on Fri 31 Jul 2020.</summary>
internal static class Timeline
{
    /// <summary>JST is UTC+9 (seed: all times are Japanese local time).</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>The day of the outage. Seed: 発生日時 令和2年7月31日 2時58分.</summary>
    public static readonly DateTimeOffset Midnight = new(2020, 7, 31, 0, 0, 0, Jst);

    // Recording window: assumed; from midnight, so that a port's own two-hour median is known before the
    // decline, to just after the operator's recovery notice (12:09).
    public const int WindowStart = 0;                  // 00:00 (assumed)
    public const int WindowEnd = (12 * 60) + 15;       // 12:15 (assumed), inclusive
    public const int SampleIntervalSeconds = 60;       // one sample a minute for every series (assumed)

    // The transmitter of node2 port ① weakens. Seed: Controller node2 のポート①で信号出力低下が発生. Start and
    // shape assumed: about half an hour from normal (-2.2 dBm) to below -12 dBm.
    public const int TxDeclineStart = (2 * 60) + 28;   // 02:28 (assumed)
    public const int TxDeclineEnd = (2 * 60) + 58;     // 02:58 (assumed)

    // Link errors once the signal nears the receiver's sensitivity (assumed).
    public const int ErrorsFrom = (2 * 60) + 46;       // 02:46 (assumed)

    // I/O through port ① starts to time out, a few minutes before the service stops (assumed; seed: 信号出力
    // の低下により入出力データが正常に読み取れず…仮想サーバ群の入出力応答がタイムアウト).
    public const int TimeoutsFrom = (2 * 60) + 52;     // 02:52 (assumed)

    // The file systems of the virtual servers become unreadable: the mail service stops. Seed: 2時58分.
    public const int ServiceStops = (2 * 60) + 58;     // 02:58 (seed)

    // Notices to service providers. Seed: 第1報 7月31日 03時32分, 第2報 06時27分, 第3報 11時08分, 第4報 12時09分.
    public static readonly (int Minute, string Text)[] Notices =
    [
        ((3 * 60) + 32, "第1報: 【速報】クラウドメールサービス アラート検知のご報告（障害発生の可能性、02時59分頃から）"),
        ((6 * 60) + 27, "第2報: クラウドメールサービス 障害発生のご報告（メールサービスの一部が利用できない）"),
        ((11 * 60) + 8, "第3報: 【速報】クラウドメールサービス アラート検知のご報告（経過報告、復旧目途 12時頃）"),
        ((12 * 60) + 9, "第4報: クラウドメールサービス 障害復旧のご報告（02:59頃より11:50頃にかけて）"),
    ];

    // Port ① found and disabled by hand, its transceiver replaced, the port enabled again (assumed; seed,
    // remedies: 冗長系パスの手動切替手順を整備, FC ポートの故障予兆サインを監視).
    public const int PortDisabled = (9 * 60) + 30;     // 09:30 (assumed)
    public const int PortReplaced = (9 * 60) + 42;     // 09:42 (assumed)
    public const int RestartsFrom = (9 * 60) + 45;     // 09:45 (assumed): virtual servers restarted one by one

    // Each function back as its virtual server is restarted (assumed order); the last one at 02:58 + 8h07m.
    // Seed: 継続時間 8時間7分 (the provider's own notice says 11:50頃; the MIC figure is used).
    public static readonly (string Function, int Minute)[] FunctionBack =
    [
        ("smtp-in", (10 * 60) + 20),
        ("pop3", (10 * 60) + 35),
        ("imap", (10 * 60) + 35),
        ("smtp-out", (10 * 60) + 45),
        ("webmail", (10 * 60) + 55),
        ("account", (11 * 60) + 5),
    ];

    public const int Recovered = (11 * 60) + 5;        // 11:05 (seed: 02:58 + 8 h 07 min)

    /// <summary>Samples per series (both ends inclusive).</summary>
    public const int SampleCount = ((WindowEnd - WindowStart) * 60 / SampleIntervalSeconds) + 1;

    /// <summary>JST wall-clock time of a minute of the day.</summary>
    public static DateTimeOffset At(int minuteOfDay, int second = 0) =>
        Midnight.AddMinutes(minuteOfDay).AddSeconds(second);

    /// <summary>Unix time in seconds, the timestamp unit of metrics.om.</summary>
    public static long Epoch(int minuteOfDay) => At(minuteOfDay).ToUnixTimeSeconds();
}

/// <summary>Load, optics and error figures (assumed: the seed gives none).</summary>
internal static class Load
{
    // I/O on node2 (owner of the datastore), IOPS, linear in between (assumed).
    public static readonly (int Minute, double Iops)[] Demand =
    [
        (0, 16_000), (3 * 60, 11_000), (7 * 60, 18_000), (10 * 60, 32_000), ((12 * 60) + 15, 34_000),
    ];

    public const double HungIops = 1_500;              // what the hung virtual servers still do (assumed)
    public const double BootStorm = 1.3;               // extra I/O while servers restart (assumed)
    public const double BytesPerIo = 12_288;
    public const double Noise = 0.03;

    // Optical power: transmit and receive of a healthy 16GFC short-wave transceiver (assumed), dBm.
    public const double TxHealthy = -2.2;
    public const double RxHealthy = -3.0;
    public const double TxDegraded = -13.5;            // node2 port ① at the end of the decline (assumed)
    public const double TxDark = -40;                  // laser off while the port is disabled
    public const double DecayShape = 1.6;              // the decline accelerates (assumed)

    // node2 port ① error counters, per second, once the signal is marginal (assumed).
    public const double InvalidTxWordsStart = 0.08;    // per second at ErrorsFrom
    public const double InvalidTxWordsGrowth = 0.55;   // e-fold per minute
    public const double InvalidTxWordsPlateau = 60;
    public const double CrcShare = 0.3;                // CRC errors per invalid transmission word
    public const double ErrorFrameShare = 0.1;

    // SCSI command timeouts on each path through node2 port ①, per second, once I/O times out (assumed).
    public static readonly (int Minute, double PerSecond)[] Timeouts =
    [
        (Timeline.TimeoutsFrom, 0.05), (Timeline.TimeoutsFrom + 3, 0.5), (Timeline.ServiceStops, 1.6),
    ];

    // Host await on the paths through port ①, seconds (assumed), log-linear in between.
    public static readonly (int Minute, double Seconds)[] SickAwait =
    [
        (Timeline.ErrorsFrom, 0.003), (Timeline.ErrorsFrom + 4, 0.04), (Timeline.TimeoutsFrom, 0.6),
        (Timeline.TimeoutsFrom + 3, 6), (Timeline.ServiceStops, 24),
    ];
}

internal static class Simulation
{
    // Fixed seed: the date of the outage. System.Random with a seed is stable across .NET versions.
    private const int Seed = 20200731;

    private const string SickPort = "node2:p1";

    public static List<Series> Run()
    {
        var random = new Random(Seed);
        var n = Timeline.SampleCount;
        var result = new SeriesList(n);

        string[] controllers = ["node1", "node2"];
        var up = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_up", $"controller=\"{c}\"", "0"));
        var iops = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_iops", $"controller=\"{c}\"", "0.0"));
        var bytes = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_throughput_bytes_per_second", $"controller=\"{c}\"", "0"));
        var latency = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_latency_seconds", $"controller=\"{c}\"", "0.000000"));
        var queue = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_queue_depth", $"controller=\"{c}\"", "0.0"));
        var health = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_health", $"controller=\"{c}\"", "0"));
        var takeover = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_takeover", $"controller=\"{c}\"", "0"));

        // FC ports: the hypervisors' HBA ports as sysfs names them (aliases), the storage ports by id.
        string[] hbaPorts = ["hv01/host1", "hv01/host2", "hv02/host1", "hv02/host2"];
        string[] storagePorts = ["node1:p1", "node1:p2", "node2:p1", "node2:p2"];
        string[] ports = [.. hbaPorts, .. storagePorts];
        string[] errorKinds = ["invalid_crc", "link_failures", "loss_of_sync", "loss_of_signal", "invalid_tx_words", "error_frames"];
        var portUp = ports.ToDictionary(p => p, p => result.Add("monitor_fc_port_up", $"port=\"{p}\"", "0"));
        var marginal = hbaPorts.ToDictionary(p => p, p => result.Add("monitor_fc_port_marginal", $"port=\"{p}\"", "0"));
        var tx = ports.ToDictionary(p => p, p => result.Add("monitor_fc_port_tx_power_dbm", $"port=\"{p}\"", "0.00"));
        var rx = ports.ToDictionary(p => p, p => result.Add("monitor_fc_port_rx_power_dbm", $"port=\"{p}\"", "0.00"));
        var errors = errorKinds.ToDictionary(
            k => k,
            k => ports.ToDictionary(p => p, p => result.Add($"monitor_fc_port_{k}_per_second", $"port=\"{p}\"", "0.0000")));
        var txOffset = ports.ToDictionary(p => p, _ => (random.NextDouble() - 0.5) * 0.8);
        var rxOffset = ports.ToDictionary(p => p, _ => (random.NextDouble() - 0.5) * 1.0);

        // Paths: each hypervisor reaches node1 and node2 through both fabrics; node2 owns the datastore, so
        // only the paths to node2 (ports ① and ②) carry I/O, round robin.
        string[] paths = ["hv01:node1-p1", "hv01:node2-p1", "hv01:node1-p2", "hv01:node2-p2", "hv02:node1-p1", "hv02:node2-p1", "hv02:node1-p2", "hv02:node2-p2"];
        var devices = new Dictionary<string, string>();
        foreach (var (path, k) in paths.Select((p, k) => (p, k)))
        {
            devices[path] = $"{path[..4]}/sd{(char)('b' + (k % 4))}";
        }

        var pathUp = paths.ToDictionary(p => p, p => result.Add("monitor_path_up", $"path=\"{p}\"", "0"));
        var timeouts = paths.ToDictionary(p => p, p => result.Add("monitor_path_io_timeouts_per_second", $"path=\"{p}\"", "0.000"));
        var readIops = paths.ToDictionary(p => p, p => result.Add("monitor_block_read_iops", $"device=\"{devices[p]}\"", "0.0"));
        var writeIops = paths.ToDictionary(p => p, p => result.Add("monitor_block_write_iops", $"device=\"{devices[p]}\"", "0.0"));
        var awaitSeconds = paths.ToDictionary(p => p, p => result.Add("monitor_block_await_seconds", $"device=\"{devices[p]}\"", "0.000000"));

        string[] functions = ["smtp-in", "smtp-out", "pop3", "imap", "webmail", "account"];
        var probe = functions.ToDictionary(f => f, f => result.Add("monitor_probe_success", $"service=\"cloudmail\",function=\"{f}\"", "0"));
        var probeTime = functions.ToDictionary(f => f, f => result.Add("monitor_probe_duration_seconds", $"service=\"cloudmail\",function=\"{f}\"", "0.000"));
        var back = Timeline.FunctionBack.ToDictionary(b => b.Function, b => b.Minute);
        const double ProbeTimeout = 30;

        for (var i = 0; i < n; i++)
        {
            var minute = Timeline.WindowStart + i;
            var hung = minute >= Timeline.ServiceStops && minute < Timeline.RestartsFrom;
            var restarting = minute >= Timeline.RestartsFrom && minute < Timeline.Recovered;
            var portOff = minute >= Timeline.PortDisabled && minute < Timeline.PortReplaced;
            var sick = minute >= Timeline.TxDeclineStart && minute < Timeline.PortDisabled;
            var timingOut = minute >= Timeline.TimeoutsFrom && minute < Timeline.PortDisabled;

            var demand = Interpolate(Load.Demand, minute) * Noise(random, Load.Noise);
            var served = hung ? Load.HungIops * Noise(random, 0.2) : restarting ? demand * Load.BootStorm : demand;
            up["node1"][i] = 1;
            up["node2"][i] = 1;
            health["node1"][i] = 0;
            health["node2"][i] = 0; // seed: the port kept running; the array reported nothing wrong
            takeover["node1"][i] = 0;
            takeover["node2"][i] = 0;
            iops["node1"][i] = 0;
            bytes["node1"][i] = 0;
            latency["node1"][i] = 0;
            queue["node1"][i] = 0;
            iops["node2"][i] = served;
            bytes["node2"][i] = served * Load.BytesPerIo * Noise(random, 0.03);
            var controllerLatency = (1.6 + (served / 40_000) + (random.NextDouble() * 0.5) + (timingOut ? 2.5 : 0)) / 1000;
            latency["node2"][i] = controllerLatency;
            queue["node2"][i] = (served * controllerLatency) + 1;

            // Optics: a slow daily drift of the module temperature (assumed ±0.1 dB), DOM resolution 0.01 dB.
            var drift = 0.1 * Math.Sin(2 * Math.PI * (minute - 300) / 1440);
            foreach (var p in ports)
            {
                var isSick = p == SickPort;
                portUp[p][i] = isSick && portOff ? 0 : 1;
                tx[p][i] = Load.TxHealthy + txOffset[p] + drift + (((random.NextDouble() * 2) - 1) * 0.03);
                rx[p][i] = Load.RxHealthy + rxOffset[p] + drift + (((random.NextDouble() * 2) - 1) * 0.04);
                foreach (var kind in errorKinds)
                {
                    errors[kind][p][i] = 0;
                }

                if (isSick && portOff)
                {
                    tx[p][i] = Load.TxDark;
                }
                else if (isSick && sick)
                {
                    var x = Math.Clamp((double)(minute - Timeline.TxDeclineStart) / (Timeline.TxDeclineEnd - Timeline.TxDeclineStart), 0, 1);
                    tx[p][i] = Load.TxHealthy + txOffset[p] + ((Load.TxDegraded - Load.TxHealthy) * Math.Pow(x, Load.DecayShape))
                        + (((random.NextDouble() * 2) - 1) * (x >= 1 ? 0.2 : 0.05));
                    if (minute >= Timeline.ErrorsFrom)
                    {
                        var words = Math.Min(
                            Load.InvalidTxWordsPlateau,
                            Load.InvalidTxWordsStart * Math.Exp(Load.InvalidTxWordsGrowth * (minute - Timeline.ErrorsFrom))) * Noise(random, 0.25);
                        errors["invalid_tx_words"][p][i] = words;
                        errors["invalid_crc"][p][i] = words * Load.CrcShare * Noise(random, 0.2);
                        errors["error_frames"][p][i] = words * Load.ErrorFrameShare * Noise(random, 0.3);
                        errors["loss_of_sync"][p][i] = minute >= Timeline.ServiceStops - 3 ? 0.03 + (random.NextDouble() * 0.07) : 0;
                    }
                }
                else if (isSick && minute == Timeline.PortReplaced)
                {
                    errors["loss_of_sync"][p][i] = 1.0 / 60; // one loss of sync while the new link comes up
                }
            }

            foreach (var p in hbaPorts)
            {
                marginal[p][i] = 0;
            }

            foreach (var path in paths)
            {
                var toNode2 = path.Contains("node2", StringComparison.Ordinal);
                var throughSick = path.EndsWith("node2-p1", StringComparison.Ordinal);
                pathUp[path][i] = throughSick && portOff ? 0 : 1; // the checker keeps the sick path up
                double share = !toNode2 ? 0 : portOff ? (throughSick ? 0 : 0.5) : 0.25;
                var pathIops = served * share;
                double pathAwait = controllerLatency + 0.0003;
                var pathTimeouts = 0.0;
                if (throughSick && !portOff && minute >= Timeline.ErrorsFrom && minute < Timeline.PortDisabled)
                {
                    pathAwait = LogInterpolate(Load.SickAwait, minute) * Noise(random, 0.06);
                    pathIops = Math.Max(3, pathIops * Math.Min(1, 0.01 / pathAwait * 4)) * Noise(random, 0.2);
                    if (timingOut)
                    {
                        pathTimeouts = Interpolate(Load.Timeouts, minute) * Noise(random, 0.25);
                    }
                }

                timeouts[path][i] = pathTimeouts;
                readIops[path][i] = pathIops * 0.55;
                writeIops[path][i] = pathIops * 0.45;
                awaitSeconds[path][i] = pathIops > 0 ? pathAwait : 0;
            }

            foreach (var f in functions)
            {
                var down = minute >= Timeline.ServiceStops && minute < back[f];
                probe[f][i] = down ? 0 : 1;
                probeTime[f][i] = down ? ProbeTimeout : (f == "webmail" ? 0.45 : f == "account" ? 0.6 : 0.2) * Noise(random, 0.2);
            }
        }

        return result.All;
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
            new(Timeline.At(Timeline.TimeoutsFrom, 31), "log", "hv01:node2-p1", "kernel",
                "qla2xxx [0000:3b:00.0]-801c:3: Abort command issued nexus=3:1:1 --  0 2003."),
            new(Timeline.At(Timeline.TimeoutsFrom, 31), "log", "hv01:node2-p1", "kernel",
                "sd 3:0:1:1: [sdc] tag#211 timing out command, waited 30s"),
            new(Timeline.At(Timeline.TimeoutsFrom, 40), "log", "hv01:node2-p1", "multipathd",
                "mpath-vm: sdc - tur checker reports path is up"),
            new(Timeline.At(Timeline.TimeoutsFrom + 1, 12), "log", "hv02:node2-p1", "kernel",
                "sd 3:0:1:1: [sdc] tag#98 timing out command, waited 30s"),
            new(Timeline.At(Timeline.ServiceStops, 6), "log", "mail01", "kernel",
                "blk_update_request: I/O error, dev vda, sector 81920336 op 0x1:(WRITE) flags 0x800 phys_seg 8 prio class 0"),
            new(Timeline.At(Timeline.ServiceStops, 7), "log", "mail01", "kernel",
                "EXT4-fs error (device vda1): ext4_find_entry:1455: inode #2: comm dovecot: reading directory lblock 0"),
            new(Timeline.At(Timeline.ServiceStops, 8), "log", "mail01", "kernel", "EXT4-fs (vda1): Remounting filesystem read-only"),
            new(Timeline.At(Timeline.PortDisabled), "note", "node2:p1", "operator",
                "node2 port 1 disabled by hand (transmit power -13.5 dBm); I/O moves to port 2"),
            new(Timeline.At(Timeline.PortReplaced), "note", "node2:p1", "operator", "transceiver of node2 port 1 replaced; port enabled"),
            new(Timeline.At(Timeline.RestartsFrom), "note", "cloudmail", "operator",
                "restarting the mail virtual servers one by one (file system checks)"),
            new(Timeline.At(Timeline.Recovered), "note", "cloudmail", "operator", "all mail functions recovered"),
        };
        foreach (var (minute, text) in Timeline.Notices)
        {
            events.Add(new(Timeline.At(minute), "note", "cloudmail", "freebit-noc", text));
        }

        ScenarioFiles.WriteEvents(path, events);
    }

    /// <summary>The ground truth the tests compare against; the replay never reads it.</summary>
    public static void WriteExpected(string path)
    {
        var onset = Timeline.At(Timeline.ServiceStops);
        var recovered = Timeline.At(Timeline.Recovered);
        var iso = (DateTimeOffset t) => t.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ScenarioFiles.Indented))
        {
            json.WriteStartObject();
            json.WriteString("scenario", "freebit-2020");
            json.WriteStartArray("incidents");
            json.WriteStartObject();

            json.WriteStartObject("rootCause");
            json.WriteString("entity", "node2:p1");
            json.WriteString("kind", "fc_optical_power_low");
            json.WriteEndObject();

            json.WriteString("onset", iso(onset));
            json.WriteString("recovered", iso(recovered));
            json.WriteString("duration", (recovered - onset).ToString("c", CultureInfo.InvariantCulture)); // seed: 8時間7分
            json.WriteBoolean("failStop", false); // a gray failure: the port degraded and kept running

            json.WriteStartObject("affectedUsers");
            json.WriteNumber("max", 106_027); // seed: 影響利用者数 106,027人
            json.WriteString("basis", "contracts");
            json.WriteString("populationKey", "freebit-mail-contracts");
            json.WriteEndObject();

            json.WriteStartArray("symptomsInclude");
            ScenarioFiles.WriteFinding(json, "node2:p1", "fc_port_errors");
            ScenarioFiles.WriteFinding(json, "hv01:node2-p1", "gray_path");
            ScenarioFiles.WriteFinding(json, "hv02:node2-p1", "gray_path");
            ScenarioFiles.WriteFinding(json, "cloudmail/pop3", "service_down");
            json.WriteEndArray();

            // The controller stayed healthy, the hosts' HBA ports saw nothing, the paths through port ② were fine.
            json.WriteStartArray("symptomsExclude");
            ScenarioFiles.WriteFinding(json, "node2", "controller_failed");
            ScenarioFiles.WriteFinding(json, "node2", "failover_missing");
            ScenarioFiles.WriteFinding(json, "node2", "latency_accumulation");
            ScenarioFiles.WriteFinding(json, "hv01:fc0", "fc_port_errors");
            ScenarioFiles.WriteFinding(json, "hv02:fc0", "fc_port_errors");
            ScenarioFiles.WriteFinding(json, "hv01:node2-p2", "gray_path");
            ScenarioFiles.WriteFinding(json, "hv02:node2-p2", "gray_path");
            json.WriteEndArray();

            json.WriteStartArray("servicesStopped");
            foreach (var function in new[] { "smtp-in", "smtp-out", "pop3", "imap", "webmail", "account" })
            {
                json.WriteStringValue(function);
            }

            json.WriteEndArray();

            // Raised before the mail service stopped (02:58): the precursors at the port and the gray paths.
            json.WriteStartArray("precursors");
            WritePrecursor(json, "node2:p1", "fc_optical_power_low", iso(onset));
            WritePrecursor(json, "node2:p1", "fc_port_errors", iso(onset));
            WritePrecursor(json, "hv01:node2-p1", "gray_path", iso(onset));
            WritePrecursor(json, "hv02:node2-p1", "gray_path", iso(onset));
            json.WriteEndArray();

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartArray("allowedWarnings");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        File.WriteAllText(path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n", ScenarioFiles.Utf8);
    }

    private static void WritePrecursor(Utf8JsonWriter json, string entity, string kind, string before)
    {
        json.WriteStartObject();
        json.WriteString("entity", entity);
        json.WriteString("kind", kind);
        json.WriteString("before", before);
        json.WriteEndObject();
    }
}
