// Regenerates the cty-2017 scenario (metrics.om, events.jsonl, expected.json) from the timeline
// below. Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/cty-2017 && dotnet run generate.cs [-- --out DIR]
//
// Source of the story: seed 001, MIC 電気通信事故検証会議（第6回）議事要旨, CTY mail outage of
// 13 Jan 2017. Every constant says whether its figure comes from the seed or is assumed (see the
// README's table for the quotes and the reasons).
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

/// <summary>The timeline, in minutes since midnight JST on Fri 13 Jan 2017.</summary>
internal static class Timeline
{
    /// <summary>JST is UTC+9 (seed: all times are Japanese local time).</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>The day of the outage. Seed: 発生日時 平成 29 年 1 月 13 日 8 時 53 分.</summary>
    public static readonly DateTimeOffset Midnight = new(2017, 1, 13, 0, 0, 0, Jst);

    // Recording window: assumed, about three hours of normal operation before the onset and one after recovery.
    public const int WindowStart = (6 * 60) + 0;   // 06:00 (assumed)
    public const int WindowEnd = (13 * 60) + 30;   // 13:30 (assumed), inclusive
    public const int SampleIntervalSeconds = 60;   // one sample a minute for every series (assumed)

    // The other tenant's small, frequent I/O. Seed: 少量データによる頻繁なストレージへのアクセス…今回の特定の利用者は
    // そのアクセスパターンであった; 直近でストレージへのアクセス負荷が急激に高くなっている. Times assumed.
    public const int TenantBatchStart = (7 * 60) + 0;   // 07:00 (assumed)
    public const int TenantRampEnd = (8 * 60) + 15;     // 08:15 (assumed): load reaches the planned 60%

    // A lone latency blip on ctl-b (assumed): realistic noise a detector must not take for a build-up.
    public const int LatencySpike = (7 * 60) + 40;      // 07:40 (assumed)

    // Controller A stops, path mail01:ctl-a is cut, ctl-b runs alone. Seed: 8 時 53 分; ストレージコントローラ A が停止.
    public const int ControllerAFails = (8 * 60) + 53;  // 08:53 (seed)

    // First failed probe: delay has accumulated. Assumed; the site's notice says 発生日時 9:00頃.
    public const int ProbesFailFrom = (8 * 60) + 58;    // 08:58 (assumed)

    // First notice on the operator's web site. Seed: 平成29年1月13日9時8分に掲載.
    public const int FirstNotice = (9 * 60) + 8;        // 09:08 (seed)

    // Controller A back and the load split again. Assumed: the seed gives only the service recovery.
    public const int ControllerARestarted = (12 * 60) + 15; // 12:15 (assumed)

    // Mail service recovered. Seed: 復旧日時 2017年1月13日(金) 12:31; 継続時間 3 時間 38 分.
    public const int ServiceRecovered = (12 * 60) + 31; // 12:31 (seed)

    /// <summary>Samples per series (both ends inclusive).</summary>
    public const int SampleCount = ((WindowEnd - WindowStart) * 60 / SampleIntervalSeconds) + 1;

    /// <summary>JST wall-clock time of a minute of the day.</summary>
    public static DateTimeOffset At(int minuteOfDay, int second = 0) =>
        Midnight.AddMinutes(minuteOfDay).AddSeconds(second);

    /// <summary>Unix time in seconds, the timestamp unit of metrics.om.</summary>
    public static long Epoch(int minuteOfDay) => At(minuteOfDay).ToUnixTimeSeconds();
}

/// <summary>Load and response figures.</summary>
internal static class Load
{
    // Rated capacity per controller (assumed; the same figures as topology.json).
    public const double RatedIops = 40_000;
    public const double RatedBytesPerSecond = 800_000_000;

    // Before the other tenant's batch: 45% of rated IOPS per controller (assumed), mean I/O ~10 KB.
    public const double BaseOpsPerController = 18_000;       // 45% of 40,000 (assumed)
    public const double BaseBytesPerOp = 9_900;              // ~178 MB/s per controller (assumed)

    // The other tenant adds many operations and almost no bytes (seed: 転送されるデータの総量が同じであっても).
    // At the end of the ramp each controller sits at 24,000 IOPS = 60% of rated (seed: 機器性能の6割).
    public const double TenantOpsPerController = 6_000;      // assumed, so that 18,000 + 6,000 = 60%
    public const double TenantBytesPerOp = 512;              // assumed: small I/O

    // Alone, ctl-b is asked for ~48,000 IOPS = 120% of rated (seed: 機器性能の12割) and serves slightly
    // less, because it is saturated (assumed).
    public const double DegradedServedShare = 0.99;

    // Noise, uniform relative amplitude (assumed).
    public const double NormalNoise = 0.025;                 // ±2.5% on IOPS and bytes/s
    public const double DegradedIopsNoise = 0.006;           // ±0.6%: a saturated controller is steady
    public const double DegradedBytesNoise = 0.01;           // ±1%

    // Latency while healthy: ~2–3 ms, a little higher at 60% than at 45% (assumed).
    public const double HealthyLatencyMs = 2.2;
    public const double HealthyLatencyLoadMs = 0.5;
    public const double HealthyLatencyNoiseMs = 0.3;
    public const double SpikeLatencyMs = 25;                 // the 07:40 blip on ctl-b (assumed)

    // Queue depth while healthy: ~3–6 (assumed). Under delay it follows latency: 4 + 400 * latency[s].
    public const double HealthyQueue = 3.5;
    public const double HealthyQueueLoad = 1.5;
    public const double HealthyQueueNoise = 0.5;
    public const double QueueFloor = 4;
    public const double QueuePerSecondOfLatency = 400;

    /// <summary>
    /// ctl-b latency build-up after 08:53, as (minute of day, milliseconds); log-linear in between.
    /// All assumed: the seed says only 処理遅延が発生し、遅延が累積した結果、メールサービスが停止した.
    /// </summary>
    public static readonly (int Minute, double Ms)[] DegradedLatency =
    [
        ((8 * 60) + 53, 3),      // the first degraded minute: not yet visible
        ((8 * 60) + 56, 15),
        ((9 * 60) + 0, 40),
        ((9 * 60) + 30, 300),
        ((11 * 60) + 0, 1_700),
        (Timeline.ControllerARestarted - 1, 1_900),
    ];

    public const double BuildUpNoise = 0.008;                // ±0.8%, below the slowest growth (~1.9%/min)
    public const double PlateauNoise = 0.03;                 // ±3% once it stays high (from 11:00)
    public const int PlateauFrom = 11 * 60;
    public const double DrainTargetMs = 3;                   // ctl-b back to ~3 ms by 12:30 (assumed)
    public const double DrainNoise = 0.005;
}

internal static class Simulation
{
    // Fixed seed: the date of the outage. System.Random with a seed is stable across .NET versions.
    private const int Seed = 20170113;

    public static List<Series> Run()
    {
        var random = new Random(Seed);
        var n = Timeline.SampleCount;
        string[] controllers = ["ctl-a", "ctl-b"];

        var up = controllers.ToDictionary(c => c, _ => new double[n]);
        var iops = controllers.ToDictionary(c => c, _ => new double[n]);
        var bytes = controllers.ToDictionary(c => c, _ => new double[n]);
        var latency = controllers.ToDictionary(c => c, _ => new double[n]);
        var queue = controllers.ToDictionary(c => c, _ => new double[n]);
        var pathUp = new Dictionary<string, double[]> { ["mail01:ctl-a"] = new double[n], ["mail01:ctl-b"] = new double[n] };
        string[] functions = ["smtp-in", "smtp-out", "pop3", "imap", "webmail"];
        var probe = functions.ToDictionary(f => f, _ => new double[n]);

        for (var i = 0; i < n; i++)
        {
            var minute = Timeline.WindowStart + i;
            var tenant = TenantProgress(minute);
            var perControllerOps = Load.BaseOpsPerController + (Load.TenantOpsPerController * tenant);
            var perControllerBytes = (Load.BaseOpsPerController * Load.BaseBytesPerOp)
                + (Load.TenantOpsPerController * tenant * Load.TenantBytesPerOp);
            var degraded = minute >= Timeline.ControllerAFails && minute < Timeline.ControllerARestarted;

            foreach (var controller in controllers)
            {
                if (degraded && controller == "ctl-a")
                {
                    // Stopped: it serves nothing.
                    up[controller][i] = 0;
                    iops[controller][i] = 0;
                    bytes[controller][i] = 0;
                    latency[controller][i] = 0;
                    queue[controller][i] = 0;
                    continue;
                }

                up[controller][i] = 1;
                if (degraded)
                {
                    // ctl-b alone: twice the per-controller demand, 120% of rated IOPS but ~45% of rated bytes/s.
                    iops[controller][i] = 2 * perControllerOps * Load.DegradedServedShare * Noise(random, Load.DegradedIopsNoise);
                    bytes[controller][i] = 2 * perControllerBytes * Load.DegradedServedShare * Noise(random, Load.DegradedBytesNoise);
                }
                else
                {
                    iops[controller][i] = perControllerOps * Noise(random, Load.NormalNoise);
                    bytes[controller][i] = perControllerBytes * Noise(random, Load.NormalNoise);
                }

                latency[controller][i] = HealthyLatencySeconds(random, tenant);
                queue[controller][i] = Load.HealthyQueue + (Load.HealthyQueueLoad * tenant)
                    + Uniform(random, Load.HealthyQueueNoise);
            }

            if (minute == Timeline.LatencySpike)
            {
                latency["ctl-b"][i] = Load.SpikeLatencyMs / 1000 * Noise(random, 0.02);
                queue["ctl-b"][i] = QueueFor(latency["ctl-b"][i]);
            }

            if (degraded)
            {
                var noise = minute >= Load.PlateauFrom ? Load.PlateauNoise : Load.BuildUpNoise;
                latency["ctl-b"][i] = LogInterpolate(Load.DegradedLatency, minute) / 1000 * Noise(random, noise);
                queue["ctl-b"][i] = QueueFor(latency["ctl-b"][i]);
            }

            pathUp["mail01:ctl-a"][i] = degraded ? 0 : 1;
            pathUp["mail01:ctl-b"][i] = 1;

            var serviceDown = minute >= Timeline.ProbesFailFrom && minute < Timeline.ServiceRecovered;
            foreach (var function in functions)
            {
                probe[function][i] = serviceDown ? 0 : 1;
            }
        }

        DrainBacklog(random, latency["ctl-b"], queue["ctl-b"]);

        var result = new List<Series>();
        foreach (var c in controllers)
        {
            result.Add(new("monitor_controller_up", $"controller=\"{c}\"", up[c], "0"));
        }

        foreach (var c in controllers)
        {
            result.Add(new("monitor_controller_iops", $"controller=\"{c}\"", iops[c], "0.0"));
        }

        foreach (var c in controllers)
        {
            result.Add(new("monitor_controller_throughput_bytes_per_second", $"controller=\"{c}\"", bytes[c], "0"));
        }

        foreach (var c in controllers)
        {
            result.Add(new("monitor_controller_latency_seconds", $"controller=\"{c}\"", latency[c], "0.000000"));
        }

        foreach (var c in controllers)
        {
            result.Add(new("monitor_controller_queue_depth", $"controller=\"{c}\"", queue[c], "0.0"));
        }

        foreach (var (path, values) in pathUp)
        {
            result.Add(new("monitor_path_up", $"path=\"{path}\"", values, "0"));
        }

        foreach (var f in functions)
        {
            result.Add(new("monitor_probe_success", $"service=\"cty-mail\",function=\"{f}\"", probe[f], "0"));
        }

        return result;
    }

    /// <summary>0 before the other tenant's batch, 1 from the end of its ramp (smoothstep in between).</summary>
    private static double TenantProgress(int minute)
    {
        if (minute <= Timeline.TenantBatchStart)
        {
            return 0;
        }

        if (minute >= Timeline.TenantRampEnd)
        {
            return 1;
        }

        var x = (double)(minute - Timeline.TenantBatchStart) / (Timeline.TenantRampEnd - Timeline.TenantBatchStart);
        return x * x * (3 - (2 * x));
    }

    private static double HealthyLatencySeconds(Random random, double tenant) =>
        (Load.HealthyLatencyMs + (Load.HealthyLatencyLoadMs * tenant) + Uniform(random, Load.HealthyLatencyNoiseMs)) / 1000;

    private static double QueueFor(double latencySeconds) =>
        Load.QueueFloor + (Load.QueuePerSecondOfLatency * latencySeconds);

    /// <summary>
    /// From 12:15 controller A takes its half back; ctl-b works off its backlog and its latency falls
    /// log-linearly from the last degraded value to ~3 ms at 12:30 (strictly decreasing).
    /// </summary>
    private static void DrainBacklog(Random random, double[] latency, double[] queue)
    {
        var start = Timeline.ControllerARestarted - Timeline.WindowStart;      // index of 12:15
        var end = Timeline.ServiceRecovered - 1 - Timeline.WindowStart;        // index of 12:30
        var from = latency[start - 1];
        var to = Load.DrainTargetMs / 1000;
        var steps = end - start + 1;
        for (var k = 1; k <= steps; k++)
        {
            var value = from * Math.Pow(to / from, (double)k / steps);
            latency[start + k - 1] = value * Noise(random, Load.DrainNoise);
            queue[start + k - 1] = QueueFor(latency[start + k - 1]);
        }
    }
}

internal static class Output
{
    /// <summary>OpenMetrics text, timestamps in seconds, one family at a time, one series at a time.</summary>
    public static void WriteMetrics(string path, List<Series> series)
        => ScenarioFiles.WriteMetrics(path, series, Timeline.Epoch(Timeline.WindowStart), Timeline.SampleIntervalSeconds);

    public static void WriteEvents(string path)
    {
        ScenarioEvent[] events =
        [
            new(Timeline.At(Timeline.TenantBatchStart), "note", null, "facility-provider",
                "another tenant of the shared storage started a batch job with small, frequent I/O (many operations, few bytes)"),
            new(Timeline.At(Timeline.ControllerAFails), "log", "ctl-a", "storage-syslog",
                "controller A halted: firmware fault"),
            new(Timeline.At(Timeline.ControllerAFails), "log", "ctl-b", "storage-syslog",
                "controller B took over ownership of all volumes; running without redundancy (degraded mode)"),
            new(Timeline.At(Timeline.ControllerAFails, 4), "log", "mail01:ctl-a", "multipathd",
                "mpath-mail: sdc - tur checker reports path is down"),
            new(Timeline.At(Timeline.ControllerAFails, 4), "log", "mail01:ctl-a", "multipathd",
                "checker failed path 8:32 in map mpath-mail"),
            new(Timeline.At(Timeline.ControllerAFails, 4), "log", "vol-mail", "multipathd",
                "mpath-mail: remaining active paths: 1"),
            new(Timeline.At(Timeline.FirstNotice), "note", "cty-mail", "cty-website",
                "first notice posted on the operator's web site (mail send/receive and webmail unavailable since about 9:00)"),
            new(Timeline.At(Timeline.ControllerARestarted), "log", "ctl-a", "storage-syslog",
                "controller A restarted, ownership of volumes restored"),
            new(Timeline.At(Timeline.ControllerARestarted, 3), "log", "mail01:ctl-a", "multipathd",
                "mpath-mail: sdc - tur checker reports path is up"),
            new(Timeline.At(Timeline.ControllerARestarted, 3), "log", "mail01:ctl-a", "multipathd",
                "8:32: reinstated"),
            new(Timeline.At(Timeline.ControllerARestarted, 3), "log", "vol-mail", "multipathd",
                "mpath-mail: remaining active paths: 2"),
            new(Timeline.At(Timeline.ServiceRecovered), "note", "cty-mail", "operator",
                "mail service recovered"),
        ];

        ScenarioFiles.WriteEvents(path, events);
    }

    /// <summary>The ground truth the tests compare against; the replay never reads it.</summary>
    public static void WriteExpected(string path)
    {
        var onset = Timeline.At(Timeline.ControllerAFails);
        var recovered = Timeline.At(Timeline.ServiceRecovered);
        var iso = "yyyy-MM-dd'T'HH:mm:sszzz";

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ScenarioFiles.Indented))
        {
            json.WriteStartObject();
            json.WriteString("scenario", "cty-2017");
            json.WriteStartArray("incidents");
            json.WriteStartObject();

            json.WriteStartObject("rootCause");
            json.WriteString("entity", "ctl-a");
            json.WriteString("kind", "controller_failed");
            json.WriteEndObject();

            json.WriteString("onset", onset.ToString(iso, CultureInfo.InvariantCulture));
            json.WriteString("recovered", recovered.ToString(iso, CultureInfo.InvariantCulture));
            json.WriteString("duration", (recovered - onset).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)); // seed: 3 時間 38 分

            json.WriteStartObject("affectedUsers");
            json.WriteNumber("max", 50_511); // seed: 影響利用者数 50,511
            json.WriteString("basis", "contracts");
            json.WriteString("populationKey", "cty-mail-contracts");
            json.WriteEndObject();

            json.WriteStartArray("symptomsInclude");
            ScenarioFiles.WriteFinding(json, "vol-mail", "paths_degraded");
            ScenarioFiles.WriteFinding(json, "ctl-b", "degraded_overload_iops");
            ScenarioFiles.WriteFinding(json, "ctl-b", "latency_accumulation");
            ScenarioFiles.WriteFinding(json, "cty-mail/pop3", "service_down");
            json.WriteEndArray();

            // ctl-b never exceeds its rated bytes/s: the overload is in operations, not in bytes.
            json.WriteStartArray("symptomsExclude");
            ScenarioFiles.WriteFinding(json, "ctl-b", "degraded_overload_throughput");
            json.WriteEndArray();

            json.WriteStartArray("servicesStopped");
            foreach (var function in new[] { "smtp-in", "smtp-out", "pop3", "imap", "webmail" })
            {
                json.WriteStringValue(function);
            }

            json.WriteEndArray();

            json.WriteBoolean("failStop", true); // controller A stopped at once (seed: 08:53)

            // The lesson of seed 001: the N-1 headroom and the small-I/O shift were visible before A stopped.
            json.WriteStartArray("precursors");
            foreach (var kind in new[] { "n1_headroom_iops", "small_io_shift" })
            {
                json.WriteStartObject();
                json.WriteString("entity", "ctl-b");
                json.WriteString("kind", kind);
                json.WriteString("before", onset.ToString(iso, CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("servicesNotAffected");
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
