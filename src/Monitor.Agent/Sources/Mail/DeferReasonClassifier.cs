namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// Sorts a Postfix delay reason (the <c>delay_reason</c> of <c>postqueue -j</c>, the text in
/// parentheses after <c>status=deferred</c>) into a <see cref="DeferReasonClass"/>. Postfix writes
/// two kinds of reason: its own ("connect to mx[1.2.3.4]:25: Connection refused", "Host or domain
/// name not found. Name service error for name=x type=MX: Host not found") and a remote server's
/// reply ("host mx[1.2.3.4] said: 452 4.2.2 Quota exceeded"). A remote reply is classed by its
/// words and its enhanced status code only, because a receiver's "Sender address rejected:
/// Domain not found" is its policy, not our DNS.
/// </summary>
public static class DeferReasonClassifier
{
    private const string RemoteReplyMarker = " said: ";

    private static readonly string[] DnsWords =
    [
        "Host or domain name not found", "Name service error", "Host not found", "lookup failure", "lookup error",
        "unable to look up host", "Name or service not known", "Temporary failure in name resolution",
        "Domain not found", "no MX host",
    ];

    private static readonly string[] ConnectionWords =
    [
        "connect to ", "Connection refused", "Connection timed out", "No route to host", "Network is unreachable",
        "Host is unreachable", "lost connection", "conversation with", "timed out while", "Connection reset",
        "Broken pipe", "dropped connection",
    ];

    private static readonly string[] MailboxWords =
    [
        "mailbox unavailable", "mailbox full", "mailbox is full", "mailbox not found", "no such mailbox",
        "mailbox temporarily", "cannot update mailbox", "maildir delivery failed", "quota", "user unknown",
        "unknown user", "no such user", "user not found", "does not exist", "insufficient system storage",
        "No space left on device",
    ];

    private static readonly string[] PolicyWords =
    [
        "rejected", "blocked", "policy", "denied", "spam", "blacklist", "blocklist", "reputation",
        "rate limit", "too many connections", "not permitted", "refused to talk",
    ];

    /// <summary>The class of one delay reason; empty or unknown text is <see cref="DeferReasonClass.Other"/>.</summary>
    public static DeferReasonClass Classify(ReadOnlySpan<char> reason)
    {
        var said = reason.IndexOf(RemoteReplyMarker, StringComparison.Ordinal);
        if (said >= 0)
        {
            // "host mail[private/dovecot-lmtp] said: 451 4.3.0 Temporary internal failure": the
            // mailbox store itself refused, whatever the words (the Alpha Mail storage of seed 000).
            return reason[..said].Contains("lmtp", StringComparison.OrdinalIgnoreCase)
                ? DeferReasonClass.Mailbox
                : ClassifyReply(reason[(said + RemoteReplyMarker.Length)..]);
        }

        // local(8)'s "user lookup error" ends in "lookup error" but is the user database, not DNS.
        if (reason.Contains("user lookup error", StringComparison.OrdinalIgnoreCase))
        {
            return DeferReasonClass.UserLookup;
        }

        if (ContainsAny(reason, DnsWords))
        {
            return DeferReasonClass.Dns;
        }

        if (ContainsAny(reason, ConnectionWords))
        {
            return DeferReasonClass.Connection;
        }

        if (ContainsAny(reason, MailboxWords))
        {
            return DeferReasonClass.Mailbox;
        }

        return ContainsAny(reason, PolicyWords) ? DeferReasonClass.Policy : DeferReasonClass.Other;
    }

    /// <summary>The label value of a class in metrics: "dns", "connection", "mailbox", "policy", "user_lookup", "other".</summary>
    public static string Label(DeferReasonClass reasonClass) => reasonClass switch
    {
        DeferReasonClass.Dns => "dns",
        DeferReasonClass.Connection => "connection",
        DeferReasonClass.Mailbox => "mailbox",
        DeferReasonClass.Policy => "policy",
        DeferReasonClass.UserLookup => "user_lookup",
        _ => "other",
    };

    // A receiver's reply: greylisting first (it often carries 4.2.0 or "Recipient address
    // rejected"), then mailbox words before policy words ("Recipient address rejected: User
    // unknown" is about the mailbox), then the enhanced status code (RFC 3463).
    private static DeferReasonClass ClassifyReply(ReadOnlySpan<char> reply)
    {
        if (reply.Contains("greylist", StringComparison.OrdinalIgnoreCase) || reply.Contains("graylist", StringComparison.OrdinalIgnoreCase))
        {
            return DeferReasonClass.Policy;
        }

        if (ContainsAny(reply, MailboxWords))
        {
            return DeferReasonClass.Mailbox;
        }

        if (ContainsAny(reply, PolicyWords))
        {
            return DeferReasonClass.Policy;
        }

        return EnhancedStatus(reply) switch
        {
            (2, _) or (1, 1) or (3, 1) => DeferReasonClass.Mailbox,
            (7, _) => DeferReasonClass.Policy,
            _ => DeferReasonClass.Other,
        };
    }

    // "452 4.2.2 text" or "452-4.2.2 text": (subject, detail) of the enhanced code, or (-1, -1).
    private static (int Subject, int Detail) EnhancedStatus(ReadOnlySpan<char> reply)
    {
        if (reply.Length < 9 || !char.IsAsciiDigit(reply[0]) || !char.IsAsciiDigit(reply[1]) || !char.IsAsciiDigit(reply[2])
            || reply[3] is not (' ' or '-'))
        {
            return (-1, -1);
        }

        var code = reply[4..];
        var space = code.IndexOfAny(' ', '\t');
        if (space >= 0)
        {
            code = code[..space];
        }

        Span<Range> parts = stackalloc Range[4];
        if (code.Split(parts, '.') != 3 || code[parts[0]] is not ("4" or "5")
            || !int.TryParse(code[parts[1]], out var subject) || !int.TryParse(code[parts[2]], out var detail))
        {
            return (-1, -1);
        }

        return (subject, detail);
    }

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
