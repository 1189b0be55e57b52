// Regenerates the umi-shared-mx scenario (metrics.om, events.jsonl, expected.json). Deterministic:
// fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/umi-shared-mx && dotnet run generate.cs [-- --out DIR]
//
// A fictional site of a shape the seed scenarios do not have: two services, each with two
// populations, behind the same two MX hosts (um-mx1, um-mx2 accept mail for umi.ne.jp and
// hama.or.jp and deliver by LMTP to each service's own stores). hama-mail's store hm-store1 is
// remounted read-only after an I/O error: its LMTP answers 451 "Read-only file system", both MX
// hosts defer hama.or.jp recipients, the hama.or.jp part of their queues grows. umi-mail's mail
// flows as always. What must happen (docs/detection.md, "Shared MX hosts"): one incident, for
// hama-mail only, titled by the store's reason; nothing lost (every failure a deferral); no
// finding and no users for umi-mail.
#:project ../ScenarioWriting/ScenarioWriting.csproj
using System.Text.Json.Nodes;
using Monitor.Scenarios;

var jst = TimeSpan.FromHours(9);
// 12:00-17:00 JST on a Thursday (assumed), one sample a minute.
var r = new Recording(new DateTimeOffset(2026, 5, 14, 12, 0, 0, jst), 300, 20260514);

const int ReadOnlyFrom = 125;  // 14:05: ext4 remounts hm-store1's store read-only (assumed)
const int Remounted = 190;     // 15:10: fsck done, the store writable again (assumed)
const int Flushed = 194;       // 15:14: postqueue -f at 15:11 has delivered the deferred hama mail (assumed)
bool Failing(int i) => i >= ReadOnlyFrom && i < Remounted;

string[] mx = ["um-mx1", "um-mx2"];
foreach (var host in mx)
{
    // hama.or.jp deliveries deferred while the store is read-only: ~2.4/s per MX (assumed: ~290
    // messages a minute for 20,400 contracts in the early afternoon, split over two MX hosts).
    var rate = new double[r.Count];
    var held = new double[r.Count];
    for (var i = 0; i < r.Count; i++)
    {
        rate[i] = Failing(i) ? 2.4 * ScenarioMath.Noise(r.Random, 0.12) : 0;
        held[i] = i == 0 ? 0
            : i < Remounted ? held[i - 1] + (rate[i] * 60)
            : i <= Remounted ? held[i - 1]
            : Math.Max(0, held[i - 1] - (held[Remounted] / (Flushed - Remounted)));
        held[i] = Math.Round(held[i]);
    }

    Background.Queue(r, host, 30, 120, i => Math.Round(45 * ScenarioMath.Noise(r.Random, 0.3)) + held[i]);
    r.Add("monitor_mail_delivery_failures_per_second", $"host=\"{host}\"", "0.000", i => rate[i]);
    r.Add("monitor_mail_delivery_deferred_per_second", $"host=\"{host}\",domain=\"hama.or.jp\",reason=\"store_unavailable\"", "0.000", i => rate[i]);
    foreach (var bucket in new[] { "hama.or.jp", "umi.ne.jp", "other" })
    {
        r.Add("monitor_mail_delivery_bounced_per_second", $"host=\"{host}\",domain=\"{bucket}\",reason=\"other\"", "0.000", _ => 0);
    }

    r.Add("monitor_mail_deferred_recipients_by_domain", $"host=\"{host}\",domain=\"hama.or.jp\",reason=\"mailbox\"", "0", i => held[i]);
    r.Add("monitor_mail_deferred_recipients_by_domain", $"host=\"{host}\",domain=\"umi.ne.jp\",reason=\"connection\"", "0", _ => Math.Round(3 * ScenarioMath.Noise(r.Random, 0.6)));
    r.Add("monitor_mail_deferred_recipients_by_domain", $"host=\"{host}\",domain=\"other\",reason=\"connection\"", "0", _ => Math.Round(38 * ScenarioMath.Noise(r.Random, 0.3)));
    r.Add("monitor_mail_deferred_domain_oldest_age_seconds", $"host=\"{host}\",domain=\"hama.or.jp\"", "0", i => held[i] > 0 ? (Math.Min(i, Remounted) - ReadOnlyFrom) * 60 : 0);
    r.Add("monitor_mail_deferred_domain_oldest_age_seconds", $"host=\"{host}\",domain=\"umi.ne.jp\"", "0", _ => 240);
    r.Add("monitor_mail_deferred_recipients", $"host=\"{host}\"", "0", i => held[i] + 41);
}

// Reading mail keeps working on the read-only store (Dovecot logs in and serves what is there).
foreach (var host in new[] { "um-store1", "um-store2" })
{
    Background.Logins(r, host, "imap", 30, 110);
    Background.Logins(r, host, "pop3", 20, 70);
}

Background.Logins(r, "hm-store1", "pop3", 6, 25);
foreach (var function in new[] { "smtp-in", "pop3", "imap", "webmail" })
{
    Background.Probe(r, "umi-mail", function, function == "webmail" ? 0.5 : 0.18);
}

foreach (var function in new[] { "smtp-in", "pop3" })
{
    Background.Probe(r, "hama-mail", function, 0.2);
}

r.Event(ReadOnlyFrom, "log", "hm-store1", "kernel", "EXT4-fs error (device dm-0): ext4_journal_check_start:83: Detected aborted journal; EXT4-fs (dm-0): Remounting filesystem read-only");
r.Event(ReadOnlyFrom + 1, "log", "um-mx1", "postfix/lmtp", "5A1F83E0B2: to=<k.tanaka@members.hama.or.jp>, relay=hm-store1[192.0.2.41]:24, delay=0.4, dsn=4.3.0, status=deferred (host hm-store1[192.0.2.41] said: 451 4.3.0 <k.tanaka@members.hama.or.jp> Error: write(/var/vmail/members.hama.or.jp/k.tanaka/dovecot.index.log) failed: Read-only file system)");
r.Event(Remounted, "change", "hm-store1", "operator", "e2fsck -f /dev/dm-0, mount -o remount,rw /var/vmail on hm-store1");
r.Event(Remounted + 1, "note", "um-mx1", "operator", "postqueue -f on um-mx1 and um-mx2");

var expected = new JsonObject
{
    ["scenario"] = "umi-shared-mx",
    ["incidents"] = new JsonArray(new JsonObject
    {
        ["rootCause"] = Recording.Finding("hama-mail", "mailbox_store_unavailable"),
        ["onset"] = r.Time(ReadOnlyFrom),
        ["recovered"] = r.Time(Flushed),
        ["duration"] = TimeSpan.FromMinutes(Flushed - ReadOnlyFrom).ToString("c"),
        ["failStop"] = false,
        // Delayed mail hits every contract of hama-mail's two populations (18,000 + 2,400), none of umi-mail's.
        ["affectedUsers"] = new JsonObject { ["max"] = 20_400, ["basis"] = "contracts", ["populationKey"] = "hama-members" },
        ["symptomsInclude"] = Recording.Findings(("hama-mail", "mail_queue_backlog")),
        ["symptomsExclude"] = Recording.Findings(
            ("umi-mail", "mail_queue_backlog"), ("umi-mail", "mailbox_store_unavailable"), ("umi-mail", "mailbox_delivery_failing"),
            ("hama-mail", "mail_loss"), ("umi-mail", "mail_loss"), ("hama-mail", "mailbox_binding_broken")),
        ["servicesStopped"] = Recording.Strings(),
    }),
    ["allowedWarnings"] = new JsonArray(),
};
r.Write(ScenarioFiles.OutputDirectory(args), expected);
