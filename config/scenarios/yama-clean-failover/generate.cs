// Regenerates the yama-clean-failover scenario (metrics.om, events.jsonl, expected.json).
// Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/yama-clean-failover && dotnet run generate.cs [-- --out DIR]
//
// A fictional site of a shape the seed scenarios do not have: one service on three mailbox hosts
// (and two MX), two arrays of two controllers each, ALUA standby paths. At 03:12 controller
// ym-e-c0 of the east array fails (hardware); its partner ym-e-c1 takes its volume over at once,
// the hosts' standby paths become active, and ym-e-c1 carries both loads at ~10% of its rating (a night):
// no overload, no latency, every probe answers. The vendor replaces the controller at 05:40.
// What must happen (docs/detection.md, ControllerFailed and PathsDegraded): an unplanned controller
// stop is critical and opens an incident rooted at the controller, with the path reduction as a
// symptom, no function stopped or degraded and nobody affected (0 users); no overload, no
// failover_missing (the partner did take over), nothing on the west array.
#:project ../ScenarioWriting/ScenarioWriting.csproj
using System.Text.Json.Nodes;
using Monitor.Scenarios;

var jst = TimeSpan.FromHours(9);
// 01:00-07:00 JST on a Saturday (assumed), one sample a minute.
var r = new Recording(new DateTimeOffset(2026, 2, 21, 1, 0, 0, jst), 360, 20260221);

const int Failed = 132;    // 03:12: ym-e-c0 stops (assumed)
const int Replaced = 280;  // 05:40: the replacement controller is online, the volume back on its owner (assumed)
bool Down(int i) => i >= Failed && i < Replaced;
string[] hosts = ["ym-mbx1", "ym-mbx2", "ym-mbx3"];

// East array: vol-ym-e on c0 (c1 standby); c1 also owns vol-ym-e2. West array: vol-ym-w, all normal.
var east0 = new double[r.Count];
Background.Controller(r, "ym-e-c0", 2_500, 9_000, (i, healthy) => { east0[i] = healthy; return null; }, i => !Down(i));
Background.Controller(r, "ym-e-c1", 2_000, 7_000, (i, healthy) => Down(i) ? healthy + east0[i] : null);
Background.Controller(r, "ym-w-c0", 2_200, 8_000);
Background.Controller(r, "ym-w-c1", 200, 400);
r.Add("monitor_controller_takeover", "controller=\"ym-e-c1\"", "0", i => Down(i) ? 1 : 0);
r.Add("monitor_controller_takeover", "controller=\"ym-e-c0\"", "0", _ => 0);
foreach (var host in hosts)
{
    Background.Path(r, $"{host}:e:c0", i => r.Daily(i, 800, 3_000), i => !Down(i));
    Background.Path(r, $"{host}:e:c1", i => Down(i) ? r.Daily(i, 800, 3_000) : 0);
    Background.Path(r, $"{host}:w:c0", i => r.Daily(i, 700, 2_600));
    Background.Path(r, $"{host}:w:c1", _ => 0);
}

foreach (var host in hosts)
{
    Background.Logins(r, host, "imap", 8, 80);
    Background.Logins(r, host, "pop3", 3, 30);
}

Background.Queue(r, "ym-mx1", 5, 60);
Background.Queue(r, "ym-mx2", 5, 60);
foreach (var function in new[] { "smtp-in", "imap", "pop3", "webmail" })
{
    Background.Probe(r, "yama-mail", function, function == "webmail" ? 0.4 : 0.15);
}

r.Event(Failed, "log", "ym-e-c0", "array-east", "Controller 0: hardware error (PCIe link down, DIMM 2), controller halted; controller 1 took ownership of vol-ym-e");
r.Event(Failed, "log", "ym-mbx1", "multipathd", "vol-ym-e: sdc - tur checker reports path is down; switching to path group 2 (alua: active/optimized)");
r.Event(Replaced - 10, "note", "ym-e-c0", "vendor", "replacement controller 0 installed, firmware matched, ownership returned at 05:40");

var expected = new JsonObject
{
    ["scenario"] = "yama-clean-failover",
    ["incidents"] = new JsonArray(new JsonObject
    {
        ["rootCause"] = Recording.Finding("ym-e-c0", "controller_failed"),
        ["onset"] = r.Time(Failed),
        ["recovered"] = r.Time(Replaced),
        ["duration"] = TimeSpan.FromMinutes(Replaced - Failed).ToString("c"),
        ["failStop"] = true,
        // Nobody felt it: no function stopped or slowed, no mail delayed.
        ["affectedUsers"] = new JsonObject { ["max"] = 0, ["basis"] = "contracts", ["populationKey"] = "yama-home" },
        ["symptomsInclude"] = Recording.Findings(("vol-ym-e", "paths_degraded")),
        ["symptomsExclude"] = Recording.Findings(
            ("ym-e-c1", "degraded_overload_iops"), ("ym-e-c0", "failover_missing"), ("ym-e-c1", "latency_accumulation"),
            ("yama-mail/imap", "service_down"), ("ym-w-c0", "controller_failed")),
        ["servicesStopped"] = Recording.Strings(),
        ["servicesNotAffected"] = Recording.Strings("smtp-in", "imap", "pop3", "webmail"),
    }),
    ["allowedWarnings"] = new JsonArray(),
};
r.Write(ScenarioFiles.OutputDirectory(args), expected);
