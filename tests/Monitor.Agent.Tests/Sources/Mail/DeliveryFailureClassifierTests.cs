using Monitor.Agent.Sources.Mail;

namespace Monitor.Agent.Tests.Sources.Mail;

/// <summary>A failed delivery into the store is classed by what Postfix logged: a full store is not a broken binding.</summary>
public sealed class DeliveryFailureClassifierTests
{
    [Theory]
    // local(8) and Dovecot LMTP over quota, a full file system.
    [InlineData("cannot update mailbox /var/mail/alice for user alice. error writing message: Disk quota exceeded", "5.2.2", DeliveryFailureClass.StoreFull)]
    [InlineData("host mail01[private/dovecot-lmtp] said: 452 4.2.2 <alice@cty.ne.jp> Quota exceeded (mailbox for user is full) (in reply to end of data command)", "4.2.2", DeliveryFailureClass.StoreFull)]
    [InlineData("host mail01[private/dovecot-lmtp] said: 452 4.3.1 <alice@cty.ne.jp> Insufficient system storage (in reply to end of data command)", "4.3.1", DeliveryFailureClass.StoreFull)]
    [InlineData("temporary failure. Command output: lda(alice): Error: write(/srv/mail/alice/tmp/x) failed: No space left on device", "4.3.0", DeliveryFailureClass.StoreFull)]
    // The store cannot be written or reached.
    [InlineData("temporary failure. Command output: lda(alice): Error: open(/srv/mail/alice/tmp/x) failed: Read-only file system", "4.3.0", DeliveryFailureClass.StoreUnavailable)]
    [InlineData("lost connection with mail01.example.com[private/dovecot-lmtp] while sending end of data -- message may be sent more than once", "4.4.2", DeliveryFailureClass.StoreUnavailable)]
    [InlineData("connect to mail01.example.com[private/dovecot-lmtp]: No such file or directory", "4.4.1", DeliveryFailureClass.StoreUnavailable)]
    // The store does not know the user: the binding is broken (seed 002, Canon).
    [InlineData("host mail01[private/dovecot-lmtp] said: 550 5.1.1 <user0193@cty.ne.jp> User doesn't exist: user0193@cty.ne.jp (in reply to RCPT TO command)", "5.1.1", DeliveryFailureClass.UnknownUser)]
    [InlineData("unknown user: \"user0193\"", "5.1.1", DeliveryFailureClass.UnknownUser)]
    [InlineData("", "5.1.1", DeliveryFailureClass.UnknownUser)]
    // Dovecot hides the real reason behind a generic reply: nothing to say but "other".
    [InlineData("host mail01[private/dovecot-lmtp] said: 451 4.3.0 <alice@cty.ne.jp> Temporary internal failure (in reply to end of data command)", "4.3.0", DeliveryFailureClass.Other)]
    [InlineData("temporary failure", "", DeliveryFailureClass.Other)]
    public void Classify_LoggedReason_GivesItsClass(string reason, string dsn, DeliveryFailureClass expected)
    {
        Assert.Equal(expected, DeliveryFailureClassifier.Classify(reason, dsn));
    }

    [Fact]
    public void Label_EveryClass_HasItsOwnLabel()
    {
        var labels = Enum.GetValues<DeliveryFailureClass>().Select(DeliveryFailureClassifier.Label).ToList();

        Assert.Equal(["store_unavailable", "store_full", "unknown_user", "other"], labels);
    }
}
