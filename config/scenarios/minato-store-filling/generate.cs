// Regenerates the minato-store-filling scenario (metrics.om, events.jsonl, expected.json).
// Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/minato-store-filling && dotnet run generate.cs [-- --out DIR]
//
// A fictional site of a shape the seed scenarios do not have: one service on four hosts (two MX,
// two Dovecot back ends sharing one mail store volume) with two populations. A full-text-search
// index rebuild started by mistake writes into the mail store at ~110 GiB/h; the store fills in
// about two and a half hours. What must happen (docs/detection.md, StoreFilling and
// MailboxDelivery): a store_filling warning with the time to full well before it is full; once
// full, deliveries are deferred "mailbox full / not enough disk space" (mailbox_store_full, every
// failure temporary, nothing lost), mail waits in the MX queues; the warning is the incident's root.
#:project ../ScenarioWriting/ScenarioWriting.csproj
using System.Text.Json.Nodes;
using Monitor.Scenarios;

var jst = TimeSpan.FromHours(9);
// 07:30-13:00 JST on a Monday (assumed), one sample a minute.
var r = new Recording(new DateTimeOffset(2026, 6, 8, 7, 30, 0, jst), 330, 20260608);

const double GiB = 1L << 30;
const double Size = 2048 * GiB;          // a 2 TiB store (assumed)
const double AvailAtStart = 290 * GiB;   // 14% left, shrinking by ~2 GiB a day of new mail (assumed)
const double RunawayPerMinute = 110 * GiB / 60; // the index rebuild's writes (assumed)
const int RebuildFrom = 30;   // 08:00: the rebuild starts (assumed)
const int Full = 188;         // 10:38: nothing left for an unprivileged writer (290 GiB / 110 GiB/h after 08:00)
const int Stopped = 240;      // 11:30: the operator stops the rebuild (assumed)
const int Cleaned = 245;      // 11:35: the rebuild's index files deleted, ~330 GiB back (assumed)
const int Flushed = 249;      // 11:39: postqueue -f at 11:36 has delivered the deferred mail (assumed)
bool Failing(int i) => i >= Full && i < Cleaned;

var avail = new double[r.Count];
for (var i = 0; i < r.Count; i++)
{
    var written = Math.Max(0, Math.Min(i, Stopped) - RebuildFrom) * RunawayPerMinute * ScenarioMath.Noise(r.Random, 0.05);
    var mail = i * (2 * GiB / 1440);
    avail[i] = i >= Cleaned ? AvailAtStart - mail - (4 * GiB) : Math.Max(0, AvailAtStart - mail - written);
}

r.Add("monitor_filesystem_size_bytes", "volume=\"vol-mn-store\"", "0", _ => Size);
r.Add("monitor_filesystem_avail_bytes", "volume=\"vol-mn-store\"", "0", i => avail[i]);
r.Add("monitor_filesystem_free_bytes", "volume=\"vol-mn-store\"", "0", i => avail[i] + (Size * 0.05));
r.Add("monitor_filesystem_files", "volume=\"vol-mn-store\"", "0", _ => 134_217_728);
r.Add("monitor_filesystem_files_free", "volume=\"vol-mn-store\"", "0", i => 61_000_000 - (i * 40));

foreach (var host in new[] { "mn-mx1", "mn-mx2" })
{
    // Deliveries deferred "452 4.2.2 Mailbox is full" / "not enough disk space" while the store is
    // full: ~2.1/s per MX (assumed, a Monday morning); every one deferred, none bounced.
    var rate = new double[r.Count];
    var held = new double[r.Count];
    for (var i = 0; i < r.Count; i++)
    {
        rate[i] = Failing(i) ? 2.1 * ScenarioMath.Noise(r.Random, 0.1) : 0;
        held[i] = i == 0 ? 0
            : i < Cleaned ? held[i - 1] + (rate[i] * 60)
            : i == Cleaned ? held[i - 1]
            : Math.Max(0, held[i - 1] - (held[Cleaned] / (Flushed - Cleaned)));
        held[i] = Math.Round(held[i]);
    }

    Background.Queue(r, host, 20, 80, i => Math.Round(35 * ScenarioMath.Noise(r.Random, 0.3)) + held[i]);
    r.Add("monitor_mail_delivery_failures_per_second", $"host=\"{host}\"", "0.000", i => rate[i]);
    r.Add("monitor_mail_delivery_deferred_per_second", $"host=\"{host}\",domain=\"other\",reason=\"store_full\"", "0.000", i => rate[i]);
    r.Add("monitor_mail_delivery_bounced_per_second", $"host=\"{host}\",domain=\"other\",reason=\"store_full\"", "0.000", _ => 0);
    r.Add("monitor_mail_deferred_recipients", $"host=\"{host}\"", "0", i => held[i] + 30);
    r.Add("monitor_mail_deferred_by_reason", $"host=\"{host}\",reason=\"mailbox\"", "0", i => held[i]);
    r.Add("monitor_mail_deferred_by_reason", $"host=\"{host}\",reason=\"dns\"", "0", _ => 0);
}

foreach (var host in new[] { "mn-mbox1", "mn-mbox2" })
{
    Background.Logins(r, host, "imap", 25, 90);
    Background.Logins(r, host, "pop3", 12, 45);
}

// One array, two controllers; the shared store's volume active on c0, standby on c1 (ALUA).
Background.Controller(r, "mn-arr-c0", 2_500, 7_000, (i, healthy) => i >= RebuildFrom && i < Stopped ? healthy + 3_000 : null);
Background.Controller(r, "mn-arr-c1", 300, 600);
foreach (var host in new[] { "mn-mbox1", "mn-mbox2" })
{
    Background.Path(r, $"{host}:c0", i => r.Daily(i, 900, 2_600));
    Background.Path(r, $"{host}:c1", _ => 0);
}

foreach (var function in new[] { "smtp-in", "imap", "pop3", "webmail" })
{
    Background.Probe(r, "minato-mail", function, function == "webmail" ? 0.45 : 0.17);
}

r.Event(RebuildFrom, "log", "mn-mbox1", "doveadm", "doveadm fts rescan -A; doveadm index -A -q '*' (queued for 61,000 users)");
r.Event(Full, "log", "mn-mbox2", "dovecot", "lmtp(s.yamada@minato-net.jp): Error: write(/srv/mail/s.yamada/dovecot.index.log) failed: No space left on device");
r.Event(Full + 1, "log", "mn-mx1", "postfix/lmtp", "9C2E1A04F7: to=<s.yamada@minato-net.jp>, relay=mn-mbox2[192.0.2.62]:24, dsn=4.2.2, status=deferred (host mn-mbox2[192.0.2.62] said: 452 4.2.2 <s.yamada@minato-net.jp> Mailbox is full / Not enough disk space)");
r.Event(Stopped, "change", "mn-mbox1", "operator", "killed the doveadm index run; removing the rebuilt fts-flatcurve indexes");
r.Event(Cleaned + 1, "note", "mn-mx1", "operator", "postqueue -f on mn-mx1 and mn-mx2");

var expected = new JsonObject
{
    ["scenario"] = "minato-store-filling",
    ["incidents"] = new JsonArray(new JsonObject
    {
        // The store filling is upstream of the deliveries it makes fail: the warning becomes the root.
        ["rootCause"] = Recording.Finding("vol-mn-store", "store_filling"),
        ["onset"] = r.Time(Full),
        ["recovered"] = r.Time(Flushed),
        ["duration"] = TimeSpan.FromMinutes(Flushed - Full).ToString("c"),
        ["failStop"] = false,
        // Mail to every mailbox is delayed: every contract of both populations (55,000 + 6,000).
        ["affectedUsers"] = new JsonObject { ["max"] = 61_000, ["basis"] = "contracts", ["populationKey"] = "minato-home" },
        ["symptomsInclude"] = Recording.Findings(("minato-mail", "mailbox_store_full"), ("minato-mail", "mail_queue_backlog")),
        ["symptomsExclude"] = Recording.Findings(
            ("minato-mail", "mail_loss"), ("minato-mail", "mailbox_binding_broken"), ("minato-mail", "mailbox_store_unavailable"), ("minato-mail", "mailbox_delivery_failing")),
        ["servicesStopped"] = Recording.Strings(),
        // Warned with the time to full more than an hour before deliveries failed.
        ["precursors"] = new JsonArray(new JsonObject { ["entity"] = "vol-mn-store", ["kind"] = "store_filling", ["before"] = r.Time(Full - 60) }),
    }),
    ["allowedWarnings"] = new JsonArray(),
};
r.Write(ScenarioFiles.OutputDirectory(args), expected);
