using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Impact;

public sealed class ImpactAssessmentTests
{
    [Fact]
    public void AffectedUsers_FunctionDown_CountsItsPopulationByContracts()
    {
        var impact = Assert.Single(ImpactAssessment.AffectedUsers(TestSite.Cty, [TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 20)]));

        Assert.Equal(new PopulationImpact(TestSite.Population, 50_511, UserCountBasis.Contracts, 50_511), impact);
    }

    [Fact]
    public void AffectedUsers_TwoFunctionsOfOneServiceDown_CountsThePopulationOnce()
    {
        var impact = ImpactAssessment.AffectedUsers(TestSite.Cty,
        [
            TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 20),
            TestFindings.Make(TestSite.SmtpIn, FindingKinds.ServiceDown, 21),
        ]);

        Assert.Equal(50_511, Assert.Single(impact).Count);
    }

    [Fact]
    public void AffectedUsers_OnlyStorageFindings_NobodyCountedYet()
    {
        var findings = TestFindings.CtySet()[..4];

        Assert.Empty(ImpactAssessment.AffectedUsers(TestSite.Cty, findings));
    }

    [Fact]
    public void AffectedUsers_TwoServicesDown_CountsBothPopulations()
    {
        var impact = ImpactAssessment.AffectedUsers(TestSite.TwoStorages,
        [
            TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 20),
            TestFindings.Make(TestSite.OtherPop3, FindingKinds.ServiceDown, 20),
        ]);

        Assert.Equal(TestSite.Contracts + TestSite.OtherContracts, impact.Sum(p => p.Count));
    }

    [Fact]
    public void Functions_ListsEveryFunctionWithTheStoppedOnes()
    {
        var functions = ImpactAssessment.Functions(TestSite.Cty, TestFindings.CtySet());

        Assert.Equal(
            [("pop3", ImpactLevel.Stopped), ("smtp-in", ImpactLevel.NotAffected)],
            functions.Select(f => (f.Function, f.Level)));
        Assert.All(functions, f => Assert.Equal(5, f.Category));
    }
}
