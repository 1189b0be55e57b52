using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class ServiceSlowTests
{
    private static readonly ServiceSlow Rule = new();

    private static WindowBuilder Probe(double usual, int usualMinutes, params double[] then)
    {
        var durations = WindowBuilder.Repeat(usual, usualMinutes).Concat(then).ToArray();
        return new WindowBuilder()
            .Series(TestSite.Pop3, MetricCatalog.ProbeSuccess, WindowBuilder.Repeat(1, durations.Length))
            .Series(TestSite.Pop3, MetricCatalog.ProbeDuration, durations);
    }

    [Fact]
    public void Evaluate_Pop3From180MsTo4Point4Seconds_IsSlowWithTheFiguresInTheSentence()
    {
        var window = Probe(0.18, 30, 4.4, 4.4, 4.4, 4.4);

        var finding = Assert.Single(Rule.Evaluate(window.Context()));

        Assert.Equal(TestSite.Pop3, finding.Entity);
        Assert.Equal(FindingKinds.ServiceSlow, finding.Kind);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal(WindowBuilder.At(30), finding.Since);
        // The catalogue writes every duration one way: under a second in milliseconds (it was "0.18 s").
        Assert.Contains("answers in 4.4 s, 24× its usual 180 ms, since 09:10", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(MailMessages.ServiceSlow, finding.Message?.Id);
        Assert.Contains(finding.Evidence, e => e.Metric == MetricCatalog.ProbeDuration && e.Value == 4.4);
    }

    [Fact]
    public void Evaluate_TenToFiftyMilliseconds_IsBelowTheFloorAndNotAnAccident()
    {
        Assert.Empty(Rule.Evaluate(Probe(0.010, 30, 0.050, 0.050, 0.050, 0.050).Context()));
    }

    [Fact]
    public void Evaluate_TwoSlowSamples_IsNotYetSlow()
    {
        Assert.Empty(Rule.Evaluate(Probe(0.18, 30, 4.4, 4.4).Context()));
    }

    [Fact]
    public void Evaluate_OnlyTwiceAsSlow_IsNotManyTimesSlower()
    {
        Assert.Empty(Rule.Evaluate(Probe(1.0, 30, 2.0, 2.0, 2.0, 2.0).Context()));
    }

    [Fact]
    public void Evaluate_NoHistoryBeforeTheRise_HasNoBaselineToJudgeBy()
    {
        Assert.Empty(Rule.Evaluate(Probe(0.18, 0, 4.4, 4.4, 4.4, 4.4).Context()));
    }

    [Fact]
    public void Evaluate_ProbeFailing_IsServiceDownsToReport()
    {
        var window = new WindowBuilder()
            .Series(TestSite.Pop3, MetricCatalog.ProbeSuccess, [.. WindowBuilder.Repeat(1, 30), 0, 0, 0, 0])
            .Series(TestSite.Pop3, MetricCatalog.ProbeDuration, [.. WindowBuilder.Repeat(0.18, 30), 30, 30, 30, 30]);

        Assert.Empty(Rule.Evaluate(window.Context()));
    }

    [Fact]
    public void Evaluate_Stale_FindsNothing()
    {
        var window = Probe(0.18, 30, 4.4, 4.4, 4.4, 4.4);

        Assert.Empty(Rule.Evaluate(window.Context(window.Newest.AddMinutes(6))));
    }

    [Fact]
    public void Evaluate_ActiveLongerThanTheWindow_KeepsTheFindingAgainstTheFloor()
    {
        // Slow for more than the two hours the window holds: no sample before the rise is left.
        var window = Probe(0.18, 0, WindowBuilder.Repeat(4.4, 130));
        var onsets = new Dictionary<FindingKey, DateTimeOffset> { [new FindingKey(TestSite.Pop3, FindingKinds.ServiceSlow)] = WindowBuilder.Start.AddMinutes(-5) };

        var finding = Assert.Single(Rule.Evaluate(window.Context(onsets: onsets)));

        Assert.Equal(WindowBuilder.Start.AddMinutes(-5), finding.Since);
    }

    [Fact]
    public void Evaluate_SlowLongerThanTheWindow_SaysItsUsualTimeIsOlderThanTheWindow()
    {
        var window = Probe(0.18, 0, 4.4, 4.4, 4.4, 4.4);
        var onsets = new Dictionary<FindingKey, DateTimeOffset> { [new FindingKey(TestSite.Pop3, FindingKinds.ServiceSlow)] = WindowBuilder.At(-60) };

        var finding = Assert.Single(Rule.Evaluate(window.Context(onsets: onsets)));

        Assert.Equal(MailMessages.ServiceSlowNoUsual, finding.Message?.Id);
        Assert.Contains("answers in 4.4 s (its usual time is older than the window) since 07:40", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Pop3Slow_TheJapaneseNamesTheFiguresAndTheTime()
    {
        var context = Probe(0.18, 30, 4.4, 4.4, 4.4, 4.4).Context();

        var finding = Assert.Single(Rule.Evaluate(context));
        var japanese = MessageWriter.Write(finding.Message!, MessageLanguage.Japanese, context.Topology.TimeZone);

        Assert.Contains("clients that time out fail", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(
            "サービス cty-mailのメールの受信（POP3）は、9時10分以降、応答に4.4秒かかっており、通常の180ミリ秒の24倍となっています。"
                + "利用者のメール受信に時間がかかっており、待ち時間の上限を超えるメールソフトでは受信に失敗します。",
            japanese);
    }
}
