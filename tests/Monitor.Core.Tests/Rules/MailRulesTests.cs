using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

/// <summary>Queue backlog, DNS deferrals, login failures, mail loss: mail findings land on the service.</summary>
public sealed class MailRulesTests
{
    private const string Host = TestSite.Host;

    [Fact]
    public void MailQueueBacklog_DeferredGrowing_FindsBacklogOnTheService()
    {
        var window = new WindowBuilder().Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 40, 90, 150, 220, 300);

        var finding = Assert.Single(new MailQueueBacklog().Evaluate(window.Context()));

        Assert.Equal((TestSite.Service, FindingKinds.MailQueueBacklog), (finding.Entity, finding.Kind));
        Assert.Equal(WindowBuilder.At(2), finding.Since);
        Assert.Contains("300 messages deferred", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void MailQueueBacklog_MostlyDnsFailures_SaysDnsAndBrackets()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 100, 200, 300)
            .Series(Host, MetricCatalog.MailDeferredRecipients, 120, 240, 360)
            .Series($"{Host}/dns", MetricCatalog.MailDeferredByReason, 110, 230, 350);

        var finding = Assert.Single(new MailQueueBacklog().Evaluate(window.Context()));

        Assert.Equal(FindingKinds.MailDeferredDns, finding.Kind);
        Assert.Contains("350 of 360 deferred recipients fail on a DNS lookup", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("[brackets]", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void MailQueueBacklog_OldMessagesInALargeSteadyQueue_IsABacklog()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 150, 150, 150)
            .Series($"{Host}/deferred", MetricCatalog.MailQueueOldestAge, 600, 3000, 3060);

        Assert.Single(new MailQueueBacklog().Evaluate(window.Context()));
    }

    [Fact]
    public void MailQueueBacklog_OneOldUndeliverableMessageOnARelay_IsNormal()
    {
        // Postfix keeps undeliverable mail up to maximal_queue_lifetime (5 days).
        var window = new WindowBuilder()
            .Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 5, 5, 5)
            .Series($"{Host}/deferred", MetricCatalog.MailQueueOldestAge, 400_000, 400_060, 400_120);

        Assert.Empty(new MailQueueBacklog().Evaluate(window.Context()));
    }

    [Fact]
    public void MailQueueBacklog_LargeButDraining_StaysSilent()
    {
        var window = new WindowBuilder().Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 400, 300, 200, 150);

        Assert.Empty(new MailQueueBacklog().Evaluate(window.Context()));
    }

    [Fact]
    public void LoginFailures_ManyUsersFailing_FindsOnThePop3FunctionWithTheUserCount()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/pop3", MetricCatalog.MailLoginFailures, 3, 4, 5, 5, 6)
            .Series($"{Host}/pop3", MetricCatalog.MailLoginSuccesses, 10, 9, 8, 8, 7)
            .Series($"{Host}/pop3", MetricCatalog.MailLoginFailedUsers, 120, 180, 230, 260, 310);

        var finding = Assert.Single(new LoginFailures().Evaluate(window.Context()));

        Assert.Equal((TestSite.Pop3, FindingKinds.LoginFailures), (finding.Entity, finding.Kind));
        Assert.Contains("(310 users in the last interval)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains(finding.Evidence, e => e.Metric == MetricCatalog.MailLoginFailedUsers && e.Value == 310);
    }

    [Fact]
    public void LoginFailures_StormBeginsWithinTheLastFiveSamples_DatesItsOnsetFromTheFirstFailingSample()
    {
        // Found by the generated sites (issue 9): the failure ratio over five samples crosses 20%
        // two samples into a storm; the onset is when failures began, not the oldest of the five.
        var window = new WindowBuilder()
            .Series($"{Host}/pop3", MetricCatalog.MailLoginFailures, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 25, 25)
            .Series($"{Host}/pop3", MetricCatalog.MailLoginSuccesses, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10)
            .Series($"{Host}/pop3", MetricCatalog.MailLoginFailedUsers, 3, 3, 3, 3, 3, 3, 3, 3, 400, 420);

        var finding = Assert.Single(new LoginFailures().Evaluate(window.Context()));

        Assert.Equal(WindowBuilder.At(8), finding.Since);
    }

    [Fact]
    public void LoginFailures_AFewPeopleMistypingPasswords_StaysSilent()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/pop3", MetricCatalog.MailLoginFailures, 0.1, 0.1, 0.1, 0.1, 0.1)
            .Series($"{Host}/pop3", MetricCatalog.MailLoginSuccesses, 10, 10, 10, 10, 10)
            .Series($"{Host}/pop3", MetricCatalog.MailLoginFailedUsers, 3, 3, 3, 3, 3);

        Assert.Empty(new LoginFailures().Evaluate(window.Context()));
    }

    [Fact]
    public void MailLoss_OneDiscardedMessage_IsMailLoss()
    {
        var window = new WindowBuilder().Series(Host, MetricCatalog.MailDiscarded, 0, 0, 0, 1.0 / 60, 0);

        var finding = Assert.Single(new MailLoss().Evaluate(window.Context()));

        Assert.Equal((TestSite.Service, FindingKinds.MailLoss, Severity.Critical), (finding.Entity, finding.Kind, finding.Severity));
        Assert.Equal(WindowBuilder.At(3), finding.Since);
    }

    [Fact]
    public void MailboxDelivery_DeliveriesIntoTheMailboxStoreFailing_Finds()
    {
        var window = new WindowBuilder().Series(Host, MetricCatalog.MailDeliveryFailures, 0, 0.5, 0.6, 0.7);

        var finding = Assert.Single(new MailboxDelivery().Evaluate(window.Context()));

        Assert.Equal(FindingKinds.MailboxDeliveryFailing, finding.Kind);
        Assert.Contains("42 a minute", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void MailLoss_NothingDiscardedFewFailures_StaysSilent()
    {
        var window = new WindowBuilder()
            .Series(Host, MetricCatalog.MailDiscarded, 0, 0, 0, 0, 0)
            .Series(Host, MetricCatalog.MailDeliveryFailures, 0, 0.01, 0, 0.02, 0);

        Assert.Empty(new MailLoss().Evaluate(window.Context()));
        Assert.Empty(new MailboxDelivery().Evaluate(window.Context()));
    }
}
