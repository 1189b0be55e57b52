using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
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
        Assert.Equal(MailMessages.MailQueueBacklog, finding.Message?.Id);
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
        Assert.Equal(MailMessages.MailQueueBacklogDns, finding.Message?.Id);
    }

    [Fact]
    public void MailQueueBacklog_OldMessagesInALargeSteadyQueue_IsABacklog()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 150, 150, 150)
            .Series($"{Host}/deferred", MetricCatalog.MailQueueOldestAge, 600, 3000, 3060);

        var finding = Assert.Single(new MailQueueBacklog().Evaluate(window.Context()));

        Assert.Contains("150 messages deferred, the oldest waiting 51 min; users of CTY mail get their mail late.", finding.Explanation, StringComparison.Ordinal);
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
        Assert.Equal(MailMessages.LoginFailures, finding.Message?.Id);
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
        Assert.Equal(MailMessages.MailLoss, finding.Message?.Id);
    }

    [Fact]
    public void MailboxDelivery_DeliveriesIntoTheMailboxStoreFailing_Finds()
    {
        var window = new WindowBuilder().Series(Host, MetricCatalog.MailDeliveryFailures, 0, 0.5, 0.6, 0.7);

        var finding = Assert.Single(new MailboxDelivery().Evaluate(window.Context()));

        Assert.Equal(FindingKinds.MailboxDeliveryFailing, finding.Kind);
        Assert.Contains("42 a minute", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(MailMessages.MailboxDeliveryFailing, finding.Message?.Id);
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

    [Fact]
    public void MailQueueBacklog_MostlyDnsFailures_TheJapaneseNamesTheHostAndTheFigures()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/deferred", MetricCatalog.MailQueueMessages, 100, 200, 300)
            .Series($"{Host}/deferred", MetricCatalog.MailQueueOldestAge, 600, 3000, 3060)
            .Series(Host, MetricCatalog.MailDeferredRecipients, 120, 240, 360)
            .Series($"{Host}/dns", MetricCatalog.MailDeferredByReason, 110, 230, 350);
        var context = window.Context();

        var finding = Assert.Single(new MailQueueBacklog().Evaluate(context));
        var japanese = MessageWriter.Write(finding.Message!, MessageLanguage.Japanese, context.Topology.TimeZone);

        Assert.Contains("Mail on mail01 is piling up: 300 messages deferred, the oldest waiting 51 min; 350 of 360 deferred recipients", finding.Explanation, StringComparison.Ordinal);
        Assert.StartsWith("ホスト mail01でメールが滞留しています。配送が保留されたメールは300通で、最も古いものは51分待機しています。保留された宛先360件のうち350件はDNSによる名前解決に失敗しています。", japanese, StringComparison.Ordinal);
        Assert.EndsWith("サービス cty-mailの利用者へのメールの到着が遅れています。", japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void LoginFailures_ManyUsersFailing_TheJapaneseNamesTheShareTheUsersAndTheTime()
    {
        var window = new WindowBuilder()
            .Series($"{Host}/pop3", MetricCatalog.MailLoginFailures, 3, 4, 5, 5, 6)
            .Series($"{Host}/pop3", MetricCatalog.MailLoginSuccesses, 10, 9, 8, 8, 7)
            .Series($"{Host}/pop3", MetricCatalog.MailLoginFailedUsers, 120, 180, 230, 260, 310);
        var context = window.Context();

        var finding = Assert.Single(new LoginFailures().Evaluate(context));
        var japanese = MessageWriter.Write(finding.Message!, MessageLanguage.Japanese, context.Topology.TimeZone);

        Assert.Equal("35% of POP3 logins on mail01 fail (310 users in the last interval) since 08:40: users of CTY mail cannot receive their mail.", finding.Explanation);
        Assert.Equal("8時40分以降、ホスト mail01ではPOP3のログインの35%が失敗しており、直近の集計期間には310人の利用者がログインできませんでした。サービス cty-mailの利用者はメールを受信できません。", japanese);
    }

    [Fact]
    public void MailLoss_OneDiscardedMessage_TheJapaneseNamesTheHostTheRateAndTheTime()
    {
        var window = new WindowBuilder().Series(Host, MetricCatalog.MailDiscarded, 0, 0, 0, 1.0 / 60, 0);
        var context = window.Context();

        var finding = Assert.Single(new MailLoss().Evaluate(context));
        var japanese = MessageWriter.Write(finding.Message!, MessageLanguage.Japanese, context.Topology.TimeZone);

        Assert.Equal("Mail is being lost on mail01: about 1 message a minute dropped without delivery since 08:43; users of CTY mail never receive them. Keep copies (archive) before anything else.", finding.Explanation);
        Assert.Equal("ホスト mail01でメールが失われています。8時43分以降、毎分約1通のメールが配送されないまま破棄されており、サービス cty-mailの利用者はこれらのメールを受け取れません。何よりも先に、メールの複製を保管してください。", japanese);
    }
}
