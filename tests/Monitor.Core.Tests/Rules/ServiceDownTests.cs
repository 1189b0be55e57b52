using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class ServiceDownTests
{
    private static readonly ServiceDown Rule = new();

    [Fact]
    public void Evaluate_TwoFailedProbesInARow_FindsServiceDownOnTheFunction()
    {
        var window = new WindowBuilder()
            .Series(TestSite.Pop3, MetricCatalog.ProbeSuccess, 1, 1, 0, 0)
            .Series(TestSite.SmtpIn, MetricCatalog.ProbeSuccess, 1, 1, 1, 1);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal("cty-mail/pop3", finding.Entity);
        Assert.Equal(FindingKinds.ServiceDown, finding.Kind);
        Assert.Equal(WindowBuilder.At(2), finding.Since);
        Assert.Contains("users cannot read their mail", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(2, finding.Evidence.Count);
        Assert.Equal(MailMessages.ServiceDown, finding.Message?.Id);
    }

    [Fact]
    public void Evaluate_OneFailureAlone_FindsNothing()
    {
        var window = new WindowBuilder()
            .Series(TestSite.Pop3, MetricCatalog.ProbeSuccess, 1, 1, 1, 0);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_FailuresNotInARow_FindsNothing()
    {
        var window = new WindowBuilder()
            .Series(TestSite.Pop3, MetricCatalog.ProbeSuccess, 0, 1, 0);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_ProbeSucceedsAgain_FindsNothing()
    {
        var window = new WindowBuilder()
            .Series(TestSite.Pop3, MetricCatalog.ProbeSuccess, 0, 0, 0, 1);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_FailedProbesStale_FindsNothing()
    {
        var window = new WindowBuilder()
            .Series(TestSite.Pop3, MetricCatalog.ProbeSuccess, 0, 0);

        Assert.Empty(Rule.Evaluate(window.Context(window.Newest.AddMinutes(6))));
    }

    [Fact]
    public void Evaluate_SmtpInDown_SaysMailQueuesAtTheSenders()
    {
        var window = new WindowBuilder()
            .Series(TestSite.SmtpIn, MetricCatalog.ProbeSuccess, 0, 0);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(TestSite.SmtpIn, finding.Entity);
        Assert.Contains("queues at the senders", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Pop3Down_TheJapaneseNamesTheServiceTheFunctionTheTimeAndWhatUsersLose()
    {
        var window = new WindowBuilder().Series(TestSite.Pop3, MetricCatalog.ProbeSuccess, 1, 1, 0, 0);
        var context = window.Context();

        var finding = Assert.Single(Rule.Evaluate(context));
        var japanese = MessageWriter.Write(finding.Message!, MessageLanguage.Japanese, context.Topology.TimeZone);

        Assert.Equal("pop3 of CTY mail (cty-mail/pop3) has failed every probe since 08:42: users cannot read their mail.", finding.Explanation);
        Assert.Equal("サービス cty-mailのメールの受信（POP3）は、8時42分以降、監視用の試験接続にすべて失敗しています。利用者はメールを受信できません。", japanese);
    }
}
