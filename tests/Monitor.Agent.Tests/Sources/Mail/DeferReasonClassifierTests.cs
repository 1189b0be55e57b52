using System.Text.Json;
using System.Text.RegularExpressions;
using Monitor.Agent.Sources.Mail;

namespace Monitor.Agent.Tests.Sources.Mail;

public sealed partial class DeferReasonClassifierTests
{
    private static string Fixture(params string[] parts) =>
        RepositoryPaths.Fixture(parts);

    [Theory]
    // Written by Postfix 3.7.11 in this repository's real-Postfix tests (PostfixQueueRealPostfixTests).
    [InlineData("connect to 127.0.0.1[127.0.0.1]:2: Connection refused", DeferReasonClass.Connection)]
    [InlineData("Host or domain name not found. Name service error for name=nonexistent.invalid type=A: Host not found", DeferReasonClass.Dns)]
    [InlineData("delivery temporarily suspended: Host or domain name not found. Name service error for name=nonexistent.invalid type=A: Host not found", DeferReasonClass.Dns)]
    // Postfix's own texts (smtp(8), lmtp(8), local(8) and qmgr(8) sources).
    [InlineData("Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found, try again", DeferReasonClass.Dns)]
    [InlineData("conversation with mx.example.com[192.0.2.1] timed out while receiving the initial server greeting", DeferReasonClass.Connection)]
    [InlineData("lost connection with mx.example.com[192.0.2.1] while sending RCPT TO", DeferReasonClass.Connection)]
    [InlineData("connect to mx.example.com[192.0.2.1]:25: No route to host", DeferReasonClass.Connection)]
    [InlineData("connect to private/dovecot-lmtp: No such file or directory", DeferReasonClass.Connection)]
    [InlineData("unknown user: \"alice\"", DeferReasonClass.Mailbox)]
    [InlineData("cannot update mailbox /var/mail/alice for user alice. error writing message: Disk quota exceeded", DeferReasonClass.Mailbox)]
    [InlineData("mail for example.com loops back to myself", DeferReasonClass.Other)]
    // local(8) when getpwnam() fails through NSS or LDAP (local/local.c): the user database, not DNS.
    [InlineData("user lookup error", DeferReasonClass.UserLookup)]
    [InlineData("delivery temporarily suspended: user lookup error", DeferReasonClass.UserLookup)]
    [InlineData("", DeferReasonClass.Other)]
    // Receivers' replies.
    [InlineData("host mx.example.com[192.0.2.1] said: 450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html (in reply to RCPT TO command)", DeferReasonClass.Policy)]
    [InlineData("host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)", DeferReasonClass.Mailbox)]
    [InlineData("host mx.example.com[192.0.2.1] said: 554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org (in reply to RCPT TO command)", DeferReasonClass.Policy)]
    [InlineData("host mx.example.com[192.0.2.1] said: 421 4.7.0 Try again later, closing connection. (in reply to end of DATA command)", DeferReasonClass.Policy)]
    [InlineData("host mx.example.com[192.0.2.1] said: 452 4.2.1 Temporarily unavailable (in reply to RCPT TO command)", DeferReasonClass.Mailbox)]
    [InlineData("host mx.example.com[192.0.2.1] said: 451 4.3.0 Error: queue file write error (in reply to end of DATA command)", DeferReasonClass.Other)]
    [InlineData("host mail.example.com[private/dovecot-lmtp] said: 451 4.3.0 <alice@example.com> Temporary internal failure (in reply to end of DATA command)", DeferReasonClass.Mailbox)]
    public void Classify_RealPostfixReason_IsItsClass(string reason, DeferReasonClass expected)
    {
        Assert.Equal(expected, DeferReasonClassifier.Classify(reason));
    }

    [Fact]
    public void Classify_RealProxmoxDeferredLine_IsPolicyNotDns()
    {
        // "Sender address rejected: Domain not found" is the receiver's policy about our sender,
        // not a DNS failure of ours: the words "Domain not found" must not make it DNS.
        var line = File.ReadLines(Fixture("postqueue-j", "proxmox_blog_deferred.jsonl")).First();
        using var entry = JsonDocument.Parse(line);
        var reason = entry.RootElement.GetProperty("recipients")[0].GetProperty("delay_reason").GetString()!;

        Assert.Equal(DeferReasonClass.Policy, DeferReasonClassifier.Classify(reason));
    }

    [Fact]
    public void Classify_EveryReasonOfTheRealShowqListing_QuotaIsMailboxAndConnectIsConnection()
    {
        // The listing prints each reason in parentheses on the line after its message.
        var reasons = File.ReadLines(Fixture("kumina-postfix_exporter", "showq.txt"))
            .Select(l => ReasonLine().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();

        var classes = reasons.GroupBy(r => DeferReasonClassifier.Classify(r)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(8, reasons.Count);
        Assert.Equal(6, classes[DeferReasonClass.Mailbox]); // 452 4.2.2 quota / over quota
        Assert.Equal(2, classes[DeferReasonClass.Connection]); // refused, timed out
        Assert.Equal(2, classes.Count);
    }

    [Fact]
    public void Label_EveryClass_IsLowerCaseAndDistinct()
    {
        var labels = Enum.GetValues<DeferReasonClass>().Select(DeferReasonClassifier.Label).ToList();

        Assert.Equal(["dns", "connection", "mailbox", "policy", "user_lookup", "other"], labels);
    }

    [GeneratedRegex(@"^\s*\((.*)\)\s*$")]
    private static partial Regex ReasonLine();
}
