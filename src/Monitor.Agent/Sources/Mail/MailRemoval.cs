namespace Monitor.Agent.Sources.Mail;

/// <summary>Why Postfix removed mail that was not lost: each its own count, none of them mail loss.</summary>
public enum MailRemoval
{
    /// <summary>A bounce the receiver refused ("said: 550 5.1.1"): backscatter to a sender that does not exist.</summary>
    Backscatter,

    /// <summary>A person deleted queued mail with <c>postsuper -d</c>.</summary>
    Admin,
}
