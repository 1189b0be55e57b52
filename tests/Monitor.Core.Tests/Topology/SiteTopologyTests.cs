using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Topology;

public sealed class SiteTopologyTests
{
    [Fact]
    public void Reaches_ControllerToServiceFunction_IsTrue()
    {
        Assert.True(TestSite.Cty.Reaches(TestSite.CtlA, TestSite.Pop3));
        Assert.True(TestSite.Cty.Reaches(TestSite.PathB, TestSite.Service));
    }

    [Fact]
    public void Reaches_Upstream_IsFalse()
    {
        Assert.False(TestSite.Cty.Reaches(TestSite.Pop3, TestSite.CtlA));
        Assert.False(TestSite.Cty.Reaches(TestSite.Volume, TestSite.PathA));
    }

    [Fact]
    public void Reaches_PartnerControllers_ReachEachOther()
    {
        Assert.True(TestSite.Cty.Reaches(TestSite.CtlA, TestSite.CtlB));
        Assert.True(TestSite.Cty.Reaches(TestSite.CtlB, TestSite.CtlA));
    }

    [Fact]
    public void Reaches_UnrelatedStorage_IsFalse()
    {
        Assert.False(TestSite.TwoStorages.Reaches(TestSite.CtlC, TestSite.Pop3));
        Assert.False(TestSite.TwoStorages.Reaches(TestSite.CtlA, TestSite.OtherPop3));
    }

    [Fact]
    public void Reaches_Itself_IsTrue()
    {
        Assert.True(TestSite.Cty.Reaches(TestSite.Volume, TestSite.Volume));
        Assert.False(TestSite.Cty.Reaches("nowhere", "nowhere"));
    }

    [Fact]
    public void Depth_PartnersEqualAndGrowingTowardsUsers()
    {
        var site = TestSite.Cty;

        Assert.Equal(0, site.Depth(TestSite.CtlA));
        Assert.Equal(site.Depth(TestSite.CtlA), site.Depth(TestSite.CtlB));
        Assert.True(site.Depth(TestSite.CtlA) < site.Depth(TestSite.Volume));
        Assert.True(site.Depth(TestSite.Volume) < site.Depth(TestSite.Service));
        Assert.True(site.Depth(TestSite.Service) < site.Depth(TestSite.Pop3));
        Assert.Equal(int.MaxValue, site.Depth("unknown"));
    }

    [Fact]
    public void Chain_VolumeToFunction_GoesThroughTheService()
    {
        var chain = TestSite.Cty.Chain(TestSite.Volume, TestSite.Pop3);

        Assert.Equal(
            [(TestSite.Volume, TestSite.Service), (TestSite.Service, TestSite.Pop3)],
            chain.Select(d => (d.From, d.To)));
        Assert.Equal("provides", chain[^1].Relation);
    }

    [Fact]
    public void Chain_NotDownstream_IsEmpty()
    {
        Assert.Empty(TestSite.Cty.Chain(TestSite.Pop3, TestSite.CtlA));
        Assert.Empty(TestSite.Cty.Chain(TestSite.CtlA, TestSite.CtlA));
    }

    [Fact]
    public void ServiceOf_FunctionOrService_ReturnsTheService()
    {
        Assert.Equal(TestSite.Service, TestSite.Cty.ServiceOf(TestSite.Pop3)?.Id);
        Assert.Equal(TestSite.Service, TestSite.Cty.ServiceOf(TestSite.Service)?.Id);
        Assert.Null(TestSite.Cty.ServiceOf(TestSite.CtlA));
    }

    [Fact]
    public void Clock_AsiaTokyo_ShowsTheSiteTime()
    {
        var utc = new DateTimeOffset(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);

        Assert.Equal("08:53", TestSite.Cty.Clock(utc));
    }
}
