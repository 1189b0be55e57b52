// Regenerates the kita-imap-storm scenario (metrics.om, events.jsonl, expected.json). Deterministic:
// fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/kita-imap-storm && dotnet run generate.cs [-- --out DIR]
//
// A fictional site of a shape the seed scenarios do not have: one service on four Dovecot back
// ends (IMAP and POP3) behind one MX, two populations. A load-balancer failover at 21:00 drops
// every IMAP connection; the clients reconnect at once and the LDAP authentication back end
// saturates: logins time out on all four back ends, IMAP and POP3, until the LDAP pool is
// enlarged at 21:30. 21,000 distinct people fail (simulated one by one: each fails on one host and
// protocol from its first reconnect until 21:30, retrying every minute). The probes authenticate
// against a local passwd-file and keep succeeding: nothing stops, people fail to log in.
// What must happen (docs/detection.md, LoginFailures and "Counting people"): one incident rooted
// at IMAP's login_failures, counted on the observed basis, each person at most once: never more
// than the 21,000 who failed, whatever the number of hosts, protocols and minutes they failed in.
#:project ../ScenarioWriting/ScenarioWriting.csproj
using System.Text.Json.Nodes;
using Monitor.Scenarios;

var jst = TimeSpan.FromHours(9);
// 20:00-22:30 JST on a Sunday (assumed), one sample a minute.
var r = new Recording(new DateTimeOffset(2026, 9, 13, 20, 0, 0, jst), 150, 20260913);

const int StormFrom = 60;     // 21:00: the load balancer fails over, IMAP connections drop (assumed)
const int PopFrom = 62;       // 21:02: POP3 clients polling meet the saturated LDAP (assumed)
const int StormUntil = 90;    // 21:30: the LDAP connection pool enlarged, logins answer again (assumed)
const int People = 21_000;    // distinct people who fail (assumed)
string[] backends = ["kt-be1", "kt-be2", "kt-be3", "kt-be4"];
string[] protocols = ["imap", "pop3"];

// Each person: one back end (the proxy hashes the user), one protocol (75% IMAP, assumed), the
// minute of the first failed reconnect (IMAP clients at once, POP3 at their next poll).
var failing = new int[backends.Length, protocols.Length, r.Count];
for (var person = 0; person < People; person++)
{
    var host = r.Random.Next(backends.Length);
    var protocol = r.Random.NextDouble() < 0.75 ? 0 : 1;
    var first = protocol == 0
        ? StormFrom + (int)(Math.Pow(r.Random.NextDouble(), 2) * 20)
        : PopFrom + r.Random.Next(StormUntil - PopFrom - 5);
    for (var m = first; m < StormUntil; m++)
    {
        failing[host, protocol, m]++;
    }
}

for (var h = 0; h < backends.Length; h++)
{
    for (var p = 0; p < protocols.Length; p++)
    {
        var (hi, pi) = (h, p);
        var (night, peak) = p == 0 ? (30.0, 95.0) : (10.0, 32.0);
        Background.Logins(r, backends[h], protocols[p], night, peak, i =>
        {
            var users = failing[hi, pi, i];
            if (users == 0)
            {
                return null;
            }

            // Each failing person retries about 1.5 times a minute; 30% of other logins get through.
            var failures = users * 1.5 / 60;
            var others = r.Daily(i, night, peak) * 0.3;
            return (failures / (failures + others), users);
        });
    }
}

Background.Queue(r, "kt-mx1", 15, 60);
foreach (var function in new[] { "smtp-in", "imap", "pop3", "webmail" })
{
    Background.Probe(r, "kita-mail", function, function == "webmail" ? 0.4 : 0.15);
}

r.Event(StormFrom, "log", "kt-be1", "keepalived", "VRRP_Instance(VI_IMAP) Entering BACKUP STATE; lb-2 takes over the IMAP VIP");
r.Event(StormFrom + 1, "log", "kt-be2", "dovecot", "auth: Error: ldap(ayumi.sato@kita.ne.jp): Connection appears to be hanging, reconnecting");
r.Event(PopFrom, "log", "kt-be3", "dovecot", "pop3-login: Disconnected: Authentication timed out (auth failed, 1 attempts in 30 secs): user=<k.ito@m.kita.ne.jp>");
r.Event(StormUntil - 1, "change", "kt-be1", "operator", "LDAP pool on the back ends: auth_worker_max_count 30 -> 120, ldap connection limit raised");

var expected = new JsonObject
{
    ["scenario"] = "kita-imap-storm",
    ["incidents"] = new JsonArray(new JsonObject
    {
        ["rootCause"] = Recording.Finding("kita-mail/imap", "login_failures"),
        ["onset"] = r.Time(StormFrom),
        ["recovered"] = r.Time(StormUntil),
        ["duration"] = TimeSpan.FromMinutes(StormUntil - StormFrom).ToString("c"),
        ["failStop"] = false,
        // The people who failed, each once: at most 21,000, never a sum over hosts, protocols,
        // minutes or populations (185,000 contracts would be the wrong basis: nothing stopped).
        ["affectedUsers"] = new JsonObject { ["max"] = People, ["basis"] = "observed", ["populationKey"] = "kita-home" },
        ["symptomsInclude"] = Recording.Findings(("kita-mail/pop3", "login_failures")),
        ["symptomsExclude"] = Recording.Findings(("kita-mail/imap", "service_down"), ("kita-mail/pop3", "service_down"), ("kita-mail", "mail_queue_backlog")),
        ["servicesStopped"] = Recording.Strings(),
        ["servicesNotAffected"] = Recording.Strings("smtp-in"),
    }),
    ["allowedWarnings"] = new JsonArray(),
};
r.Write(ScenarioFiles.OutputDirectory(args), expected);
