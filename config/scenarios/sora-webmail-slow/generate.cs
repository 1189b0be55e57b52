// Regenerates the sora-webmail-slow scenario (metrics.om, events.jsonl, expected.json). Deterministic:
// fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/sora-webmail-slow && dotnet run generate.cs [-- --out DIR]
//
// A fictional site of a shape the seed scenarios do not have: one service on six hosts (two MX,
// two IMAP/POP3 back ends, two webmail front ends) with two populations. Webmail's session cache
// starts evicting: every page waits for a cold session rebuild. Webmail keeps answering, 14x
// slower than usual, for 50 minutes; nothing fails, storage and the other functions are normal.
// What must happen (docs/detection.md, ServiceSlow): a slow function is degraded, not "not
// affected": one incident rooted at webmail's service_slow, every contract of both populations.
#:project ../ScenarioWriting/ScenarioWriting.csproj
using System.Text.Json.Nodes;
using Monitor.Scenarios;

var jst = TimeSpan.FromHours(9);
// 18:00-22:00 JST on a Tuesday (assumed), one sample a minute.
var r = new Recording(new DateTimeOffset(2026, 3, 10, 18, 0, 0, jst), 240, 20260310);

const int SlowFrom = 80;   // 19:20: the cache starts evicting (assumed)
const int SlowUntil = 130; // 20:10: the cache is resized and warm again (assumed)
bool Slow(int i) => i >= SlowFrom && i < SlowUntil;

// One array, two controllers, ALUA: each volume active on its owner, standby on the partner.
Background.Controller(r, "sr-arr-c0", 3_000, 9_000);
Background.Controller(r, "sr-arr-c1", 2_500, 8_000);
foreach (var host in new[] { "sr-imap1", "sr-imap2" })
{
    Background.Path(r, $"{host}:c0", i => r.Daily(i, 600, 2_000));
    Background.Path(r, $"{host}:c1", _ => 0);
}

// Webmail: 0.45 s usual; 5.5-7.5 s while the cache evicts (assumed). Every probe answers.
Background.Probe(r, "sora-mail", "webmail", 0.45, i => Slow(i) ? 6.5 * ScenarioMath.Noise(r.Random, 0.15) : null);
Background.Probe(r, "sora-mail", "imap", 0.16);
Background.Probe(r, "sora-mail", "pop3", 0.12);
Background.Probe(r, "sora-mail", "smtp-in", 0.22);
foreach (var host in new[] { "sr-imap1", "sr-imap2" })
{
    Background.Logins(r, host, "imap", 40, 140);
    Background.Logins(r, host, "pop3", 15, 55);
}

foreach (var host in new[] { "sr-mx1", "sr-mx2" })
{
    Background.Queue(r, host, 20, 90);
}

r.Event(SlowFrom + 4, "log", "sr-web1", "php-fpm", "WARNING: [pool webmail] server reached pm.max_children setting (64), consider raising it");
r.Event(SlowFrom + 6, "log", "sr-web2", "memcached", "evictions 18421/s, hit ratio 0.07 (sessions)");
r.Event(SlowUntil - 2, "change", "sr-web1", "operator", "memcached -m 1024 -> 4096 on sr-web1 and sr-web2 (session cache resized)");

var expected = new JsonObject
{
    ["scenario"] = "sora-webmail-slow",
    ["incidents"] = new JsonArray(new JsonObject
    {
        ["rootCause"] = Recording.Finding("sora-mail/webmail", "service_slow"),
        ["onset"] = r.Time(SlowFrom),
        ["recovered"] = r.Time(SlowUntil),
        ["duration"] = TimeSpan.FromMinutes(SlowUntil - SlowFrom).ToString("c"),
        ["failStop"] = false,
        // A slow function degrades the service for every contract of its populations: 64,000 + 9,500.
        ["affectedUsers"] = new JsonObject { ["max"] = 73_500, ["basis"] = "contracts", ["populationKey"] = "sora-home" },
        ["symptomsInclude"] = Recording.Findings(),
        ["symptomsExclude"] = Recording.Findings(
            ("sora-mail/webmail", "service_down"), ("sora-mail/imap", "service_slow"), ("sora-mail/pop3", "service_slow"), ("sora-mail/imap", "login_failures")),
        ["servicesStopped"] = Recording.Strings(),
        ["servicesNotAffected"] = Recording.Strings("imap", "pop3", "smtp-in"),
    }),
    ["allowedWarnings"] = new JsonArray(),
};
r.Write(ScenarioFiles.OutputDirectory(args), expected);
