// Regenerates the kawa-hba-gray-port scenario (metrics.om, events.jsonl, expected.json).
// Deterministic: fixed random seed, invariant culture, LF line endings.
//
//     cd config/scenarios/kawa-hba-gray-port && dotnet run generate.cs [-- --out DIR]
//
// A fictional site of a shape the seed scenarios do not have: three mailbox hosts, two arrays of
// two controllers each, every volume active on its owner and ALUA standby on the partner. On one
// host-side HBA port (kw-mbx2:p1) the fibre is pinched when a technician dresses new cables into
// the rack at 10:00: as the bend creeps, receive power falls from -2.4 dBm to -7.2 dBm over 80
// minutes and stays there, CRC and invalid-word counts climb; the port stays online, multipath
// keeps every path, I/O completes (the errored frames are retried), latency stays normal.
// What must happen (docs/detection.md, FcPortPrecursors): warnings on that port with the figures,
// the port named (not the array, not a path), no incident and nobody affected: planned work.
#:project ../ScenarioWriting/ScenarioWriting.csproj
using System.Text.Json.Nodes;
using Monitor.Scenarios;

var jst = TimeSpan.FromHours(9);
// 09:00-14:00 JST on a Wednesday (assumed), one sample a minute.
var r = new Recording(new DateTimeOffset(2026, 11, 4, 9, 0, 0, jst), 300, 20261104);

const int AgingFrom = 60;     // 10:00: the cable work; receive power starts to fall (assumed)
const int Settled = 140;      // 11:20: the bend stops creeping, power stays at -7.2 dBm (assumed)
const int ErrorsFrom = 100;   // 10:40: CRC errors start to climb (assumed)
const int Replaced = 270;     // 13:30: the SFP replaced in a planned window (assumed)
const string Port = "kw-mbx2:p1";
string[] hosts = ["kw-mbx1", "kw-mbx2", "kw-mbx3"];

// Array 1 serves vol-kw-1 (owner c0), array 2 vol-kw-2 (owner c0); the partners stand by.
Background.Controller(r, "kw-a1-c0", 4_000, 12_000);
Background.Controller(r, "kw-a1-c1", 200, 400);
Background.Controller(r, "kw-a2-c0", 3_000, 10_000);
Background.Controller(r, "kw-a2-c1", 200, 400);
foreach (var host in hosts)
{
    Background.Path(r, $"{host}:v1:a1-c0", i => r.Daily(i, 1_300, 4_000));
    Background.Path(r, $"{host}:v1:a1-c1", _ => 0);
    Background.Path(r, $"{host}:v2:a2-c0", i => r.Daily(i, 1_000, 3_300));
    Background.Path(r, $"{host}:v2:a2-c1", _ => 0);
}

foreach (var host in hosts)
{
    foreach (var p in new[] { "p0", "p1" })
    {
        var port = $"{host}:{p}";
        var aging = port == Port;
        double Rx(int i) => aging && i >= AgingFrom && i < Replaced
            ? ScenarioMath.Interpolate([(AgingFrom, -2.4), (Settled, -7.2)], i) + ScenarioMath.Uniform(r.Random, 0.1)
            : -2.4 + ScenarioMath.Uniform(r.Random, 0.1);
        double Crc(int i) => aging && i >= ErrorsFrom && i < Replaced
            ? ScenarioMath.Interpolate([(ErrorsFrom, 0.06), (Replaced, 0.9)], i) * ScenarioMath.Noise(r.Random, 0.3)
            : 0;
        var labels = $"port=\"{port}\"";
        r.Add("monitor_fc_port_up", labels, "0", _ => 1);
        r.Add("monitor_fc_port_marginal", labels, "0", _ => 0);
        r.Add("monitor_fc_port_rx_power_dbm", labels, "0.00", Rx);
        r.Add("monitor_fc_port_tx_power_dbm", labels, "0.00", _ => -2.1 + ScenarioMath.Uniform(r.Random, 0.1));
        r.Add("monitor_fc_port_invalid_crc_per_second", labels, "0.000", Crc);
        r.Add("monitor_fc_port_invalid_tx_words_per_second", labels, "0.000", i => Crc(i) * 2);
        r.Add("monitor_fc_port_link_failures_per_second", labels, "0.000", _ => 0);
    }
}

foreach (var host in hosts)
{
    Background.Logins(r, host, "imap", 30, 100);
    Background.Logins(r, host, "pop3", 10, 35);
}

Background.Queue(r, "kw-mx1", 20, 90);
Background.Queue(r, "kw-mx2", 20, 90);
foreach (var function in new[] { "smtp-in", "imap", "pop3" })
{
    Background.Probe(r, "kawa-mail", function, 0.16);
}

r.Event(AgingFrom, "change", "kw-mbx2", "change-management", "rack B-07: new patch cables for kw-mbx4 dressed into the tray (work by the facility team)");
r.Event(ErrorsFrom + 5, "log", "kw-mbx2", "kernel", "qla2xxx [0000:3b:00.1]-801c:2: Abort command issued nexus=2:0:1 -- 2002.");
r.Event(Replaced - 30, "change", Port, "change-management", "replace the SFP of kw-mbx2 HBA port 1 (planned, paths fail over to p0 meanwhile)", Replaced);
r.Event(Replaced, "note", Port, "operator", "SFP replaced; rx power -2.3 dBm, counters clean");

var expected = new JsonObject
{
    ["scenario"] = "kawa-hba-gray-port",
    ["incidents"] = new JsonArray(),
    // The port's own warnings, well before anything could fail.
    ["warnings"] = new JsonArray(
        new JsonObject { ["entity"] = Port, ["kind"] = "fc_optical_power_low", ["before"] = r.Time(Replaced - 60) },
        new JsonObject { ["entity"] = Port, ["kind"] = "fc_port_errors", ["before"] = r.Time(Replaced - 60) }),
    ["allowedWarnings"] = new JsonArray(),
};
r.Write(ScenarioFiles.OutputDirectory(args), expected);
