// Regenerates the asahi-2017 scenario (metrics.om, events.jsonl, expected.json) from the timeline
// below. Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/asahi-2017 && dotnet run generate.cs [-- --out DIR]
//
// Source of the story: seed 004, MIC 電気通信事故検証会議 (June 2017), item (5): 株式会社朝日ネット,
// 13 Apr 2017. A relay's destination was written "xxx.xxx.xxx.xxx" instead of "[xxx.xxx.xxx.xxx]";
// the relay looked it up in DNS, could not deliver, could not deliver the bounce either, and deleted
// the mail. Every constant says whether its figure comes from the seed or is assumed (see the
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

/// <summary>The timeline, in minutes since midnight JST on Thu 13 Apr 2017.</summary>
internal static class Timeline
{
    /// <summary>JST is UTC+9 (seed: all times are Japanese local time).</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>The day of the outage. Seed: 発生日時 平成 29 年 4 月 13 日 20 時 06 分.</summary>
    public static readonly DateTimeOffset Midnight = new(2017, 4, 13, 0, 0, 0, Jst);

    // Recording window: assumed, two hours of normal evening traffic before the change, one after recovery.
    public const int WindowStart = 18 * 60;            // 18:00 (assumed)
    public const int WindowEnd = (23 * 60) + 30;       // 23:30 (assumed), inclusive
    public const int SampleIntervalSeconds = 60;       // one sample a minute for every series (assumed)

    // The configuration change on the R-group relay: the M-group address written without brackets, then
    // "postfix reload". Seed: メールサーバ（R 群）のメール配信ソフトの設定変更作業時 … "[xxx.xxx.xxx.xxx]" と設定す
    // べきところ … "xxx.xxx.xxx.xxx" と誤った設定をした. The minute is assumed: just before the onset.
    public const int ChangeApplied = (20 * 60) + 5;    // 20:05 (assumed)
    public const int ChangeAppliedSecond = 30;         // 20:05:30 (assumed)

    // First deliveries fail. Seed: 発生時刻：2017年4月13日（木）20:06.
    public const int Onset = (20 * 60) + 6;            // 20:06 (seed)

    // First entry of the published list of lost mail. Seed: 1 2017-04-13 20:49.
    public const int FirstListedLostMail = (20 * 60) + 49; // 20:49 (seed)

    // The relay destination corrected ("[xxx.xxx.xxx.xxx]"), reload, deferred mail flushed. Assumed: six
    // minutes before the recovery the operator announced, the time it takes to check the logs.
    public const int FixApplied = (22 * 60) + 19;      // 22:19 (assumed)
    public const int FixAppliedSecond = 30;            // 22:19:30 (assumed)

    // Service recovered. Seed: 復旧時刻：2017年4月13日（木）22:25; 継続時間 2 時間 19 分.
    public const int Recovered = (22 * 60) + 25;       // 22:25 (seed)

    /// <summary>Samples per series (both ends inclusive).</summary>
    public const int SampleCount = ((WindowEnd - WindowStart) * 60 / SampleIntervalSeconds) + 1;

    /// <summary>JST wall-clock time of a minute of the day.</summary>
    public static DateTimeOffset At(int minuteOfDay, int second = 0) =>
        Midnight.AddMinutes(minuteOfDay).AddSeconds(second);

    /// <summary>Unix time in seconds, the timestamp unit of metrics.om.</summary>
    public static long Epoch(int minuteOfDay) => At(minuteOfDay).ToUnixTimeSeconds();
}

/// <summary>Traffic and behaviour of the relay (all assumed; the seed gives no traffic figures).</summary>
internal static class Mail
{
    // Inbound mail the relay accepts, messages per second, on a weekday evening (assumed), linear in between.
    public static readonly (int Minute, double PerSecond)[] InboundRate =
    [
        (18 * 60, 17),
        (20 * 60, 15),
        (22 * 60, 13),
        ((23 * 60) + 30, 10),
    ];

    public const double InboundNoise = 0.06;           // ±6%

    // With "xxx.xxx.xxx.xxx" the relay asks DNS for the MX of a name whose last label is a number. The
    // assumed mix: 35% of attempts get a temporary answer ("Host not found, try again": deferred), 65% a
    // final "Host not found": the mail is bounced, the bounce is routed the same way, fails the same way,
    // and the mail is deleted (seed: エラーメールが配送不能になった場合、当該メール配信ソフトはメール本体を削除).
    public const double TemporaryShare = 0.35;

    // Postfix retries deferred mail after minimal_backoff_time (300 s), doubling up to maximal_backoff_time
    // (4000 s): ages at which a deferred message is tried again, minutes (Postfix defaults).
    public static readonly double[] RetryAges = [5, 15, 35, 75, 141.7, 208.3];

    // After the fix the operator flushes the queue (postqueue -f): share of the deferred mail that is
    // still waiting after each of the following samples (assumed: 45%, then 3% of the start, then none).
    public static readonly double[] FlushKeep = [0.45, 0.03 / 0.45, 0];

    // Deferred mail before the change: a few messages for mailboxes over quota or briefly locked (assumed).
    public const int NormalDeferredMax = 3;

    public const double RecipientsPerMessage = 1.04;   // distinct recipients per deferred message (assumed)
    public const int FaultDomains = 3;                 // the operator's own domains behind the relay (assumed)
    public const double NormalBouncesPerSecond = 0.02; // ordinary non-delivery notices, delivered (assumed)

    // POP3/IMAP on the M group, unaffected (assumed levels for a weekday evening).
    public const double Pop3PerSecond = 34;
    public const double ImapPerSecond = 21;
    public const double WrongPasswordShare = 0.015;
    public const double ScanFailuresPerSecond = 0.15;  // password guessing from the Internet (assumed)
}

internal static class Simulation
{
    // Fixed seed: the date of the outage. System.Random with a seed is stable across .NET versions.
    private const int Seed = 20170413;

    public static List<Series> Run()
    {
        var random = new Random(Seed);
        var n = Timeline.SampleCount;
        var result = new SeriesList(n);

        var incoming = result.Add("monitor_mail_queue_messages", "host=\"rly01\",queue=\"incoming\"", "0");
        var active = result.Add("monitor_mail_queue_messages", "host=\"rly01\",queue=\"active\"", "0");
        var deferred = result.Add("monitor_mail_queue_messages", "host=\"rly01\",queue=\"deferred\"", "0");
        var activeAge = result.Add("monitor_mail_queue_oldest_age_seconds", "host=\"rly01\",queue=\"active\"", "0");
        var deferredAge = result.Add("monitor_mail_queue_oldest_age_seconds", "host=\"rly01\",queue=\"deferred\"", "0");
        var recipients = result.Add("monitor_mail_deferred_recipients", "host=\"rly01\"", "0");
        var domains = result.Add("monitor_mail_deferred_domains", "host=\"rly01\"", "0");
        string[] reasons = ["dns", "connection", "mailbox", "policy", "other"];
        var byReason = reasons.ToDictionary(r => r, r => result.Add("monitor_mail_deferred_by_reason", $"host=\"rly01\",reason=\"{r}\"", "0"));
        var bounces = result.Add("monitor_mail_bounces_per_second", "host=\"rly01\"", "0.000");
        var discarded = result.Add("monitor_mail_discarded_per_second", "host=\"rly01\"", "0.000");

        string[] protocols = ["pop3", "imap"];
        var loginFailures = protocols.ToDictionary(p => p, p => result.Add("monitor_mail_login_failures_per_second", $"host=\"mbx01\",protocol=\"{p}\"", "0.000"));
        var loginSuccesses = protocols.ToDictionary(p => p, p => result.Add("monitor_mail_login_successes_per_second", $"host=\"mbx01\",protocol=\"{p}\"", "0.000"));
        var failedUsers = protocols.ToDictionary(p => p, p => result.Add("monitor_mail_login_failed_users", $"host=\"mbx01\",protocol=\"{p}\"", "0"));
        var deliveryFailures = result.Add("monitor_mail_delivery_failures_per_second", "host=\"mbx01\"", "0.000");

        string[] functions = ["smtp-in", "pop3", "imap", "webmail"];
        var probe = functions.ToDictionary(f => f, f => result.Add("monitor_probe_success", $"service=\"asahi-mail\",function=\"{f}\"", "0"));
        var probeTime = functions.ToDictionary(f => f, f => result.Add("monitor_probe_duration_seconds", $"service=\"asahi-mail\",function=\"{f}\"", "0.000"));
        var probeBase = new Dictionary<string, double> { ["smtp-in"] = 0.28, ["pop3"] = 0.14, ["imap"] = 0.18, ["webmail"] = 0.55 };

        // Cohorts of deferred mail: the minute they were first deferred, and how many are still waiting.
        var cohorts = new List<(int Minute, double Count, int Retries)>();
        var flushStep = -1;
        for (var i = 0; i < n; i++)
        {
            var minute = Timeline.WindowStart + i;
            var arrivals = Interpolate(Mail.InboundRate, minute) * Noise(random, Mail.InboundNoise) * 60;
            var faulty = FaultShare(minute);
            var lost = 0.0;

            // New mail in the faulty part of the minute: deferred or bounced-then-deleted.
            if (faulty > 0)
            {
                var fresh = arrivals * faulty;
                cohorts.Add((minute, fresh * Mail.TemporaryShare, 0));
                lost += fresh * (1 - Mail.TemporaryShare);
            }

            // Retries of deferred mail that fall due in this minute, while the fault lasts.
            if (faulty > 0)
            {
                for (var k = 0; k < cohorts.Count; k++)
                {
                    var (born, count, retries) = cohorts[k];
                    if (retries < Mail.RetryAges.Length && minute - born >= Mail.RetryAges[retries])
                    {
                        lost += count * (1 - Mail.TemporaryShare);
                        cohorts[k] = (born, count * Mail.TemporaryShare, retries + 1);
                    }
                }
            }

            // After the fix: postqueue -f, the deferred mail is delivered within two samples.
            var movedToActive = 0.0;
            if (minute > Timeline.FixApplied && cohorts.Count > 0)
            {
                flushStep++;
                var keep = Mail.FlushKeep[Math.Min(flushStep, Mail.FlushKeep.Length - 1)];
                movedToActive = cohorts.Sum(c => c.Count);
                for (var k = 0; k < cohorts.Count; k++)
                {
                    cohorts[k] = cohorts[k] with { Count = cohorts[k].Count * keep };
                }

                cohorts.RemoveAll(c => c.Count < 0.5);
            }

            var faultDeferred = cohorts.Sum(c => c.Count);
            var normalDeferred = random.Next(0, Mail.NormalDeferredMax + 1);
            deferred[i] = Math.Round(faultDeferred) + normalDeferred;
            var oldestCohort = cohorts.Where(c => c.Count >= 0.5).Select(c => (double?)c.Minute).Min();
            deferredAge[i] = oldestCohort is { } born0
                ? ((minute - born0) * 60) + random.Next(0, 60)
                : normalDeferred > 0 ? random.Next(60, 600) : 0;
            var normalRecipients = normalDeferred;
            var faultRecipients = Math.Round(faultDeferred * Mail.RecipientsPerMessage);
            recipients[i] = faultRecipients + normalRecipients;
            domains[i] = (faultRecipients > 0 ? Mail.FaultDomains : 0) + (normalDeferred > 0 ? 1 : 0);
            byReason["dns"][i] = faultRecipients;
            byReason["mailbox"][i] = normalRecipients;

            incoming[i] = random.Next(0, 6);
            active[i] = faulty > 0 ? random.Next(30, 81) : random.Next(8, 26);
            activeAge[i] = random.Next(2, 40);
            if (movedToActive > 0)
            {
                // The flushed messages pass through the active queue, the oldest with its arrival time.
                active[i] = Math.Round(movedToActive * 0.4) + random.Next(8, 26);
                activeAge[i] = deferredAge[i > 0 ? i - 1 : 0];
            }

            discarded[i] = lost / 60;
            bounces[i] = (lost / 60) + (Mail.NormalBouncesPerSecond * Noise(random, 0.5));

            foreach (var (protocol, perSecond) in new[] { ("pop3", Mail.Pop3PerSecond), ("imap", Mail.ImapPerSecond) })
            {
                var successes = perSecond * Noise(random, 0.05);
                var failures = (successes * Mail.WrongPasswordShare * Noise(random, 0.3)) + (Mail.ScanFailuresPerSecond * Noise(random, 0.4));
                loginSuccesses[protocol][i] = successes;
                loginFailures[protocol][i] = failures;
                failedUsers[protocol][i] = Math.Round(failures * 60 * 0.35);
            }

            deliveryFailures[i] = random.NextDouble() < 0.1 ? 1.0 / 60 : 0;
            foreach (var function in functions)
            {
                probe[function][i] = 1;
                probeTime[function][i] = probeBase[function] * Noise(random, 0.2);
            }
        }

        return result.All;
    }

    /// <summary>Share of the minute ending at this sample during which the bad relay setting was live.</summary>
    private static double FaultShare(int minute)
    {
        double start = (Timeline.ChangeApplied * 60) + Timeline.ChangeAppliedSecond;
        double end = (Timeline.FixApplied * 60) + Timeline.FixAppliedSecond;
        double to = minute * 60;
        var from = to - 60;
        var overlap = Math.Min(to, end) - Math.Max(from, start);
        return Math.Clamp(overlap / 60, 0, 1);
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
            new(Timeline.At(Timeline.ChangeApplied, Timeline.ChangeAppliedSecond), "change", "rly01", "operator",
                "R-group relay: Postfix relayhost changed to the M-group address 192.0.2.25 (main.cf), postfix reload"),
            new(Timeline.At(Timeline.Onset, 2), "log", "rly01", "postfix",
                "postfix/smtp[21764]: 3F2A81C04D: to=<user0417@asahi-net.or.jp>, relay=none, delay=1.2, status=deferred (Host or domain name not found. Name service error for name=192.0.2.25 type=MX: Host not found, try again)"),
            new(Timeline.At(Timeline.Onset, 5), "log", "rly01", "postfix",
                "postfix/smtp[21766]: 4B7E91C0A2: to=<user2231@asahi-net.or.jp>, relay=none, delay=0.9, status=bounced (Host or domain name not found. Name service error for name=192.0.2.25 type=MX: Host not found)"),
            new(Timeline.At(Timeline.Onset, 6), "log", "rly01", "postfix",
                "postfix/smtp[21771]: 5C0D13C0B7: to=<sender@example.co.jp>, relay=none, delay=0.4, status=bounced (Host or domain name not found. Name service error for name=192.0.2.25 type=MX: Host not found); undeliverable non-delivery notification for 4B7E91C0A2 removed: the message is lost"),
            new(Timeline.At(Timeline.FirstListedLostMail), "note", "asahi-mail", "asahi-net",
                "first entry of the list of lost mail later published to members (received 2017-04-13 20:49)"),
            new(Timeline.At(Timeline.FixApplied, Timeline.FixAppliedSecond), "change", "rly01", "operator",
                "R-group relay: relayhost corrected to [192.0.2.25] (brackets: no MX lookup), postfix reload, postqueue -f"),
            new(Timeline.At(Timeline.Recovered), "note", "asahi-mail", "operator",
                "mail reception recovered; deferred mail delivered; bounced mail could not be restored"),
        ];

        ScenarioFiles.WriteEvents(path, events);
    }

    /// <summary>The ground truth the tests compare against; the replay never reads it.</summary>
    public static void WriteExpected(string path)
    {
        var onset = Timeline.At(Timeline.Onset);
        var recovered = Timeline.At(Timeline.Recovered);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ScenarioFiles.Indented))
        {
            json.WriteStartObject();
            json.WriteString("scenario", "asahi-2017");
            json.WriteStartArray("incidents");
            json.WriteStartObject();

            json.WriteStartObject("rootCause");
            json.WriteString("entity", "asahi-mail");
            json.WriteString("kind", "mail_deferred_dns");
            json.WriteEndObject();

            json.WriteString("onset", onset.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
            json.WriteString("recovered", recovered.ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture));
            json.WriteString("duration", (recovered - onset).ToString("c", CultureInfo.InvariantCulture)); // seed: 2 時間 19 分
            json.WriteBoolean("failStop", false); // a configuration error: mail accepted, then deferred or deleted

            json.WriteStartObject("affectedUsers");
            json.WriteNumber("max", 84_774); // seed: 影響利用者数 84,774
            json.WriteString("basis", "contracts");
            json.WriteString("populationKey", "asahi-mail-contracts");
            json.WriteEndObject();

            json.WriteStartArray("symptomsInclude");
            ScenarioFiles.WriteFinding(json, "asahi-mail", "mail_loss");
            json.WriteEndArray();

            // Reading mail kept working: the mailboxes (M group) were fine, they just received nothing.
            json.WriteStartArray("symptomsExclude");
            ScenarioFiles.WriteFinding(json, "asahi-mail/pop3", "service_down");
            ScenarioFiles.WriteFinding(json, "asahi-mail/imap", "service_down");
            ScenarioFiles.WriteFinding(json, "asahi-mail/pop3", "login_failures");
            json.WriteEndArray();

            // Nothing a protocol probe sees stopped: the relay accepted mail (smtp-in) and then lost it.
            json.WriteStartArray("servicesStopped");
            json.WriteEndArray();
            json.WriteStartArray("servicesNotAffected");
            foreach (var function in new[] { "pop3", "imap", "webmail" })
            {
                json.WriteStringValue(function);
            }

            json.WriteEndArray();

            json.WriteStartObject("suspectedChange");
            json.WriteString("entity", "rly01");
            json.WriteString("textContains", "relayhost");
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
