using System.Globalization;
using Monitor.Core.Events;
using Monitor.Core.Topology;

namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// Reads the meaning out of Postfix and Dovecot log lines. It remembers, across intervals, which
/// queued messages are bounces (Postfix logs <c>from=&lt;&gt;</c> once, when the message enters the
/// active queue, and the outcome later), because a bounce that cannot be delivered is dropped
/// silently: the mail loss of seed 004 (Asahi Net: a mistyped relay, the mail and then its bounce
/// undeliverable, the mail deleted).
/// </summary>
/// <remarks>
/// Mail-loss forms counted, all from the Postfix source (vdukhovni/postfix, postfix/src):
/// <list type="bullet">
/// <item><c>QID: from=&lt;&gt;, status=expired, returned to sender</c> (qmgr/qmgr_active.c): a bounce
/// outlived bounce_queue_lifetime; with notify_classes lacking bounce/2bounce (the default),
/// bounce/bounce_notify_service.c then drops it without a log line of its own.</item>
/// <item><c>QID: to=&lt;...&gt;, ..., status=bounced (...)</c> for a QID whose sender was &lt;&gt;, when
/// the failure is our own (a name not found, no route: seed 004's mistyped relay): the sender
/// exists but is never told.</item>
/// <item><c>warning: QID: undeliverable postmaster notification discarded</c> (bounce/bounce_notify_service.c,
/// bounce_one_service.c, bounce_warn_service.c) and <c>status=sent (undeliverable postmaster
/// notification discarded)</c> (qmgr/qmgr_message.c): a double bounce that could not be delivered.</item>
/// </list>
/// Counted apart, as mail removed but not lost: a bounce the receiver refused ("host ... said: 550
/// 5.1.1"), backscatter to a sender that does not exist (forged by spam); and
/// <c>postfix/postsuper[pid]: QID: removed</c> (postsuper/postsuper.c), a person deleting queued mail
/// with <c>postsuper -d</c> on purpose (a timeline event all the same). Not counted: cleanup's
/// <c>QID: removed (discarded)</c> and the discard(8) transport, which drop mail on purpose
/// (header_checks DISCARD, spam), and would drown the loss signal on sites that use them.
/// </remarks>
public sealed class MailLogScanner
{
    /// <summary>Most in-flight bounces remembered; the oldest is forgotten past it.</summary>
    public const int MaxTrackedBounces = 100_000;

    private readonly string _host;
    private readonly MailDomains _domains;
    private readonly HashSet<string> _bounces = new(StringComparer.Ordinal);
    private readonly Queue<string> _bounceOrder = new();

    /// <summary>Creates a scanner for this host (the entity of its events).</summary>
    /// <param name="host">This host.</param>
    /// <param name="domains">The topology's recipient domains, to count delivery failures by; none: all are "other".</param>
    public MailLogScanner(string host, MailDomains? domains = null)
    {
        _host = host;
        _domains = domains ?? new MailDomains([]);
    }

    /// <summary>Bounces currently in the queue as far as the log tells.</summary>
    public int TrackedBounces => _bounces.Count;

    /// <summary>Adds what one line means to the tally.</summary>
    public void Scan(MailLogLine line, MailLogTally tally)
    {
        tally.Saw(line.Time);
        var program = line.Program;
        if (program.StartsWith("postfix", StringComparison.Ordinal))
        {
            ScanPostfix(line, tally);
        }
        else if (program.StartsWith("dovecot", StringComparison.Ordinal))
        {
            // Through syslog or journald: "dovecot: pop3-login: Login: user=<...>".
            var colon = line.Message.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                ScanDovecot(line, line.Message[..colon], line.Message[(colon + 2)..], tally);
            }
        }
        else
        {
            // Dovecot's own log file: program "pop3-login", message "Info: Login: ...".
            ScanDovecot(line, program, line.Message, tally);
        }
    }

    private void ScanDovecot(MailLogLine line, string service, string message, MailLogTally tally)
    {
        var level = "Info";
        foreach (var candidate in new[] { "Info", "Warning", "Error", "Fatal", "Panic", "Debug" })
        {
            if (message.StartsWith(candidate + ": ", StringComparison.Ordinal))
            {
                level = candidate;
                message = message[(candidate.Length + 2)..];
                break;
            }
        }

        if (service.EndsWith("-login", StringComparison.Ordinal))
        {
            var protocol = service[..^"-login".Length];
            if (message.StartsWith("Login: ", StringComparison.Ordinal))
            {
                tally.LoginSucceeded(protocol);
            }
            else if (message.Contains("(auth failed", StringComparison.Ordinal) || message.Contains("(auth_failed)", StringComparison.Ordinal))
            {
                // 2.3: "Disconnected (auth failed, 3 attempts in 15 secs): user=<x>" and
                // "Aborted login (auth failed, ...)"; 2.4: "Login aborted: ... (auth failed, ...) (auth_failed): user=<x>".
                tally.LoginFailed(line.Time, HostOf(line), protocol, Between(message, "user=<", ">") ?? "", Attempts(message));
            }
        }
        else if ((service.StartsWith("lmtp", StringComparison.Ordinal) || service.StartsWith("lda", StringComparison.Ordinal)
                  || service.StartsWith("deliver", StringComparison.Ordinal))
                 && level is "Error" or "Fatal" or "Panic")
        {
            // "lmtp(alice)<123><sess>: Error: ..." : the mailbox store refused a delivery.
            tally.DeliveryFailures++;
        }
    }

    private void ScanPostfix(MailLogLine line, MailLogTally tally)
    {
        var message = line.Message;
        var daemon = line.Program[(line.Program.IndexOf('/') + 1)..];
        if (message.Contains("undeliverable postmaster notification discarded", StringComparison.Ordinal))
        {
            tally.MailDropped(Event(line));
            return;
        }

        if (message.StartsWith("warning: ", StringComparison.Ordinal) && message.Contains(" authentication failed", StringComparison.Ordinal)
            && message.Contains(": SASL ", StringComparison.Ordinal))
        {
            // smtpd/smtpd_sasl_glue.c: "warning: host[ip]: SASL LOGIN authentication failed: <reason>[, sasl_username=u]".
            tally.LoginFailed(line.Time, HostOf(line), SaslProtocol(daemon), Between(message, "sasl_username=", ",") ?? "", 1);
            return;
        }

        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || !IsQueueId(message.AsSpan(0, colon)))
        {
            return;
        }

        var queueId = message[..colon];
        var what = message[(colon + 2)..];
        if (daemon == "postsuper" && what == "removed")
        {
            tally.MailRemoved(MailRemoval.Admin, Event(line));
            return;
        }

        if (what.StartsWith("reject: ", StringComparison.Ordinal) || (daemon == "cleanup" && what.StartsWith("milter-reject: ", StringComparison.Ordinal)))
        {
            // smtpd: "NOQUEUE: reject: RCPT from host[ip]: 554 5.7.1 <x>: Relay access denied; from=<a> to=<b> proto=ESMTP helo=<h>";
            // cleanup: "QID: reject: header Subject: ... from host[ip]; from=<a> to=<b>: 5.7.1 message content rejected".
            var recipient = Between(what, " to=<", ">") ?? "";
            var reply = what.IndexOf("]: ", StringComparison.Ordinal) is var at and >= 0 ? what[(at + 3)..] : what;
            CountOutcome(tally, MailOutcome.Rejected, null, recipient, "", DeferReasonClassifier.Classify(" said: " + reply));
            return;
        }

        if (what.StartsWith("from=<", StringComparison.Ordinal))
        {
            var isBounce = what.StartsWith("from=<>", StringComparison.Ordinal);
            if (what.Contains("status=expired", StringComparison.Ordinal))
            {
                CountOutcome(tally, MailOutcome.Expired, queueId, "", "", DeferReasonClass.Other);
                if (isBounce)
                {
                    tally.MailDropped(Event(line));
                }
            }
            else if (isBounce)
            {
                Remember(queueId);
            }

            return;
        }

        if (daemon == "qmgr" && what == "removed")
        {
            _bounces.Remove(queueId);
            return;
        }

        if (what.StartsWith("sender non-delivery notification", StringComparison.Ordinal))
        {
            tally.Bounces++;
            return;
        }

        if (what.StartsWith("to=<", StringComparison.Ordinal))
        {
            var status = Between(what, "status=", " ");
            var reason = ReasonOf(what);
            CountDelivery(tally, queueId, what, status, reason);
            if (status == "bounced" && _bounces.Contains(queueId))
            {
                // The receiver refusing a bounce is backscatter to a forged sender; our own failure loses it.
                if (reason.Contains(" said: ", StringComparison.Ordinal))
                {
                    tally.MailRemoved(MailRemoval.Backscatter, null);
                }
                else
                {
                    tally.MailDropped(Event(line));
                }
            }

            if (status is "bounced" or "deferred" && IntoMailboxStore(daemon, Between(what, "relay=", ","), reason))
            {
                CountDeliveryFailure(what, reason, status == "bounced", tally);
            }
        }
    }

    // "to=<alice@cty.ne.jp>, relay=..., dsn=4.2.2, status=deferred (reason)": by whose mail, why, and whether for good.
    // An unknown recipient (x.1.1) is the store answering, not failing: counted in its class only,
    // so a dictionary attack against the store never reads as the store failing.
    private void CountDeliveryFailure(string what, string reason, bool permanent, MailLogTally tally)
    {
        var failureClass = DeliveryFailureClassifier.Classify(reason, Between(what, "dsn=", ",") ?? "");
        if (failureClass != DeliveryFailureClass.UnknownUser)
        {
            tally.DeliveryFailures++;
        }

        tally.DeliveryFailed(_domains.BucketOfAddress(Between(what, "to=<", ">") ?? ""), failureClass, permanent);
    }

    // pflogsumm's and postfix_exporter's figures from the same line: "forwarded as" is not a delivery.
    private void CountDelivery(MailLogTally tally, string queueId, string what, string? status, string reason)
    {
        MailOutcome? outcome = status switch
        {
            "sent" when !reason.Contains("forwarded as ", StringComparison.Ordinal) => MailOutcome.Sent,
            "deferred" => MailOutcome.Deferred,
            "bounced" => MailOutcome.Bounced,
            _ => null,
        };
        if (outcome is { } known)
        {
            var reasonClass = known == MailOutcome.Sent ? DeferReasonClass.Other : DeferReasonClassifier.Classify(reason);
            CountOutcome(tally, known, queueId, Between(what, "to=<", ">") ?? "", NextHop(Between(what, "relay=", ",") ?? ""), reasonClass);
        }
    }

    private void CountOutcome(MailLogTally tally, MailOutcome outcome, string? queueId, string recipient, string relay, DeferReasonClass reasonClass)
    {
        var at = recipient.LastIndexOf('@');
        var domain = at >= 0 ? recipient[(at + 1)..] : "";
        tally.Outcomes.Add(outcome, queueId, domain, _domains.Bucket(domain), relay, reasonClass);
    }

    // "mx.example.net[192.0.2.1]:25" -> "mx.example.net"; "mail01[private/dovecot-lmtp]" -> "private/dovecot-lmtp"; "none", "local" as they are.
    private static string NextHop(string relay)
    {
        var open = relay.IndexOf('[');
        if (open < 0)
        {
            return relay;
        }

        var close = relay.IndexOf(']', open);
        var inner = relay[(open + 1)..(close > open ? close : relay.Length)];
        return inner.Contains('/', StringComparison.Ordinal) ? inner : relay[..open];
    }

    // "..., status=deferred (reason)": the text in the parentheses, or empty.
    private static string ReasonOf(string what)
    {
        var status = what.IndexOf("status=", StringComparison.Ordinal);
        var open = status < 0 ? -1 : what.IndexOf(" (", status, StringComparison.Ordinal);
        return open < 0 ? "" : what[(open + 2)..].TrimEnd(')');
    }

    // "smtpd" on port 25; "submission/smtpd" or "smtps/smtpd" (master.cf services with -o syslog_name) for clients.
    private static string SaslProtocol(string daemon) =>
        daemon.StartsWith("submission/", StringComparison.Ordinal) || daemon.StartsWith("smtps/", StringComparison.Ordinal) ? "submission" : "smtp";

    // LMTP to Dovecot (relay=host[private/dovecot-lmtp]), local(8), virtual(8), or a pipe to dovecot-lda;
    // and, once qmgr marked such a transport dead, error(8)'s "relay=none ... (delivery temporarily
    // suspended: connect to ...[private/dovecot-lmtp]: ...)" for every recipient still queued for it.
    private static bool IntoMailboxStore(string daemon, string? relay, string reason) =>
        daemon is "lmtp" or "local" or "virtual"
        || (relay is not null && (relay.Contains("lmtp", StringComparison.OrdinalIgnoreCase) || relay.Contains("dovecot", StringComparison.OrdinalIgnoreCase)
                                  || relay is "local" or "virtual"))
        || (daemon is "error" or "retry" or "qmgr" && reason.StartsWith("delivery temporarily suspended: ", StringComparison.Ordinal)
            && (reason.Contains("lmtp", StringComparison.OrdinalIgnoreCase) || reason.Contains("dovecot", StringComparison.OrdinalIgnoreCase)));

    private void Remember(string queueId)
    {
        if (!_bounces.Add(queueId))
        {
            return;
        }

        _bounceOrder.Enqueue(queueId);
        while (_bounceOrder.Count > MaxTrackedBounces)
        {
            _bounces.Remove(_bounceOrder.Dequeue());
        }

        // The order queue keeps ids already removed; trim it when it is mostly stale.
        if (_bounceOrder.Count > 2 * (_bounces.Count + 1024))
        {
            var live = _bounceOrder.Where(_bounces.Contains).ToList();
            _bounceOrder.Clear();
            foreach (var id in live)
            {
                _bounceOrder.Enqueue(id);
            }
        }
    }

    // A central log holds other hosts' lines; this host's own may name it by its FQDN.
    private string HostOf(MailLogLine line) =>
        line.Host is { } named && !string.Equals(named.Split('.', 2)[0], _host.Split('.', 2)[0], StringComparison.OrdinalIgnoreCase) ? named : _host;

    private SiteEvent Event(MailLogLine line) =>
        new(line.Time, SiteEventKind.Log, _host, "maillog", $"{line.Host ?? _host} {line.Program}: {line.Message}");

    // Postfix queue ids: short hex ("7A775B220B2") or long form ("4Kx2sP1FQWz9vY4").
    private static bool IsQueueId(ReadOnlySpan<char> text) =>
        text.Length is >= 5 and <= 20 && !text.ContainsAnyExcept(QueueIdChars);

    private static readonly System.Buffers.SearchValues<char> QueueIdChars =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static int Attempts(string message)
    {
        var text = Between(message, "auth failed, ", " attempt");
        return text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
    }

    private static string? Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        if (from < 0)
        {
            return null;
        }

        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? text[from..] : text[from..to];
    }
}
