namespace Monitor.Agent.Sources.Mail;

/// <summary>What became of a recipient, as Postfix logs it (the <c>status=</c> of a delivery line, qmgr's expiry, smtpd's and cleanup's rejections).</summary>
public enum MailOutcome
{
    /// <summary><c>status=sent</c>: delivered to the next hop or the mailbox (not counted when "forwarded as").</summary>
    Sent,

    /// <summary><c>status=deferred</c>: a temporary failure, retried.</summary>
    Deferred,

    /// <summary><c>status=bounced</c>: a permanent failure, returned to the sender.</summary>
    Bounced,

    /// <summary>qmgr's <c>status=expired, returned to sender</c>: retried until maximal_queue_lifetime, then returned.</summary>
    Expired,

    /// <summary>smtpd's or cleanup's <c>reject:</c>: refused before it was queued (or by content).</summary>
    Rejected,
}
