using Monitor.Core.Tests.TestSupport;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Topology;

/// <summary>Recipient domains tell the services of a shared MX apart; a host with one service needs none.</summary>
public sealed class MailDomainsTests
{
    private static TopologyException BuildFails(TopologyDocument document) =>
        Assert.Throws<TopologyException>(() => TopologyLoader.Build(document, "topology.json"));

    [Fact]
    public void Build_TwoServicesOnOneHostNeitherListingDomains_IsReportedWithTheHostAndBothServices()
    {
        var document = SharedMxSite.Document(ctyListsDomains: false);
        document.Services.Single(s => s.Id == TestSite.OtherService).Domains = [];

        var error = BuildFails(document);

        Assert.Contains("services[1].domains", error.Message, StringComparison.Ordinal);
        Assert.Contains($"host '{TestSite.Host}' runs {TestSite.Service}, {TestSite.OtherService}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OneHostOneService_NeedsNoDomains()
    {
        var site = TopologyLoader.Build(TestSite.Document(withSecondStorage: true), "topology.json");

        var cty = site.Services.Single(s => s.Id == TestSite.Service);
        Assert.Empty(cty.Domains);
        Assert.Equal([MailDomains.Other], site.MailDomains.BucketsOf(TestSite.Host, cty));
    }

    [Theory]
    [InlineData("not a domain")]
    [InlineData("localhost")]
    [InlineData("-bad.example.jp")]
    public void Build_DomainThatIsNoDomainName_IsReported(string domain)
    {
        var document = SharedMxSite.Document();
        document.Services[0].Domains = [domain];

        Assert.Contains("services[0].domains[0]", BuildFails(document).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DomainListedByTwoServices_IsReported()
    {
        var document = SharedMxSite.Document();
        document.Services[1].Domains = ["CTY.ne.jp."];

        Assert.Contains($"'cty.ne.jp' is already listed by service '{TestSite.Service}'", BuildFails(document).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice@cty.ne.jp", SharedMxSite.CtyDomain)]
    [InlineData("Bob@Mail.CTY.ne.jp", SharedMxSite.CtyDomain)]
    [InlineData("carol@other.example.jp", SharedMxSite.OtherDomain)]
    [InlineData("dave@notcty.ne.jp", MailDomains.Other)]
    [InlineData("postmaster", MailDomains.Other)]
    public void BucketOfAddress_MatchesTheDomainOrASubdomain(string address, string bucket)
    {
        Assert.Equal(bucket, SharedMxSite.Site.MailDomains.BucketOfAddress(address));
    }

    [Fact]
    public void BucketsOf_SharedHost_EachServiceGetsItsOwnDomainsAndTheOneWithoutDomainsTheRest()
    {
        var site = TopologyLoader.Build(SharedMxSite.Document(ctyListsDomains: false), "topology.json");
        var cty = site.Services.Single(s => s.Id == TestSite.Service);
        var other = site.Services.Single(s => s.Id == TestSite.OtherService);

        Assert.Equal([SharedMxSite.OtherDomain], site.MailDomains.BucketsOf(TestSite.Host, other));
        Assert.Equal([MailDomains.Other], site.MailDomains.BucketsOf(TestSite.Host, cty));
        Assert.Equal([SharedMxSite.OtherDomain, MailDomains.Other], site.MailDomains.Buckets);
    }
}
