using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

/// <summary>
/// Two services on one MX (mail01): CTY mail for cty.ne.jp and Other mail for other.example.jp.
/// What fails for one service's domains is that service's finding, never the other's.
/// </summary>
public sealed class SharedMxTests
{
    private const string Host = TestSite.Host;
    private const string Cty = SharedMxSite.CtyDomain;
    private const string Other = SharedMxSite.OtherDomain;

    [Fact]
    public void MailQueueBacklog_BacklogForOneServicesDomains_FindsOnlyThatService()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 40, 90, 150, 220, 300)
            .Series($"{Host}/{Cty}/mailbox", MetricCatalog.MailDeferredByDomain, 38, 88, 146, 215, 296)
            .Series($"{Host}/{Other}/mailbox", MetricCatalog.MailDeferredByDomain, 2, 2, 4, 5, 4)
            .Series($"{Host}/{Cty}", MetricCatalog.MailDeferredDomainOldestAge, 60, 120, 180, 240, 300)
            .Series($"{Host}/{Other}", MetricCatalog.MailDeferredDomainOldestAge, 30, 30, 60, 60, 30);

        var findings = new MailQueueBacklog().Evaluate(window.Context(topology: SharedMxSite.Site)).ToList();

        var finding = Assert.Single(findings);
        Assert.Equal((TestSite.Service, FindingKinds.MailQueueBacklog), (finding.Entity, finding.Kind));
        Assert.Equal(WindowBuilder.At(2), finding.Since);
        Assert.Contains("296 recipients of its mail deferred (mail for cty.ne.jp)", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(MailMessages.MailQueueBacklogShared, finding.Message?.Id);
        Assert.All(finding.Evidence, e => Assert.StartsWith($"{Host}/{Cty}/", e.Entity, StringComparison.Ordinal));
    }

    [Fact]
    public void MailQueueBacklog_SharedHostWithoutDomainCounts_BlamesNoService()
    {
        // An agent that does not count by domain cannot tell whose mail waits: no service is blamed on a guess.
        var window = new WindowBuilder().Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 40, 90, 150, 220, 300);

        Assert.Empty(new MailQueueBacklog().Evaluate(window.Context(topology: SharedMxSite.Site)));
    }

    [Fact]
    public void MailQueueBacklog_DnsDeferralsForTheOtherServicesDomains_AreItsOwnDnsFinding()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/{Other}/dns", MetricCatalog.MailDeferredByDomain, 100, 200, 300)
            .Series($"{Host}/{Cty}/dns", MetricCatalog.MailDeferredByDomain, 0, 1, 0);

        var finding = Assert.Single(new MailQueueBacklog().Evaluate(window.Context(topology: SharedMxSite.Site)));

        Assert.Equal((TestSite.OtherService, FindingKinds.MailDeferredDns), (finding.Entity, finding.Kind));
        Assert.Contains("300 of 300 deferred recipients fail on a DNS lookup", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(MailMessages.MailQueueBacklogSharedDns, finding.Message?.Id);
    }

    [Fact]
    public void MailboxDelivery_StoreFailingForOneServicesDomains_FindsOnlyThatService()
    {
        var window = new WindowBuilder()
            .Series(Host, MetricCatalog.MailDeliveryFailures, 0, 0.5, 0.6, 0.7)
            .Series($"{Host}/{Cty}/store_unavailable", MetricCatalog.MailDeliveryDeferred, 0, 0.5, 0.6, 0.7)
            .Series($"{Host}/{Other}/store_unavailable", MetricCatalog.MailDeliveryDeferred, 0, 0, 0, 0);

        var finding = Assert.Single(new MailboxDelivery().Evaluate(window.Context(topology: SharedMxSite.Site)));

        Assert.Equal((TestSite.Service, FindingKinds.MailboxStoreUnavailable), (finding.Entity, finding.Kind));
        Assert.Contains("on mail01 (mail for cty.ne.jp) fail at 42 a minute", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(MailMessages.MailboxStoreUnavailableDeferred, finding.Message?.Id);
        Assert.StartsWith(
            "8時41分以降、ホスト mail01（cty.ne.jp宛て）のメールボックスへの配送が毎分42件失敗しています。",
            MessageWriter.Write(finding.Message!, MessageLanguage.Japanese, SharedMxSite.Site.TimeZone),
            StringComparison.Ordinal);
    }

    [Fact]
    public void MailLoss_DiscardsWhileOneServicesStoreFails_LandOnThatServiceOnly()
    {
        var window = new WindowBuilder()
            .Series(Host, MetricCatalog.MailDiscarded, 0, 0, 0, 1.0 / 60, 0)
            .Series($"{Host}/{Cty}/unknown_user", MetricCatalog.MailDeliveryBounced, 0, 0.5, 0.6, 0.7, 0.7)
            .Series($"{Host}/{Other}/unknown_user", MetricCatalog.MailDeliveryBounced, 0, 0, 0, 0, 0);

        var finding = Assert.Single(new MailLoss().Evaluate(window.Context(topology: SharedMxSite.Site)));

        Assert.Equal((TestSite.Service, FindingKinds.MailLoss), (finding.Entity, finding.Kind));
    }

    [Fact]
    public void MailLoss_DiscardsNobodysFailureExplains_LandOnEveryServiceOfTheHost()
    {
        var window = new WindowBuilder().Series(Host, MetricCatalog.MailDiscarded, 0, 0, 0, 1.0 / 60, 0);

        var findings = new MailLoss().Evaluate(window.Context(topology: SharedMxSite.Site)).ToList();

        Assert.Equal([TestSite.Service, TestSite.OtherService], findings.Select(f => f.Entity).Order(StringComparer.Ordinal));
    }
}
