using Monitor.Core.Correlation;
using Monitor.Core.Findings;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Correlation;

public sealed class CauseOrderTests
{
    private static readonly CauseOrder Order = new(TestSite.Cty);

    [Fact]
    public void Compare_UpstreamEntity_ComesFirstWhateverTheKind()
    {
        var upstream = TestFindings.Make(TestSite.CtlB, FindingKinds.LatencyAccumulation, 20);
        var downstream = TestFindings.Make(TestSite.Volume, FindingKinds.PathsLost, 10);

        Assert.True(Order.Compare(upstream, downstream) < 0);
        Assert.True(Order.Compare(downstream, upstream) > 0);
    }

    [Fact]
    public void Compare_SameDepth_LowerCauseRankFirst()
    {
        var failed = TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 20);
        var overload = TestFindings.Make(TestSite.CtlB, FindingKinds.DegradedOverloadIops, 10);

        Assert.True(Order.Compare(failed, overload) < 0);
    }

    [Fact]
    public void Compare_SameDepthAndKind_EarlierOnsetFirst()
    {
        var earlier = TestFindings.Make(TestSite.CtlB, FindingKinds.ControllerFailed, 10);
        var later = TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 11);

        Assert.True(Order.Compare(earlier, later) < 0);
    }

    [Fact]
    public void Compare_OtherwiseEqual_OrdersByNameSoTheOrderIsTotal()
    {
        var a = TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 10);
        var b = TestFindings.Make(TestSite.CtlB, FindingKinds.ControllerFailed, 10);

        Assert.True(Order.Compare(a, b) < 0);
        Assert.True(Order.Compare(b, a) > 0);
        Assert.Equal(0, Order.Compare(a, a));
    }

    [Fact]
    public void CauseRank_UnknownKind_RanksLast()
    {
        Assert.True(FindingKinds.CauseRank("something_new") > FindingKinds.CauseRank(FindingKinds.ServiceDown));
        Assert.Equal(0, FindingKinds.CauseRank(FindingKinds.ControllerFailed));
    }
}
