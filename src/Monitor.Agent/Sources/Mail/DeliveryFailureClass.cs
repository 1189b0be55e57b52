namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// Why a delivery into the mailbox store failed, in the classes that need different hands: a
/// full store wants space, an unwritable store wants its mount or storage fixed, unknown users
/// want the user/mailbox binding checked (seed 002, Canon) before anything is redelivered.
/// </summary>
public enum DeliveryFailureClass
{
    /// <summary>The store cannot be written or reached: read-only file system, I/O error, the LMTP socket gone (x.4.x).</summary>
    StoreUnavailable,

    /// <summary>The store is full or the mailbox over quota: "No space left on device", "Quota exceeded" (x.2.2, x.3.1).</summary>
    StoreFull,

    /// <summary>The store does not know the recipient: "User unknown", "no such mailbox" (x.1.1): the user binding is broken.</summary>
    UnknownUser,

    /// <summary>Any other reason, or none given ("Temporary internal failure").</summary>
    Other,
}
