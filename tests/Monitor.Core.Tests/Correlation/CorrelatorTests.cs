using Monitor.Core.Correlation;
using Monitor.Core.Findings;
using Monitor.Core.Tests.TestSupport;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Correlation;

public sealed class CorrelatorTests
{
    [Fact]
    public void Correlate_CtySet_GivesOneCandidateRootedAtTheFailedController()
    {
        var findings = TestFindings.CtySet();

        var candidate = Assert.Single(new Correlator(TestSite.Cty).Correlate(findings));

        Assert.Equal(new FindingKey(TestSite.CtlA, FindingKinds.ControllerFailed), candidate.Root.Key);
        Assert.Equal(
            new[]
            {
                new FindingKey(TestSite.CtlB, FindingKinds.DegradedOverloadIops),
                new FindingKey(TestSite.CtlB, FindingKinds.LatencyAccumulation),
                new FindingKey(TestSite.Volume, FindingKinds.PathsDegraded),
                new FindingKey(TestSite.Pop3, FindingKinds.ServiceDown),
            }.ToHashSet(),
            candidate.Symptoms.Select(f => f.Key).ToHashSet());
        Assert.Equal(5, candidate.All.Count());
    }

    [Fact]
    public void Correlate_CtySetInAnyOrder_GivesTheSameRootAndSymptomOrder()
    {
        var findings = TestFindings.CtySet();
        var correlator = new Correlator(TestSite.Cty);

        var forward = Assert.Single(correlator.Correlate(findings));
        var backward = Assert.Single(correlator.Correlate([.. findings.Reverse()]));

        Assert.Equal(forward.Root.Key, backward.Root.Key);
        Assert.Equal(forward.Symptoms.Select(f => f.Key), backward.Symptoms.Select(f => f.Key));
    }

    [Fact]
    public void Correlate_SymptomsComeMostUpstreamFirst()
    {
        var candidate = Assert.Single(new Correlator(TestSite.Cty).Correlate(TestFindings.CtySet()));

        Assert.Equal(TestSite.Pop3, candidate.Symptoms[^1].Entity);
        Assert.Equal(FindingKinds.DegradedOverloadIops, candidate.Symptoms[0].Kind);
    }

    [Fact]
    public void Correlate_TwoIndependentFaults_GivesTwoCandidates()
    {
        var otherController = TestFindings.Make(TestSite.CtlC, FindingKinds.ControllerFailed, 10);
        var ctyPop3 = TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 12);

        var candidates = new Correlator(TestSite.TwoStorages).Correlate([ctyPop3, otherController]);

        Assert.Equal(2, candidates.Count);
        Assert.Equal(otherController.Key, candidates[0].Root.Key);
        Assert.Empty(candidates[0].Symptoms);
        Assert.Equal(ctyPop3.Key, candidates[1].Root.Key);
        Assert.Empty(candidates[1].Symptoms);
    }

    [Fact]
    public void Correlate_TwoFaultsEachWithSymptoms_KeepsSymptomsWithTheirOwnRoot()
    {
        var findings = new[]
        {
            TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 10),
            TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 12),
            TestFindings.Make(TestSite.CtlC, FindingKinds.ControllerFailed, 11),
            TestFindings.Make(TestSite.OtherPop3, FindingKinds.ServiceDown, 13),
        };

        var candidates = new Correlator(TestSite.TwoStorages).Correlate(findings);

        Assert.Equal(2, candidates.Count);
        var cty = Assert.Single(candidates, c => c.Root.Entity == TestSite.CtlA);
        Assert.Equal(TestSite.Pop3, Assert.Single(cty.Symptoms).Entity);
        var other = Assert.Single(candidates, c => c.Root.Entity == TestSite.CtlC);
        Assert.Equal(TestSite.OtherPop3, Assert.Single(other.Symptoms).Entity);
    }

    [Fact]
    public void Correlate_LoginsFailingOnTwoProtocolsOfOneHost_GivesOneCandidate()
    {
        // kita-imap-storm: the authentication behind a back end saturates, IMAP and POP3 logins
        // fail on it together. Sibling functions do not reach each other; the host they were
        // seen on does, and nothing else in view explains either.
        var site = SiteWithImap();
        var imap = TestFindings.Make("cty-mail/imap", FindingKinds.LoginFailures, 10) with { Scope = TestSite.Host };
        var pop3 = TestFindings.Make(TestSite.Pop3, FindingKinds.LoginFailures, 12) with { Scope = TestSite.Host };

        var candidate = Assert.Single(new Correlator(site).Correlate([pop3, imap]));

        Assert.Equal(imap.Key, candidate.Root.Key);
        Assert.Equal([pop3.Key], candidate.Symptoms.Select(f => f.Key));
    }

    [Fact]
    public void Correlate_ProbesOfTwoFunctionsOfAOneHostService_GiveOneCandidate()
    {
        // Dovecot stopped on the service's only host: POP3 and IMAP probes fail together. A probe
        // names no host (it targets an address), but a service with one host has no other to
        // be seen through (found by the live test, tests/Monitor.EndToEnd.Tests/Live).
        var site = SiteWithImap();
        var pop3 = TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 10);
        var imap = TestFindings.Make("cty-mail/imap", FindingKinds.ServiceDown, 10);

        var candidate = Assert.Single(new Correlator(site).Correlate([pop3, imap]));

        Assert.Equal(2, candidate.Symptoms.Count + 1);
    }

    [Fact]
    public void Correlate_SameHostTwoServices_StaysTwoCandidates()
    {
        // A shared MX: one service's failing store is no fault of the other service on the host.
        var document = TestSite.Document(withSecondStorage: true);
        document.Services[1].Hosts.Add(TestSite.Host);
        document.Services[0].Domains = ["cty.example.jp"];
        var site = TopologyLoader.Build(document, "test-topology.json");
        var cty = TestFindings.Make(TestSite.Service, FindingKinds.MailboxStoreUnavailable, 10) with { Scope = TestSite.Host };
        var other = TestFindings.Make(TestSite.OtherService, FindingKinds.MailQueueBacklog, 11) with { Scope = TestSite.Host };

        var candidates = new Correlator(site).Correlate([cty, other]);

        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Empty(c.Symptoms));
    }

    private static SiteTopology SiteWithImap()
    {
        var document = TestSite.Document();
        document.Services[0].Functions.Add("imap");
        return TopologyLoader.Build(document, "test-topology.json");
    }

    [Fact]
    public void Correlate_OverloadWithoutFailedController_OverloadIsTheRoot()
    {
        var findings = new[]
        {
            TestFindings.Make(TestSite.CtlB, FindingKinds.LatencyAccumulation, 16),
            TestFindings.Make(TestSite.CtlB, FindingKinds.DegradedOverloadIops, 13),
        };

        var candidate = Assert.Single(new Correlator(TestSite.Cty).Correlate(findings));

        Assert.Equal(FindingKinds.DegradedOverloadIops, candidate.Root.Kind);
    }

    [Fact]
    public void Correlate_NoFindings_GivesNoCandidate()
    {
        Assert.Empty(new Correlator(TestSite.Cty).Correlate([]));
    }

    [Fact]
    public void Explains_FailedControllerAndOverloadedPartner_OnlyOneWay()
    {
        var correlator = new Correlator(TestSite.Cty);
        var failed = TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 13);
        var overload = TestFindings.Make(TestSite.CtlB, FindingKinds.DegradedOverloadIops, 13);

        Assert.True(correlator.Explains(failed, overload));
        Assert.False(correlator.Explains(overload, failed));
    }

    [Fact]
    public void Explains_UnrelatedEntities_IsFalse()
    {
        var correlator = new Correlator(TestSite.TwoStorages);

        Assert.False(correlator.Explains(
            TestFindings.Make(TestSite.CtlC, FindingKinds.ControllerFailed, 10),
            TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 12)));
    }
}
