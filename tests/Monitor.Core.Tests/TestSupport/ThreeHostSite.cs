using Monitor.Core.Topology;

namespace Monitor.Core.Tests.TestSupport;

/// <summary>
/// A mail service on three hosts (POP3 and IMAP on each) for two populations told apart by the
/// login's domain, beside a second service with one population that shares host mail03.
/// </summary>
internal static class ThreeHostSite
{
    public const string Service = "big-mail";
    public const string Pop3 = "big-mail/pop3";
    public const string Imap = "big-mail/imap";
    public const string Retail = "retail";
    public const long RetailContracts = 400_000;
    public const string Business = "business";
    public const long BusinessContracts = 100_000;
    public const string SmallService = "small-mail";
    public const string SmallPopulation = "small";
    public const long SmallContracts = 5_000;

    public static readonly string[] Hosts = ["mail01", "mail02", "mail03"];

    public static SiteTopology Site { get; } = Build(withDomains: true);

    /// <summary>The same site whose populations list no domains: logins cannot tell them apart.</summary>
    public static SiteTopology WithoutDomains { get; } = Build(withDomains: false);

    private static SiteTopology Build(bool withDomains) => TopologyLoader.Build(
        new TopologyDocument
        {
            SchemaVersion = TopologyLoader.SchemaVersion,
            Site = new SiteDocument { Name = "big", Operator = "Big ISP", Location = "data center", Area = "Tokyo", TimeZone = "Asia/Tokyo" },
            Hosts = [.. Hosts.Select(h => new HostDocument { Id = h, Role = "mailbox server" })],
            Services =
            [
                new ServiceDocument
                {
                    Id = Service, Name = "Big mail", Category = 5, Hosts = [.. Hosts], Functions = ["pop3", "imap"], Populations = [Retail, Business],
                },
                new ServiceDocument
                {
                    // mail03 is shared: the small service names its mail's domain, the big one takes the rest.
                    Id = SmallService, Name = "Small mail", Category = 5, Hosts = ["mail03"], Functions = ["pop3"], Populations = [SmallPopulation], Domains = ["small.example.jp"],
                },
            ],
            Populations =
            [
                new PopulationDocument { Key = Retail, Name = "retail", Contracts = RetailContracts, Domains = withDomains ? ["retail.example.jp"] : [] },
                new PopulationDocument { Key = Business, Name = "business", Contracts = BusinessContracts, Domains = withDomains ? ["biz.example.jp", "corp.example.jp"] : [] },
                new PopulationDocument { Key = SmallPopulation, Name = "small", Contracts = SmallContracts, Domains = withDomains ? ["small.example.jp"] : [] },
            ],
        },
        "three-host-topology.json");
}
