using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

/// <summary>A failing store is classed by the logged reason; the advice is true for that class only, and a deferral is never a loss.</summary>
public sealed class MailboxDeliveryTests
{
    private const string Host = TestSite.Host;

    private static Finding Single(WindowBuilder window) => Assert.Single(new MailboxDelivery().Evaluate(window.Context()));

    [Fact]
    public void Evaluate_FullVolumeEveryFailureDeferred_IsStoreFullAndSaysNothingIsLost()
    {
        var window = new WindowBuilder()
            .Series(Host, MetricCatalog.MailDeliveryFailures, 0, 0.5, 0.6, 0.7)
            .Series($"{Host}/other/store_full", MetricCatalog.MailDeliveryDeferred, 0, 0.5, 0.6, 0.7)
            .Series($"{Host}/other/store_full", MetricCatalog.MailDeliveryBounced, 0, 0, 0, 0);

        var finding = Single(window);

        Assert.Equal((TestSite.Service, FindingKinds.MailboxStoreFull), (finding.Entity, finding.Kind));
        Assert.Equal(MailMessages.MailboxStoreFullDeferred, finding.Message?.Id);
        Assert.Contains("fail at 42 a minute", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("the store is full or mailboxes are over quota", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("nothing is lost yet", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("free space or raise the quota", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("binding", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("archive", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(" lost ", finding.Explanation.Replace("nothing is lost yet", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnknownUsersBounced_IsTheBrokenBindingWithCanonsAdvice()
    {
        var window = new WindowBuilder()
            .Series(Host, MetricCatalog.MailDeliveryFailures, 0, 0.5, 0.5, 0.5)
            .Series($"{Host}/other/unknown_user", MetricCatalog.MailDeliveryBounced, 0, 0.5, 0.5, 0.5);

        var finding = Single(window);

        Assert.Equal(FindingKinds.MailboxBindingBroken, finding.Kind);
        Assert.Equal(MailMessages.MailboxBindingBrokenBounced, finding.Message?.Id);
        Assert.Contains("every failure is permanent (bounced, not retried)", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("check the user/mailbox binding before redelivering from the archive", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("fail at 30 a minute", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal("seed 002 (Canon MJ, 2020)", finding.Lesson);
    }

    [Fact]
    public void Evaluate_ReadOnlyStore_IsStoreUnavailableAndPointsAtTheMount()
    {
        var window = new WindowBuilder()
            .Series(Host, MetricCatalog.MailDeliveryFailures, 0, 1, 1, 1)
            .Series($"{Host}/other/store_unavailable", MetricCatalog.MailDeliveryDeferred, 0, 0.8, 0.8, 0.8)
            .Series($"{Host}/other/store_unavailable", MetricCatalog.MailDeliveryBounced, 0, 0.2, 0.2, 0.2);

        var finding = Single(window);

        Assert.Equal(FindingKinds.MailboxStoreUnavailable, finding.Kind);
        Assert.Equal(MailMessages.MailboxStoreUnavailableMixed, finding.Message?.Id);
        Assert.Contains("check the store's mount and the storage under it", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("12 a minute permanent (bounced, not retried), 48 temporary (deferred, retried)", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoReasonLogged_GivesNoAdviceOfAnotherIncident()
    {
        var window = new WindowBuilder().Series(Host, MetricCatalog.MailDeliveryFailures, 0, 0.5, 0.6, 0.7);

        var finding = Single(window);

        Assert.Equal(FindingKinds.MailboxDeliveryFailing, finding.Kind);
        Assert.Equal(MailMessages.MailboxDeliveryFailing, finding.Message?.Id);
        Assert.DoesNotContain("binding", finding.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("lost", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReadOnlyStore_TheJapaneseNamesTheRatesTheTimeAndTheAdvice()
    {
        var window = new WindowBuilder()
            .Series(Host, MetricCatalog.MailDeliveryFailures, 0, 1, 1, 1)
            .Series($"{Host}/other/store_unavailable", MetricCatalog.MailDeliveryDeferred, 0, 0.8, 0.8, 0.8)
            .Series($"{Host}/other/store_unavailable", MetricCatalog.MailDeliveryBounced, 0, 0.2, 0.2, 0.2);
        var context = window.Context();

        var finding = Assert.Single(new MailboxDelivery().Evaluate(context));
        var japanese = MessageWriter.Write(finding.Message!, MessageLanguage.Japanese, context.Topology.TimeZone);

        Assert.Equal("Deliveries into the mailbox store on mail01 fail at 60 a minute since 08:41: the store cannot be written or reached (read-only, I/O errors, or its LMTP socket gone); 12 a minute permanent (bounced, not retried), 48 temporary (deferred, retried); check the store's mount and the storage under it.", finding.Explanation);
        Assert.Equal("8時41分以降、ホスト mail01のメールボックスへの配送が毎分60件失敗しています。メールボックスの格納領域に書き込めないか、接続できません（読み取り専用、I/Oエラー、またはLMTPの接続先の消失）。このうち毎分12件は恒久的な失敗（送信元への返送、再送なし）、毎分48件は一時的な失敗（配送の保留、再送あり）です。格納領域のマウントと、その下のストレージを確認してください。", japanese);
    }
}
