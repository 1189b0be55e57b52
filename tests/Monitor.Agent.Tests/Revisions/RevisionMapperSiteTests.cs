using System.Text;
using Monitor.Agent.Revisions;
using Monitor.Agent.Tests.Delivery;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Topology;

namespace Monitor.Agent.Tests.Revisions;

/// <summary>The site's zone, access paths and services reach the collector from the topology (contract v1.4).</summary>
public sealed class RevisionMapperSiteTests
{
    private static readonly DateTimeOffset Onset = new(2021, 3, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToWire_CtyTopology_SendsTheSitesZoneAndBothPaths()
    {
        var site = TestRevisions.Mapper().ToWire(Revision()).Site;

        Assert.Equal("Asia/Tokyo", site.TimeZone);
        Assert.Equal(
            ["mail01:ctl-a mail01 mail01:host1 ctl-a vol-mail", "mail01:ctl-b mail01 mail01:host2 ctl-b vol-mail"],
            site.Paths.Select(p => $"{p.Entity} {p.Host} {p.HbaPort} {p.Controller} {p.Volume}"));
        var service = Assert.Single(site.Services);
        Assert.Equal(("cty-mail", "CTY 電子メールサービス"), (service.Service, service.DisplayName));
        Assert.Equal(["smtp-in", "smtp-out", "pop3", "imap", "webmail"], service.Functions);
    }

    [Fact]
    public void ToWire_GeneratedSiteOfThreeHostsFourControllersTwoVolumesTwoServices_SendsEveryPathAndService()
    {
        var topology = Load(GeneratedSite("Europe/Berlin"));

        var site = new RevisionMapper(topology, TestRevisions.Agent).ToWire(Revision()).Site;

        Assert.Equal("Europe/Berlin", site.TimeZone);
        Assert.Equal(topology.Paths.Count, site.Paths.Count);
        Assert.Equal(6, site.Paths.Count);
        Assert.Equal(4, site.Paths.Select(p => p.Controller).Distinct().Count());
        Assert.All(site.Paths, p => Assert.StartsWith($"{p.Host}:hba", p.HbaPort, StringComparison.Ordinal));
        Assert.Equal(["mail-a", "mail-b"], site.Services.Select(s => s.Service));
        Assert.Equal(["h1", "h2"], site.Services[0].Hosts);
        Assert.Equal(["vol-2"], site.Services[1].Volumes);
    }

    /// <summary>
    /// A site no scenario has: hosts h1-h3, controller pairs c1/c2 and c3/c4, vol-1 behind c1/c2
    /// and vol-2 behind c3/c4; service mail-a on h1 and h2 with vol-1, mail-b on h3 with vol-2.
    /// </summary>
    internal static string GeneratedSite(string zone)
    {
        var hosts = new[] { "h1", "h2", "h3" };
        var volumes = new Dictionary<string, string[]> { ["vol-1"] = ["c1", "c2"], ["vol-2"] = ["c3", "c4"] };
        var hostVolume = new Dictionary<string, string> { ["h1"] = "vol-1", ["h2"] = "vol-1", ["h3"] = "vol-2" };
        var json = new StringBuilder();
        json.Append($$"""{ "schemaVersion": 1, "site": { "name": "gen", "operator": "株式会社ジェン", "location": "第2データセンター", "area": "全国", "timeZone": "{{zone}}" },""");
        json.Append("\"hosts\": [").AppendJoin(",", hosts.Select(h => $$"""{ "id": "{{h}}", "role": "メールサーバ{{h}}: 受信と配送" }""")).Append("],");
        json.Append("\"hbaPorts\": [").AppendJoin(",", hosts.SelectMany(h => new[] { 1, 2 }.Select(n => $$"""{ "id": "{{h}}:hba{{n}}", "host": "{{h}}" }"""))).Append("],");
        json.Append("\"controllers\": [").AppendJoin(",", volumes.Values.SelectMany(pair => pair.Select((c, i) =>
            $$"""{ "id": "{{c}}", "name": "controller {{c}}", "partner": "{{pair[1 - i]}}", "ratedIops": 40000, "ratedThroughputBytesPerSecond": 800000000, "role": "コントローラ{{c}}" }"""))).Append("],");
        json.Append("\"volumes\": [").AppendJoin(",", volumes.Select(v =>
            $$"""{ "id": "{{v.Key}}", "name": "{{v.Key}}", "controllers": [ "{{v.Value[0]}}", "{{v.Value[1]}}" ], "role": "メールボックス{{v.Key}}" }""")).Append("],");
        json.Append("\"paths\": [").AppendJoin(",", hosts.SelectMany(h => volumes[hostVolume[h]].Select((c, i) =>
            $$"""{ "id": "{{h}}:{{c}}", "host": "{{h}}", "hbaPort": "{{h}}:hba{{i + 1}}", "controller": "{{c}}", "volume": "{{hostVolume[h]}}" }"""))).Append("],");
        json.Append("""
            "services": [
              { "id": "mail-a", "name": "A メール", "category": 5, "hosts": [ "h1", "h2" ], "volumes": [ "vol-1" ], "functions": [ "smtp-in", "pop3" ], "populations": [ "pop-a" ], "domains": [ "a.example" ] },
              { "id": "mail-b", "name": "B メール", "category": 5, "hosts": [ "h3" ], "volumes": [ "vol-2" ], "functions": [ "imap" ], "populations": [ "pop-b" ], "domains": [ "b.example" ] }
            ],
            "populations": [
              { "key": "pop-a", "name": "A の契約者", "contracts": 12000 },
              { "key": "pop-b", "name": "B の契約者", "contracts": 3400 }
            ]
            }
            """);
        return json.ToString();
    }

    private static SiteTopology Load(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return TopologyLoader.Load(stream, "generated.json");
    }

    private static IncidentRevision Revision() => new()
    {
        IncidentId = "inc-1",
        Revision = 1,
        State = IncidentState.Open,
        Severity = Severity.Critical,
        Title = "controller stopped",
        OpenedAt = Onset,
        UpdatedAt = Onset.AddMinutes(5),
        RootCause = new Finding("c1", "controller_failed", "controller-failed", Severity.Critical, "c1 stopped.", Onset, [], "seed 001"),
        CausalChain = [],
        Symptoms = [],
        AffectedUsers = [],
        AffectedUsersSeries = [],
        AffectedUsersMax = 0,
        Services = [],
        Timeline = [],
    };
}
