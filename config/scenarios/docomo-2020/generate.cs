// Regenerates the docomo-2020 scenario (metrics.om, events.jsonl, expected.json) from the timeline
// below. Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/docomo-2020 && dotnet run generate.cs [-- --out DIR]
//
// Source of the story: seed 002 (MIC, 電気通信事故の報告状況 令和2年度), 重大な事故 No.2: 株式会社NTTドコモ,
// 30 May 2020 12:56, 5 h 36 min, up to 2.2 million users. A hardware fault on storage controller SC1;
// a bug in the software that detects such faults kept the path switch SC1 -> SC2 from happening, and
// the virtual servers on that storage (DNS, connection authentication) lost their storage. Every
// constant says whether its figure comes from the seed or is assumed (see the README).
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

/// <summary>The timeline, in minutes since midnight JST on Sat 30 May 2020.</summary>
internal static class Timeline
{
    /// <summary>JST is UTC+9 (seed: all times are Japanese local time).</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>The day of the outage. Seed: 発生日時 令和2年5月30日 12時56分.</summary>
    public static readonly DateTimeOffset Midnight = new(2020, 5, 30, 0, 0, 0, Jst);

    // Recording window: assumed, about two hours before the onset, to just after the final notice (19:45).
    public const int WindowStart = 11 * 60;            // 11:00 (assumed)
    public const int WindowEnd = (19 * 60) + 50;       // 19:50 (assumed), inclusive
    public const int SampleIntervalSeconds = 60;       // one sample a minute for every series (assumed)

    // SC1 hardware fault; its health turns Critical, its I/O hangs; SC2 does not take over.
    // Seed: ストレージのハードウェア故障…経路切替が正常に行われず; 12時56分.
    public const int Sc1Fault = (12 * 60) + 56;        // 12:56 (seed)

    // First SCSI command timeouts on the paths to SC1 (30 s timeout) and first failed probes (assumed: one
    // sample after the fault; the operator's notice says 12時55分頃 for what users saw).
    public const int TimeoutsFrom = (12 * 60) + 57;    // 12:57 (assumed)
    public const int ProbesFailFrom = (12 * 60) + 57;  // 12:57 (assumed)

    // The operator's notices. Seed: 15時30分 初報, 16時15分 第2報, 17時30分 第3報, 19時45分 最終報.
    public static readonly (int Minute, string Text)[] Notices =
    [
        ((15 * 60) + 30, "初報: 一部エリアでspモードでのインターネット接続等が利用できない状況について"),
        ((16 * 60) + 15, "第2報: 一部エリアでspモードでのインターネット接続等が利用できない状況について"),
        ((17 * 60) + 30, "第3報: 一部エリアでspモードでのインターネット接続等が利用できない状況について"),
        ((19 * 60) + 45, "最終報: 【お詫び/回復】一部エリアでspモードでのインターネット接続等が利用しづらい状況について（18時32分に復旧）"),
    ];

    // Users moved to the healthy spモード systems (MAPS_MSJ, MSC, MSD). Seed: 正常なspモードシステム（MAPS_MSJ,
    // MSC, MSD）に接続先を拡大するための作業…. Start time assumed.
    public const int MoveUsersStart = 18 * 60;         // 18:00 (assumed)

    // The virtual servers on the faulty storage shut down once their users are served elsewhere: no more
    // I/O to SC1 (assumed; SC1 stays Critical until it is replaced on 31 May, seed 【令和2年5月31日 実施完了】).
    public const int VmsStopped = (18 * 60) + 20;      // 18:20 (assumed)

    // Service recovered. Seed: 18時32分に復旧いたしました; 継続時間 5時間36分.
    public const int Recovered = (18 * 60) + 32;       // 18:32 (seed)

    /// <summary>Samples per series (both ends inclusive).</summary>
    public const int SampleCount = ((WindowEnd - WindowStart) * 60 / SampleIntervalSeconds) + 1;

    /// <summary>JST wall-clock time of a minute of the day.</summary>
    public static DateTimeOffset At(int minuteOfDay, int second = 0) =>
        Midnight.AddMinutes(minuteOfDay).AddSeconds(second);

    /// <summary>Unix time in seconds, the timestamp unit of metrics.om.</summary>
    public static long Epoch(int minuteOfDay) => At(minuteOfDay).ToUnixTimeSeconds();
}

/// <summary>Load figures (assumed: the seed gives no device figures).</summary>
internal static class Load
{
    public const double Sc1Iops = 14_000;              // DNS and authentication VMs, Saturday afternoon (assumed)
    public const double BytesPerIo = 8_192;            // small random I/O (assumed)
    public const double Noise = 0.04;
    public const double HealthyLatencyMs = 1.8;

    // After the fault most I/Os to SC1 hang; a few complete, very slowly (assumed).
    public const double FaultIops = 260;
    public const double FaultLatencySeconds = 8.5;
    public const double TimeoutsPerSecondPerPath = 4.0;  // SCSI command timeouts on each path to SC1 (assumed)
    public const double FaultAwaitSeconds = 27;         // host-side await: commands wait out the 30 s timeout
}

internal static class Simulation
{
    // Fixed seed: the date of the outage. System.Random with a seed is stable across .NET versions.
    private const int Seed = 20200530;

    public static List<Series> Run()
    {
        var random = new Random(Seed);
        var n = Timeline.SampleCount;
        var result = new SeriesList(n);

        string[] controllers = ["sc1", "sc2"];
        var up = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_up", $"controller=\"{c}\"", "0"));
        var iops = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_iops", $"controller=\"{c}\"", "0.0"));
        var bytes = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_throughput_bytes_per_second", $"controller=\"{c}\"", "0"));
        var latency = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_latency_seconds", $"controller=\"{c}\"", "0.000000"));
        var queue = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_queue_depth", $"controller=\"{c}\"", "0.0"));
        var health = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_health", $"controller=\"{c}\"", "0"));
        var takeover = controllers.ToDictionary(c => c, c => result.Add("monitor_controller_takeover", $"controller=\"{c}\"", "0"));

        string[] paths = ["hv01:sc1", "hv01:sc2", "hv02:sc1", "hv02:sc2"];
        var pathUp = paths.ToDictionary(p => p, p => result.Add("monitor_path_up", $"path=\"{p}\"", "0"));
        var timeouts = paths.ToDictionary(p => p, p => result.Add("monitor_path_io_timeouts_per_second", $"path=\"{p}\"", "0.000"));

        // The path devices as each hypervisor's /proc/diskstats names them (aliases in topology.json).
        var devices = new Dictionary<string, string> { ["hv01:sc1"] = "hv01/sdb", ["hv01:sc2"] = "hv01/sdc", ["hv02:sc1"] = "hv02/sdb", ["hv02:sc2"] = "hv02/sdc" };
        var readIops = paths.ToDictionary(p => p, p => result.Add("monitor_block_read_iops", $"device=\"{devices[p]}\"", "0.0"));
        var writeIops = paths.ToDictionary(p => p, p => result.Add("monitor_block_write_iops", $"device=\"{devices[p]}\"", "0.0"));
        var awaitSeconds = paths.ToDictionary(p => p, p => result.Add("monitor_block_await_seconds", $"device=\"{devices[p]}\"", "0.000000"));

        string[] functions = ["dns", "auth"];
        var probe = functions.ToDictionary(f => f, f => result.Add("monitor_probe_success", $"service=\"spmode\",function=\"{f}\"", "0"));
        var probeTime = functions.ToDictionary(f => f, f => result.Add("monitor_probe_duration_seconds", $"service=\"spmode\",function=\"{f}\"", "0.000"));
        var probeBase = new Dictionary<string, double> { ["dns"] = 0.012, ["auth"] = 0.085 };
        const double ProbeTimeout = 5;

        for (var i = 0; i < n; i++)
        {
            var minute = Timeline.WindowStart + i;
            var faulty = minute >= Timeline.Sc1Fault;
            var ioHangs = faulty && minute < Timeline.VmsStopped;
            var stopped = minute >= Timeline.VmsStopped;
            var timingOut = minute >= Timeline.TimeoutsFrom && ioHangs;

            // SC1: never stops (up 1) and never hands over; Critical from the fault until it is replaced.
            up["sc1"][i] = 1;
            up["sc2"][i] = 1;
            health["sc1"][i] = faulty ? 2 : 0;
            health["sc2"][i] = 0;
            takeover["sc1"][i] = 0;
            takeover["sc2"][i] = 0; // seed: SC1からSC2へ切替不可
            double sc1Iops, sc1Latency;
            if (stopped)
            {
                sc1Iops = 0;
                sc1Latency = 0;
            }
            else if (ioHangs)
            {
                sc1Iops = Load.FaultIops * Noise(random, 0.25);
                sc1Latency = Load.FaultLatencySeconds * Noise(random, 0.015) * (minute == Timeline.Sc1Fault ? 0.4 : 1);
            }
            else
            {
                sc1Iops = Load.Sc1Iops * Noise(random, Load.Noise);
                sc1Latency = (Load.HealthyLatencyMs + (random.NextDouble() * 0.6)) / 1000;
            }

            iops["sc1"][i] = sc1Iops;
            bytes["sc1"][i] = sc1Iops * Load.BytesPerIo * Noise(random, 0.03);
            latency["sc1"][i] = sc1Latency;
            queue["sc1"][i] = Math.Min(2_048, (sc1Iops * sc1Latency) + (ioHangs ? 1_500 * Noise(random, 0.1) : 0)) + 1;

            // SC2: standby, no host I/O.
            iops["sc2"][i] = 0;
            bytes["sc2"][i] = 0;
            latency["sc2"][i] = 0;
            queue["sc2"][i] = 0;

            foreach (var p in paths)
            {
                var toSc1 = p.EndsWith("sc1", StringComparison.Ordinal);
                pathUp[p][i] = 1; // the path checker still reports the paths to SC1 usable: nothing fails over
                timeouts[p][i] = toSc1 && timingOut ? Load.TimeoutsPerSecondPerPath * Noise(random, 0.3) : 0;
                var share = toSc1 ? sc1Iops / 2 : 0;
                readIops[p][i] = share * 0.6;
                writeIops[p][i] = share * 0.4;
                awaitSeconds[p][i] = !toSc1 || stopped ? 0
                    : timingOut ? Load.FaultAwaitSeconds * Noise(random, 0.08)
                    : ioHangs ? sc1Latency * 1.1
                    : sc1Latency + 0.0002;
            }

            // Users probe DNS and authentication through the service address: they fail from one sample
            // after the fault until users are served by the healthy systems.
            var down = minute >= Timeline.ProbesFailFrom && minute < Timeline.Recovered;
            foreach (var f in functions)
            {
                probe[f][i] = down ? 0 : 1;
                probeTime[f][i] = down ? ProbeTimeout : probeBase[f] * Noise(random, 0.2);
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
            new(Timeline.At(Timeline.Sc1Fault), "log", "sc1", "storage-syslog",
                "SC1: hardware fault detected on the controller board; controller status Critical"),
            new(Timeline.At(Timeline.Sc1Fault, 1), "log", "sc1", "storage-syslog",
                "SC1: fault handler did not start the path switch to SC2 (SC1 remains owner of all volumes)"),
            new(Timeline.At(Timeline.Sc1Fault, 32), "log", "hv01:sc1", "kernel",
                "sd 3:0:0:1: [sdb] tag#418 timing out command, waited 30s"),
            new(Timeline.At(Timeline.Sc1Fault, 34), "log", "hv01:sc1", "multipathd",
                "mpath-maps: sdb - tur checker reports path is up"),
            new(Timeline.At(Timeline.Sc1Fault, 35), "log", "hv02:sc1", "kernel",
                "sd 3:0:0:1: [sdb] tag#107 timing out command, waited 30s"),
            new(Timeline.At(Timeline.MoveUsersStart), "note", "spmode", "operator",
                "connecting the users of this MAPS to the healthy spモード systems (MAPS_MSJ, MSC, MSD)"),
            new(Timeline.At(Timeline.VmsStopped), "note", "hv01", "operator",
                "DNS and authentication VMs on the faulty storage shut down; datastore vol-maps unmounted on hv01 and hv02"),
            new(Timeline.At(Timeline.Recovered), "note", "spmode", "operator",
                "spモード connections recovered (users served by the healthy systems)"),
        };
        foreach (var (minute, text) in Timeline.Notices)
        {
            events.Add(new(Timeline.At(minute), "note", "spmode", "docomo-website", text));
        }

        ScenarioFiles.WriteEvents(path, events);
    }

    /// <summary>The ground truth the tests compare against; the replay never reads it.</summary>
    public static void WriteExpected(string path)
    {
        var onset = Timeline.At(Timeline.Sc1Fault);
        var recovered = Timeline.At(Timeline.Recovered);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ScenarioFiles.Indented))
        {
            json.WriteStartObject();
            json.WriteString("scenario", "docomo-2020");
            json.WriteStartArray("incidents");
            json.WriteStartObject();

            json.WriteStartObject("rootCause");
            json.WriteString("entity", "sc1");
            json.WriteString("kind", "failover_missing");
            json.WriteEndObject();

            json.WriteString("onset", onset.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
            json.WriteString("recovered", recovered.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
            json.WriteString("duration", (recovered - onset).ToString("c", CultureInfo.InvariantCulture)); // seed: 5時間36分
            json.WriteBoolean("failStop", true); // the hardware fault stopped the service at once

            json.WriteStartObject("affectedUsers");
            json.WriteNumber("max", 2_200_000); // seed: 最大220万人
            json.WriteString("basis", "contracts");
            json.WriteString("populationKey", "spmode-maps-users");
            json.WriteEndObject();

            json.WriteStartArray("symptomsInclude");
            ScenarioFiles.WriteFinding(json, "hv01:sc1", "gray_path");
            ScenarioFiles.WriteFinding(json, "hv02:sc1", "gray_path");
            ScenarioFiles.WriteFinding(json, "spmode/dns", "service_down");
            ScenarioFiles.WriteFinding(json, "spmode/auth", "service_down");
            json.WriteEndArray();

            // SC1 never stopped and no path went down: that is the point (the switch never happened).
            json.WriteStartArray("symptomsExclude");
            ScenarioFiles.WriteFinding(json, "sc1", "controller_failed");
            ScenarioFiles.WriteFinding(json, "vol-maps", "paths_degraded");
            ScenarioFiles.WriteFinding(json, "vol-maps", "paths_lost");
            ScenarioFiles.WriteFinding(json, "sc2", "degraded_overload_iops");
            json.WriteEndArray();

            json.WriteStartArray("servicesStopped");
            json.WriteStringValue("auth");
            json.WriteStringValue("dns");
            json.WriteEndArray();

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartArray("allowedWarnings");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        File.WriteAllText(path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n", ScenarioFiles.Utf8);
    }
}
