namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// Sorts the reason Postfix logs for a failed delivery into the mailbox store (the text in
/// parentheses after <c>status=deferred</c> or <c>status=bounced</c> of an lmtp, local, virtual or
/// pipe delivery, and its <c>dsn=</c>) into a <see cref="DeliveryFailureClass"/>: by its words
/// first (Dovecot and local(8) name the errno), then by the enhanced status code (RFC 3463).
/// </summary>
public static class DeliveryFailureClassifier
{
    private static readonly string[] FullWords =
    [
        "quota", "mailbox full", "mailbox is full", "No space left on device", "insufficient system storage",
        "disk full", "file system full", "out of disk space",
    ];

    private static readonly string[] UnknownUserWords =
    [
        "user unknown", "unknown user", "no such user", "user not found", "user doesn't exist", "user does not exist",
        "mailbox not found", "no such mailbox", "invalid user", "user binding",
    ];

    private static readonly string[] UnavailableWords =
    [
        "Read-only file system", "read-only", "Input/output error", "Stale file handle", "Transport endpoint is not connected",
        "Permission denied", "connect to ", "Connection refused", "Connection timed out", "lost connection", "timed out while",
        "mailbox store unavailable", "storage unavailable",
    ];

    /// <summary>The class of one failed delivery.</summary>
    /// <param name="reason">The logged reason (may be empty).</param>
    /// <param name="dsn">The logged enhanced status code, e.g. "4.2.2" (may be empty).</param>
    public static DeliveryFailureClass Classify(ReadOnlySpan<char> reason, ReadOnlySpan<char> dsn)
    {
        if (ContainsAny(reason, FullWords))
        {
            return DeliveryFailureClass.StoreFull;
        }

        if (ContainsAny(reason, UnknownUserWords))
        {
            return DeliveryFailureClass.UnknownUser;
        }

        if (ContainsAny(reason, UnavailableWords))
        {
            return DeliveryFailureClass.StoreUnavailable;
        }

        Span<Range> parts = stackalloc Range[4];
        if (dsn.Split(parts, '.') != 3 || !int.TryParse(dsn[parts[1]], out var subject) || !int.TryParse(dsn[parts[2]], out var detail))
        {
            return DeliveryFailureClass.Other;
        }

        return (subject, detail) switch
        {
            (2, 2) or (3, 1) => DeliveryFailureClass.StoreFull,
            (1, 1) or (1, 6) or (2, 1) => DeliveryFailureClass.UnknownUser,
            (4, _) => DeliveryFailureClass.StoreUnavailable,
            _ => DeliveryFailureClass.Other,
        };
    }

    /// <summary>The label value of a class in metrics: "store_unavailable", "store_full", "unknown_user", "other".</summary>
    public static string Label(DeliveryFailureClass failureClass) => failureClass switch
    {
        DeliveryFailureClass.StoreUnavailable => "store_unavailable",
        DeliveryFailureClass.StoreFull => "store_full",
        DeliveryFailureClass.UnknownUser => "unknown_user",
        _ => "other",
    };

    private static bool ContainsAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
