// Regenerates the canon-2020 scenario (metrics.om, events.jsonl, expected.json) from the timeline
// below. Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/canon-2020 && dotnet run generate.cs [-- --out DIR]
//
// Source of the story: seed 002 (MIC, 電気通信事故の報告状況 令和2年度), 重大な事故 No.1: キヤノンマーケティングジャ
// パン, 30 Apr 2020 14:07. A disk enclosure of the storage powered off; the virtual machines and
// mailboxes on it stopped (① 2 h). The mailboxes were brought back before the DB authentication that
// binds incoming mail to users was verified, so mail delivered into them was not stored and was lost;
// it was redelivered from the archive (② 81 h 32 min). Every constant says whether its figure comes
// from the seed, from the brief of this scenario, or is assumed (see the README).
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

/// <summary>The timeline, in minutes since midnight JST on Thu 30 Apr 2020 (later days: + 1440 per day).</summary>
internal static class Timeline
{
    /// <summary>JST is UTC+9 (seed: all times are Japanese local time).</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>The day of the outage. Seed: 発生日時 令和2年4月30日 14時07分.</summary>
    public static readonly DateTimeOffset Midnight = new(2020, 4, 30, 0, 0, 0, Jst);

    public const int Day = 24 * 60;

    // Recording window: assumed, two hours before the onset, to just after the operator's final notice.
    public const int WindowStart = 12 * 60;                    // 30 Apr 12:00 (assumed)
    public const int WindowEnd = (4 * Day) + 45;               // 4 May 00:45 (assumed), inclusive
    public const int SampleIntervalSeconds = 60;               // one sample a minute for every series (assumed)

    // The enclosure DE#2 powers off: a capacitor on its midplane shorted and the power supplies shut down
    // to protect the circuit. Seed: ミッドプレーン（基盤）上のキャパシタ（蓄電部品）がショート…電源ユニットが停止; 14時07分.
    public const int EnclosureOff = (14 * 60) + 7;             // 30 Apr 14:07 (seed)

    // DE#2 back after the repair (assumed: the seed gives only the end of ①), VMs booting.
    public const int EnclosureBack = (15 * 60) + 52;           // 30 Apr 15:52 (assumed)
    public const int MailboxVmUp = (16 * 60) + 5;              // 30 Apr 16:05 (assumed): mbox01 boots, its exporter reports again

    // Mailboxes back, DB authentication not verified; queued mail flushes into the mailboxes and is lost.
    // Seed: ① 2時間; DB認証（受信メールとユーザとのひも付け）の正常性確認をせずにメールBOXの復旧を優先.
    public const int ServiceBack = (16 * 60) + 7;              // 30 Apr 16:07 (seed: 14:07 + 2 h)

    // DB authentication running again for most users (assumed). From here on, per this scenario's brief,
    // the binding of part of the users stays broken and deliveries to them keep failing.
    public const int BindingMostlyBack = (16 * 60) + 40;       // 30 Apr 16:40 (assumed)

    // Last failing delivery (brief: the failures continue until ② ends, the redelivery from the archive
    // ends it). Five minutes before the end of ②, so that a "discarded in any of the last 5 samples" rule
    // clears at 23:39.
    public const int BindingRepaired = (3 * Day) + (23 * 60) + 34; // 3 May 23:34 (assumed)

    // End of ②. Seed: ②81時間32分 from 14:07, inside the redelivery window 5月3日（日）18時～24時.
    public const int DegradationEnd = (3 * Day) + (23 * 60) + 39;  // 3 May 23:39 (seed)

    // Redelivery from the archive. Seed: <5月1日（金）11時半～20時の対策> 15:42～16:07 保存分;
    // <5月3日（日）18時～24時の対策> 14:07～15:41 保存分.
    public const int RedeliveryOneStart = Day + (11 * 60) + 30;    // 1 May 11:30 (seed)
    public const int RedeliveryOneEnd = Day + (20 * 60);           // 1 May 20:00 (seed)
    public const int RedeliveryTwoStart = (3 * Day) + (18 * 60);   // 3 May 18:00 (seed)

    /// <summary>Samples per series (both ends inclusive).</summary>
    public const int SampleCount = ((WindowEnd - WindowStart) * 60 / SampleIntervalSeconds) + 1;

    /// <summary>JST wall-clock time of a minute since midnight of 30 Apr.</summary>
    public static DateTimeOffset At(int minute, int second = 0) => Midnight.AddMinutes(minute).AddSeconds(second);

    /// <summary>Unix time in seconds, the timestamp unit of metrics.om.</summary>
    public static long Epoch(int minute) => At(minute).ToUnixTimeSeconds();
}

/// <summary>Load and mail traffic (assumed: the seed gives no device or traffic figures).</summary>
internal static class Load
{
    public const double De1Iops = 5_200;               // mx01 and the archive (assumed)
    public const double De2Iops = 8_400;               // mailboxes, DB authentication, submission (assumed)
    public const double BytesPerIo = 16_384;           // assumed
    public const double Noise = 0.04;

    // Mail accepted by mx01, messages per second, by hour of the day on a working day (assumed); 2 and 3 May
    // are a weekend in Golden Week: the daytime part is halved (assumed).
    public static readonly (int Minute, double PerSecond)[] Inbound =
    [
        (0, 2.3), (6 * 60, 2.2), (9 * 60, 6.5), (12 * 60, 5.5), (13 * 60, 6.2), (18 * 60, 5.0), (21 * 60, 3.2), (24 * 60, 2.3),
    ];

    public const double NightFloor = 2.2;
    public const double FlushPerSecond = 60;           // mx01 delivering its backlog after 16:07 (assumed)
    public const double BrokenBindingShare = 0.07;     // users whose binding stays broken (assumed, see the brief)
}

internal static class Simulation
{
    // Fixed seed: the date of the outage. System.Random with a seed is stable across .NET versions.
    private const int Seed = 20200430;

    public static List<Series> Run()
    {
        var random = new Random(Seed);
        var n = Timeline.SampleCount;
        var result = new SeriesList(n);

        string[] enclosures = ["de-1", "de-2"];
        var up = enclosures.ToDictionary(c => c, c => result.Add("monitor_controller_up", $"controller=\"{c}\"", "0"));
        var iops = enclosures.ToDictionary(c => c, c => result.Add("monitor_controller_iops", $"controller=\"{c}\"", "0.0"));
        var bytes = enclosures.ToDictionary(c => c, c => result.Add("monitor_controller_throughput_bytes_per_second", $"controller=\"{c}\"", "0"));
        var latency = enclosures.ToDictionary(c => c, c => result.Add("monitor_controller_latency_seconds", $"controller=\"{c}\"", "0.000000"));
        var health = enclosures.ToDictionary(c => c, c => result.Add("monitor_controller_health", $"controller=\"{c}\"", "0"));
        string[] paths = ["hv01:de-1:a", "hv01:de-1:b", "hv01:de-2:a", "hv01:de-2:b"];
        var pathUp = paths.ToDictionary(p => p, p => result.Add("monitor_path_up", $"path=\"{p}\"", "0"));

        var deferred = result.Add("monitor_mail_queue_messages", "host=\"mx01\",queue=\"deferred\"", "0");
        var active = result.Add("monitor_mail_queue_messages", "host=\"mx01\",queue=\"active\"", "0");
        var deferredAge = result.Add("monitor_mail_queue_oldest_age_seconds", "host=\"mx01\",queue=\"deferred\"", "0");
        var activeAge = result.Add("monitor_mail_queue_oldest_age_seconds", "host=\"mx01\",queue=\"active\"", "0");
        var recipients = result.Add("monitor_mail_deferred_recipients", "host=\"mx01\"", "0");
        var byConnection = result.Add("monitor_mail_deferred_by_reason", "host=\"mx01\",reason=\"connection\"", "0");
        var byDns = result.Add("monitor_mail_deferred_by_reason", "host=\"mx01\",reason=\"dns\"", "0");
        var deliveryFailures = result.Add("monitor_mail_delivery_failures_per_second", "host=\"mbox01\"", "0.000");
        // The same failures by the reason Postfix logs: the store does not know the users whose binding is
        // missing (550 5.1.1, bounced); the ordinary over-quota rejects are deferred (452 4.2.2).
        var unknownUserBounced = result.Add("monitor_mail_delivery_bounced_per_second", "host=\"mbox01\",domain=\"other\",reason=\"unknown_user\"", "0.000");
        var storeFullDeferred = result.Add("monitor_mail_delivery_deferred_per_second", "host=\"mbox01\",domain=\"other\",reason=\"store_full\"", "0.000");
        var discarded = result.Add("monitor_mail_discarded_per_second", "host=\"mbox01\"", "0.000");

        string[] functions = ["smtp-in", "smtp-out", "pop3", "imap", "webmail"];
        var probe = functions.ToDictionary(f => f, f => result.Add("monitor_probe_success", $"service=\"canon-mail\",function=\"{f}\"", "0"));

        var backlog = 0.0;
        var backlogSince = -1;
        for (var i = 0; i < n; i++)
        {
            var minute = Timeline.WindowStart + i;
            var off = minute >= Timeline.EnclosureOff && minute < Timeline.EnclosureBack;
            var serviceDown = minute >= Timeline.EnclosureOff && minute < Timeline.ServiceBack;

            foreach (var c in enclosures)
            {
                var stopped = c == "de-2" && off;
                var booting = c == "de-2" && minute >= Timeline.EnclosureBack && minute < Timeline.ServiceBack;
                var load = (c == "de-1" ? Load.De1Iops : Load.De2Iops) * (booting ? 1.6 : 1) * Noise(random, Load.Noise);
                up[c][i] = stopped ? 0 : 1;
                health[c][i] = stopped ? 2 : 0;
                iops[c][i] = stopped ? 0 : load;
                bytes[c][i] = stopped ? 0 : load * Load.BytesPerIo * Noise(random, 0.03);
                latency[c][i] = stopped ? 0 : (1.8 + (random.NextDouble() * 0.8) + (booting ? 2.5 : 0)) / 1000;
            }

            foreach (var p in paths)
            {
                pathUp[p][i] = p.Contains("de-2", StringComparison.Ordinal) && off ? 0 : 1;
            }

            // mx01 keeps accepting (and archiving) mail; while mbox01 is unreachable it defers it.
            var inbound = Inbound(minute) * Noise(random, 0.08);
            double toMailbox;
            if (serviceDown)
            {
                if (backlogSince < 0)
                {
                    backlogSince = minute;
                }

                backlog += inbound * 60;
                toMailbox = 0;
            }
            else if (backlog > 0)
            {
                var flushed = Math.Min(backlog, Load.FlushPerSecond * 60);
                backlog -= flushed;
                toMailbox = (flushed / 60) + inbound;
                if (backlog < 1)
                {
                    backlog = 0;
                    backlogSince = -1;
                }
            }
            else
            {
                toMailbox = inbound;
            }

            var normal = random.Next(0, 3);
            deferred[i] = Math.Round(backlog) + normal;
            recipients[i] = Math.Round(backlog * 0.95) + normal;
            byConnection[i] = Math.Round(backlog * 0.95) + normal;
            byDns[i] = 0;
            deferredAge[i] = backlog > 0 && backlogSince >= 0
                ? ((minute - backlogSince) * 60) + random.Next(0, 60)
                : normal > 0 ? random.Next(30, 500) : 0;
            active[i] = random.Next(3, 20) + (backlog > 0 && !serviceDown ? 300 : 0);
            activeAge[i] = random.Next(1, 20);

            // mbox01: its exporter is gone while the VM is down; after the restart deliveries fail where
            // the user binding is missing, and the message is dropped (delivered, never stored).
            if (minute < Timeline.EnclosureOff || minute >= Timeline.MailboxVmUp)
            {
                var failingShare = minute < Timeline.ServiceBack || minute > Timeline.BindingRepaired ? 0
                    : minute < Timeline.BindingMostlyBack ? 1
                    : Load.BrokenBindingShare;
                var failing = toMailbox * failingShare;
                var quota = random.NextDouble() < 0.06 ? 1.0 / 60 : 0; // ordinary over-quota rejects
                deliveryFailures[i] = failing + quota;
                unknownUserBounced[i] = failing;
                storeFullDeferred[i] = quota;
                discarded[i] = failing;
            }
            else
            {
                deliveryFailures[i] = double.NaN;
                unknownUserBounced[i] = double.NaN;
                storeFullDeferred[i] = double.NaN;
                discarded[i] = double.NaN;
            }

            foreach (var f in functions)
            {
                // smtp-in runs on mx01 (DE#1) and keeps accepting: the seed's lost mail was archived 14:07-16:07.
                probe[f][i] = serviceDown && f != "smtp-in" ? 0 : 1;
            }
        }

        return result.All;
    }

    private static double Inbound(int minute)
    {
        var dayIndex = minute / Timeline.Day;
        var ofDay = minute % Timeline.Day;
        var rate = Interpolate(Load.Inbound, ofDay);
        var weekend = dayIndex is 2 or 3; // Sat 2 May, Sun 3 May
        return weekend ? Load.NightFloor + ((rate - Load.NightFloor) * 0.5) : rate;
    }
}

internal static class Output
{
    /// <summary>OpenMetrics text, timestamps in seconds, one family at a time, one series at a time.</summary>
    public static void WriteMetrics(string path, List<Series> series)
        => ScenarioFiles.WriteMetrics(path, series, Timeline.Epoch(Timeline.WindowStart), Timeline.SampleIntervalSeconds);

    public static void WriteEvents(string path)
    {
        const int Day = Timeline.Day;
        ScenarioEvent[] events =
        [
            new(Timeline.At(Timeline.EnclosureOff), "log", "de-2", "storage-syslog",
                "DE#2: power line fault detected, power supply units stopped to protect the circuit; enclosure offline"),
            new(Timeline.At(Timeline.EnclosureOff, 9), "log", "hv01", "hypervisor",
                "datastore vol-de2 inaccessible (all paths down); virtual machines mbox01, auth01, smtp01 stopped responding"),
            new(Timeline.At((14 * 60) + 45), "note", "canon-mail", "canon-website", "第1報 障害発生のご報告【続報1】"),
            new(Timeline.At(Timeline.EnclosureBack), "log", "de-2", "storage-syslog",
                "DE#2: enclosure online after midplane repair; volumes available"),
            new(Timeline.At(16 * 60), "note", "canon-mail", "canon-website", "第2報 障害発生のご報告【続報2】"),
            new(Timeline.At(Timeline.MailboxVmUp), "log", "hv01", "hypervisor",
                "virtual machines mbox01, smtp01, auth01 powered on (mailbox first; DB authentication not yet verified)"),
            new(Timeline.At(Timeline.ServiceBack, 20), "log", "mbox01", "mda",
                "delivery of <20200430140711.4F2A@mail.example.co.jp> to user0193@example-customer.co.jp failed: user binding lookup failed (DB authentication unavailable); message dropped"),
            new(Timeline.At((18 * 60) + 10), "note", "canon-mail", "canon-website", "第3報 障害復旧のご報告"),
            new(Timeline.At(Day + (9 * 60)), "note", "canon-mail", "canon-website", "第4報 ホスティング障害(4/30)の影響に関するご報告"),
            new(Timeline.At(Timeline.RedeliveryOneStart), "note", "canon-mail", "operator",
                "redelivery from the archive: mail archived 4/30 15:42-16:07 stored into the mailboxes again (until 20:00)"),
            new(Timeline.At(Day + (12 * 60) + 30), "note", "canon-mail", "canon-website", "第5報 ホスティング障害(4/30)の影響に関するご報告【続報1】"),
            new(Timeline.At(Day + (17 * 60)), "note", "canon-mail", "canon-website", "第6報 ホスティング障害(4/30)の影響に関するご報告【続報2】"),
            new(Timeline.At(Timeline.RedeliveryOneEnd), "note", "canon-mail", "operator", "redelivery of mail archived 4/30 15:42-16:07 finished"),
            new(Timeline.At(Day + (20 * 60) + 20), "note", "canon-mail", "canon-website", "第7報 ホスティングサービス障害(4/30)の影響の対応完了のご報告"),
            new(Timeline.At((3 * Day) + (17 * 60) + 30), "note", "canon-mail", "canon-website", "第8報 ホスティング障害(4月30日)の未受信メール追加対策のご報告"),
            new(Timeline.At(Timeline.RedeliveryTwoStart), "note", "canon-mail", "operator",
                "redelivery from the archive: mail archived 4/30 14:07-15:41 stored into the mailboxes again"),
            new(Timeline.At(Timeline.BindingRepaired), "log", "auth01", "operator",
                "user binding entries rebuilt from the contract database; deliveries to the remaining users succeed"),
            new(Timeline.At(Timeline.DegradationEnd), "note", "canon-mail", "operator",
                "redelivery from the archive complete; no mail outstanding"),
            new(Timeline.At((4 * Day) + 40), "note", "canon-mail", "canon-website", "第9報 ホスティング障害(4月30日)の未受信メール追加対策のご報告【完了】"),
        ];

        ScenarioFiles.WriteEvents(path, events);
    }

    /// <summary>The ground truth the tests compare against; the replay never reads it.</summary>
    public static void WriteExpected(string path)
    {
        var onset = Timeline.At(Timeline.EnclosureOff);
        var serviceBack = Timeline.At(Timeline.ServiceBack);
        var recovered = Timeline.At(Timeline.DegradationEnd);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ScenarioFiles.Indented))
        {
            json.WriteStartObject();
            json.WriteString("scenario", "canon-2020");
            json.WriteStartArray("incidents");
            json.WriteStartObject();

            json.WriteStartObject("rootCause");
            json.WriteString("entity", "de-2");
            json.WriteString("kind", "controller_failed");
            json.WriteEndObject();

            json.WriteString("onset", onset.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
            json.WriteString("recovered", recovered.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
            json.WriteString("duration", (recovered - onset).ToString("c", CultureInfo.InvariantCulture)); // seed: ②81時間32分
            json.WriteBoolean("failStop", true); // the enclosure powered off

            // The seed reports two durations from the same onset: ① the stop, ② the degradation until the lost
            // mail was redelivered.
            json.WriteStartArray("phases");
            WritePhase(json, "stop", onset, serviceBack); // seed: ①2時間, 提供の停止(利用不可)
            WritePhase(json, "degradation", onset, recovered); // seed: ②81時間32分, 品質の低下(遅延)
            json.WriteEndArray();

            json.WriteStartObject("affectedUsers");
            json.WriteNumber("max", 166_803); // seed: 影響利用者数 166,803人
            json.WriteString("basis", "contracts");
            json.WriteString("populationKey", "canon-mail-contracts");
            json.WriteEndObject();

            json.WriteStartArray("symptomsInclude");
            ScenarioFiles.WriteFinding(json, "vol-de2", "paths_lost");
            ScenarioFiles.WriteFinding(json, "canon-mail/pop3", "service_down");
            ScenarioFiles.WriteFinding(json, "canon-mail", "mail_queue_backlog");
            ScenarioFiles.WriteFinding(json, "canon-mail", "mailbox_binding_broken");
            ScenarioFiles.WriteFinding(json, "canon-mail", "mail_loss");
            json.WriteEndArray();

            json.WriteStartArray("symptomsExclude");
            ScenarioFiles.WriteFinding(json, "de-1", "controller_failed");
            ScenarioFiles.WriteFinding(json, "vol-de1", "paths_degraded");
            ScenarioFiles.WriteFinding(json, "canon-mail/smtp-in", "service_down");
            json.WriteEndArray();

            json.WriteStartArray("servicesStopped");
            foreach (var function in new[] { "smtp-out", "pop3", "imap", "webmail" })
            {
                json.WriteStringValue(function);
            }

            json.WriteEndArray();

            // smtp-in kept accepting mail, but the mail it accepted was lost: neither stopped nor unaffected.
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

    private static void WritePhase(Utf8JsonWriter json, string name, DateTimeOffset from, DateTimeOffset to)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("from", from.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
        json.WriteString("to", to.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
        json.WriteString("duration", (to - from).ToString("c", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }
}
