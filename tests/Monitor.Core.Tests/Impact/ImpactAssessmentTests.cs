using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Signals;
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

    [Fact]
    public void AffectedUsers_LoginFailures_CountsTheDistinctUsersSeenFailingOnObservedBasis()
    {
        var failing = TestFindings.Make(TestSite.Pop3, FindingKinds.LoginFailures, 5) with
        {
            Evidence = [new Sample(WindowBuilder.At(5), "mail01/pop3", MetricCatalog.MailLoginFailedUsers, 1_234)],
        };

        var impact = Assert.Single(ImpactAssessment.AffectedUsers(TestSite.Cty, [failing]));

        Assert.Equal((TestSite.Population, 1_234L, UserCountBasis.Observed, TestSite.Contracts), (impact.PopulationKey, impact.Count, impact.Basis, impact.TotalContracts));
    }

    [Fact]
    public void AffectedUsers_LoginFailuresAndServiceDown_TheWholePopulationOnContractBasis()
    {
        var failing = TestFindings.Make(TestSite.Pop3, FindingKinds.LoginFailures, 5) with
        {
            Evidence = [new Sample(WindowBuilder.At(5), "mail01/pop3", MetricCatalog.MailLoginFailedUsers, 1_234)],
        };

        var impact = Assert.Single(ImpactAssessment.AffectedUsers(TestSite.Cty, [failing, TestFindings.Make(TestSite.SmtpIn, FindingKinds.ServiceDown, 6)]));

        Assert.Equal((TestSite.Contracts, UserCountBasis.Contracts), (impact.Count, impact.Basis));
    }

    [Fact]
    public void Functions_QueueBacklogOnTheService_DegradesInboundAndLeavesTheRest()
    {
        var functions = ImpactAssessment.Functions(TestSite.Cty, [TestFindings.Make(TestSite.Service, FindingKinds.MailQueueBacklog, 5)]);

        Assert.Equal(ImpactLevel.Degraded, Assert.Single(functions, f => f.Function == "smtp-in").Level);
        Assert.Equal(ImpactLevel.NotAffected, Assert.Single(functions, f => f.Function == "pop3").Level);
    }
    [Fact]
    public void Functions_SlowFunction_IsDegradedNotUnaffected()
    {
        var functions = ImpactAssessment.Functions(TestSite.Cty, [TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceSlow, 20)]);

        Assert.Equal(ImpactLevel.Degraded, Assert.Single(functions, f => f.Function == "pop3").Level);
        Assert.Equal(ImpactLevel.NotAffected, Assert.Single(functions, f => f.Function == "smtp-in").Level);
    }

    [Fact]
    public void Functions_SlowThenStopped_StoppedWins()
    {
        var functions = ImpactAssessment.Functions(TestSite.Cty,
        [
            TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceSlow, 18),
            TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 20),
        ]);

        Assert.Equal(ImpactLevel.Stopped, Assert.Single(functions, f => f.Function == "pop3").Level);
    }

    [Fact]
    public void AffectedUsers_SlowFunction_CountsItsPopulationByContracts()
    {
        var impact = Assert.Single(ImpactAssessment.AffectedUsers(TestSite.Cty, [TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceSlow, 20)]));

        Assert.Equal(TestSite.Contracts, impact.Count);
        Assert.Equal(UserCountBasis.Contracts, impact.Basis);
    }

    [Fact]
    public void AffectedUsers_LoginFailuresOfAServiceWithTwoPopulations_CountsThePeopleOnceAsUnattributed()
    {
        var failing = TestFindings.Make(ThreeHostSite.Pop3, FindingKinds.LoginFailures, 5) with
        {
            Evidence = [new Sample(WindowBuilder.At(5), "mail01/pop3", MetricCatalog.MailLoginFailedUsers, 1_723)],
        };

        var impact = Assert.Single(ImpactAssessment.AffectedUsers(ThreeHostSite.WithoutDomains, [failing]));

        Assert.Equal(new PopulationImpact("big-mail/unattributed", 1_723, UserCountBasis.Observed, 0), impact);
    }

    [Fact]
    public void AffectedUsers_NoIdentities_TheLargestPerIntervalCountOfTheEvidence()
    {
        var failing = TestFindings.Make(TestSite.Pop3, FindingKinds.LoginFailures, 5) with
        {
            Evidence =
            [
                new Sample(WindowBuilder.At(4), "mail01/pop3", MetricCatalog.MailLoginFailedUsers, 2_481),
                new Sample(WindowBuilder.At(5), "mail01/pop3", MetricCatalog.MailLoginFailedUsers, 1_900),
            ],
        };

        Assert.Equal(2_481, Assert.Single(ImpactAssessment.AffectedUsers(TestSite.Cty, [failing])).Count);
    }
}
