using Monitor.Core.Topology;

namespace Monitor.Core.Tests.TestSupport;

/// <summary>
/// The CTY site of seed 001 in small: one mail host reaching one volume over two paths, through
/// two partnered controllers rated 40,000 IOPS and 800 MB/s each, one mail service of 50,511 contracts.
/// </summary>
internal static class TestSite
{
    public const string CtlA = "ctl-a";
    public const string CtlB = "ctl-b";
    public const string Volume = "vol-mail";
    public const string Host = "mail01";
    public const string PathA = "mail01:ctl-a";
    public const string PathB = "mail01:ctl-b";
    public const string Service = "cty-mail";
    public const string Pop3 = "cty-mail/pop3";
    public const string SmtpIn = "cty-mail/smtp-in";
    public const string Population = "cty-mail-contracts";
    public const long Contracts = 50_511;
    public const double RatedIops = 40_000;
    public const double RatedThroughput = 800_000_000;

    // A second, unrelated storage and service: nothing of it reaches the CTY mail service.
    public const string CtlC = "ctl-c";
    public const string CtlD = "ctl-d";
    public const string OtherVolume = "vol-other";
    public const string OtherHost = "mail02";
    public const string OtherService = "other-mail";
    public const string OtherPop3 = "other-mail/pop3";
    public const string OtherPopulation = "other-mail-contracts";
    public const long OtherContracts = 1_000;

    /// <summary>The CTY site alone.</summary>
    public static SiteTopology Cty { get; } = TopologyLoader.Build(Document(), "test-topology.json");

    /// <summary>The CTY site and an unrelated second storage and service.</summary>
    public static SiteTopology TwoStorages { get; } = TopologyLoader.Build(Document(withSecondStorage: true), "test-topology.json");

    /// <summary>A fresh document of the site, for tests that break it.</summary>
    public static TopologyDocument Document(bool withSecondStorage = false)
    {
        var document = new TopologyDocument
        {
            SchemaVersion = TopologyLoader.SchemaVersion,
            Site = new SiteDocument { Name = "cty", Operator = "CTY", Location = "data center", Area = "Mie", TimeZone = "Asia/Tokyo" },
            Hosts = [new HostDocument { Id = Host, Role = "mail server" }],
            HbaPorts =
            [
                new HbaPortDocument { Id = "mail01:host1", Host = Host },
                new HbaPortDocument { Id = "mail01:host2", Host = Host },
            ],
            Controllers =
            [
                Controller(CtlA, "Storage controller A", CtlB),
                Controller(CtlB, "Storage controller B", CtlA),
            ],
            Volumes = [new VolumeDocument { Id = Volume, Name = "mail store", Controllers = [CtlA, CtlB] }],
            Paths =
            [
                new PathDocument { Id = PathA, Host = Host, HbaPort = "mail01:host1", Controller = CtlA, Volume = Volume },
                new PathDocument { Id = PathB, Host = Host, HbaPort = "mail01:host2", Controller = CtlB, Volume = Volume },
            ],
            Services =
            [
                new ServiceDocument
                {
                    Id = Service,
                    Name = "CTY mail",
                    Category = 5,
                    Hosts = [Host],
                    Volumes = [Volume],
                    Functions = ["pop3", "smtp-in"],
                    Populations = [Population],
                },
            ],
            Populations = [new PopulationDocument { Key = Population, Name = "CTY mail contracts", Contracts = Contracts }],
        };

        if (withSecondStorage)
        {
            document.Hosts.Add(new HostDocument { Id = OtherHost, Role = "other mail server" });
            document.Controllers.Add(Controller(CtlC, "Storage controller C", CtlD));
            document.Controllers.Add(Controller(CtlD, "Storage controller D", CtlC));
            document.Volumes.Add(new VolumeDocument { Id = OtherVolume, Name = "other store", Controllers = [CtlC, CtlD] });
            document.Paths.Add(new PathDocument { Id = "mail02:ctl-c", Host = OtherHost, Controller = CtlC, Volume = OtherVolume });
            document.Paths.Add(new PathDocument { Id = "mail02:ctl-d", Host = OtherHost, Controller = CtlD, Volume = OtherVolume });
            document.Services.Add(new ServiceDocument
            {
                Id = OtherService,
                Name = "Other mail",
                Category = 5,
                Hosts = [OtherHost],
                Volumes = [OtherVolume],
                Functions = ["pop3"],
                Populations = [OtherPopulation],
            });
            document.Populations.Add(new PopulationDocument { Key = OtherPopulation, Name = "Other contracts", Contracts = OtherContracts });
        }

        return document;
    }

    private static ControllerDocument Controller(string id, string name, string partner) => new()
    {
        Id = id,
        Name = name,
        Partner = partner,
        RatedIops = RatedIops,
        RatedThroughputBytesPerSecond = RatedThroughput,
    };
}
