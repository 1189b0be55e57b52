using Monitor.Core.Impact;
using Monitor.Core.Tests.TestSupport;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Impact;

public sealed class UserAttributionTests
{
    private readonly UserAttribution _attribution = new(ThreeHostSite.Site);

    [Theory]
    [InlineData("mail01", "pop3", "retail.example.jp", ThreeHostSite.Retail)]
    [InlineData("mail02", "imap", "corp.example.jp", ThreeHostSite.Business)]
    [InlineData("mail01", "pop3", "elsewhere.example", "big-mail/unattributed")]
    [InlineData("mail01", "imap", null, "big-mail/unattributed")]
    // mail03's POP3 serves both services: the domain still says whose user it is.
    [InlineData("mail03", "pop3", "small.example.jp", ThreeHostSite.SmallPopulation)]
    [InlineData("mail03", "pop3", "biz.example.jp", ThreeHostSite.Business)]
    [InlineData("mail03", "pop3", null, "big-mail+small-mail/unattributed")]
    // Only big-mail has IMAP on mail03, and small.example.jp is not among its populations.
    [InlineData("mail03", "imap", "small.example.jp", "big-mail/unattributed")]
    public void Of_Login_OneGroup(string host, string protocol, string? domain, string group) =>
        Assert.Equal(group, _attribution.Of(host, protocol, domain)?.Key);

    [Fact]
    public void Of_ServiceWithOnePopulation_ThatPopulationWhateverTheDomain()
    {
        var attribution = new UserAttribution(ThreeHostSite.WithoutDomains);

        Assert.Equal(ThreeHostSite.SmallPopulation, attribution.OfService(ThreeHostSite.WithoutDomains.Services.Single(s => s.Id == ThreeHostSite.SmallService)).Key);
        Assert.Equal("big-mail/unattributed", attribution.Of("mail01", "pop3", "retail.example.jp")?.Key);
    }

    [Fact]
    public void Of_UnknownHost_Nobody() => Assert.Null(_attribution.Of("mx99", "pop3", "retail.example.jp"));

    [Fact]
    public void Unattributed_LimitIsTheServicesContracts_AndAddsNoContracts()
    {
        var group = _attribution.Of("mail01", "pop3", null)!;

        Assert.Equal((ThreeHostSite.RetailContracts + ThreeHostSite.BusinessContracts, 0L), (group.Limit, group.TotalContracts));
    }

    [Fact]
    public void Load_DomainInTwoPopulations_IsAProblem()
    {
        var document = new TopologyDocument
        {
            SchemaVersion = TopologyLoader.SchemaVersion,
            Populations =
            [
                new PopulationDocument { Key = "a", Contracts = 1, Domains = ["example.jp"] },
                new PopulationDocument { Key = "b", Contracts = 1, Domains = ["Example.JP"] },
            ],
        };

        var error = Assert.Throws<TopologyException>(() => TopologyLoader.Build(document, "t.json"));

        Assert.Contains("'Example.JP' is listed by populations 'a' and 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PopulationDomainsInJson_LowerCasedOnThePopulation()
    {
        const string Json = """
            {
              "schemaVersion": 1,
              "hosts": [ { "id": "mail01" } ],
              "services": [ { "id": "svc", "category": 5, "hosts": [ "mail01" ], "functions": [ "imap" ], "populations": [ "a", "b" ] } ],
              "populations": [ { "key": "a", "contracts": 10, "domains": [ "A.Example.JP" ] }, { "key": "b", "contracts": 20 } ]
            }
            """;
        var site = TopologyLoader.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Json)), "topology.json");

        Assert.Equal(["a.example.jp"], site.Populations["a"].Domains!);
        Assert.Equal("a", new UserAttribution(site).Of("mail01", "imap", "a.example.jp")?.Key);
    }
}
