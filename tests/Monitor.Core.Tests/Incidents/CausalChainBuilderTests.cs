using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Incidents;

public sealed class CausalChainBuilderTests
{
    private static IReadOnlyList<Monitor.Core.Incidents.CausalLink> BuildCty()
    {
        var findings = TestFindings.CtySet();
        return CausalChainBuilder.Build(TestSite.Cty, findings[0], findings[1..]);
    }

    [Fact]
    public void Build_CtySet_StartsAtTheFailedControllerAndEndsWithThePopulation()
    {
        var chain = BuildCty();

        Assert.Equal(TestSite.CtlA, chain[0].From);
        Assert.Contains(chain, l => l.To == TestSite.Service);
        Assert.Contains(chain, l => l.To == TestSite.Pop3);
        var last = chain[^1];
        Assert.Equal((TestSite.Service, TestSite.Population, "is used by"), (last.From, last.To, last.Relation));
        Assert.Equal(["users_affected"], last.ObservedKinds);
    }

    [Fact]
    public void Build_CtySet_EveryHopStartsWhereTheTroubleAlreadyIs()
    {
        var chain = BuildCty();

        var reached = new HashSet<string>(StringComparer.Ordinal) { TestSite.CtlA };
        foreach (var link in chain)
        {
            Assert.Contains(link.From, reached);
            reached.Add(link.To);
        }

        Assert.Equal(chain.Count, chain.Select(l => (l.From, l.To)).Distinct().Count());
    }

    [Fact]
    public void Build_CtySet_HopsCarryWhatTheRulesSawThere()
    {
        var chain = BuildCty();

        Assert.Contains(FindingKinds.PathsDegraded, Assert.Single(chain, l => l.To == TestSite.Volume).ObservedKinds);
        Assert.Equal(
            [FindingKinds.DegradedOverloadIops, FindingKinds.LatencyAccumulation],
            Assert.Single(chain, l => l.To == TestSite.CtlB).ObservedKinds);
        Assert.Empty(Assert.Single(chain, l => l.To == TestSite.Service).ObservedKinds);
    }

    [Fact]
    public void Build_NoServiceDown_DoesNotReachThePopulation()
    {
        var findings = TestFindings.CtySet()[..4];

        var chain = CausalChainBuilder.Build(TestSite.Cty, findings[0], findings[1..]);

        Assert.DoesNotContain(chain, l => l.To == TestSite.Population);
        Assert.NotEmpty(chain);
    }

    [Fact]
    public void Build_RootAlone_IsEmpty()
    {
        var root = TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 13);

        Assert.Empty(CausalChainBuilder.Build(TestSite.Cty, root, [root]));
    }
}
