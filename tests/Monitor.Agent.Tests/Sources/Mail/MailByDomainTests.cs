using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Mail;
using Monitor.Agent.Telemetry;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Agent.Tests.Sources.Mail;

/// <summary>
/// A shared MX: the queue and the log count mail by the topology's recipient domains (the rest as
/// "other"), so the rules can lay a backlog or a failing store on the service whose mail it is.
/// </summary>
public sealed class MailByDomainTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static readonly MailDomains Domains = new(
    [
        new MailService("cty-mail", "CTY mail", 5, ["mx01"], [], ["pop3"], []) { Domains = ["cty.ne.jp"] },
        new MailService("other-mail", "Other mail", 5, ["mx01"], [], ["pop3"], []) { Domains = ["other.example.jp"] },
    ]);

    private static SourceContext Context(TimeProvider clock) =>
        new("mx01", clock, new SourceHealth(), NullLoggerFactory.Instance, new AgentMetrics(), Domains);

    private static double Value(SourceReading reading, string entity, string metric) =>
        Assert.Single(reading.Samples, s => s.Entity == entity && s.Metric == metric).Value;

    private static string Entry(string queue, long age, params (string Address, string Reason)[] recipients) =>
        $$"""{"queue_name": "{{queue}}", "arrival_time": {{Now.ToUnixTimeSeconds() - age}}, "message_size": 1000, "recipients": [{{string.Join(", ", recipients.Select(r => $$"""{"address": "{{r.Address}}", "delay_reason": "{{r.Reason}}"}"""))}}]}""" + "\n";

    [Fact]
    public async Task PostfixQueue_SharedMx_CountsDeferredRecipientsAndOldestAgeByDomain()
    {
        const string Full = "host mx01[private/dovecot-lmtp] said: 452 4.2.2 Quota exceeded (in reply to end of data command)";
        const string Refused = "connect to mx.example.net[192.0.2.1]:25: Connection refused";
        using var dir = new TemporaryDirectory();
        var file = dir.Write("q.jsonl", Entry("deferred", 3600, ("alice@cty.ne.jp", Full), ("bob@Mail.CTY.ne.jp", Full))
            + Entry("deferred", 600, ("carol@cty.ne.jp", Full), ("dave@gmail.com", Refused))
            + Entry("active", 60, ("erin@other.example.jp", "")));
        var source = new PostfixQueue(new PostfixQueueOptions { InputFile = file }, Context(new FakeTimeProvider(Now)));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(3, Value(reading, "mx01/cty.ne.jp/mailbox", MetricCatalog.MailDeferredByDomain));
        Assert.Equal(0, Value(reading, "mx01/cty.ne.jp/connection", MetricCatalog.MailDeferredByDomain));
        Assert.Equal(1, Value(reading, "mx01/other/connection", MetricCatalog.MailDeferredByDomain));
        Assert.Equal(0, Value(reading, "mx01/other.example.jp/mailbox", MetricCatalog.MailDeferredByDomain)); // active, not deferred
        Assert.Equal(3600, Value(reading, "mx01/cty.ne.jp", MetricCatalog.MailDeferredDomainOldestAge));
        Assert.Equal(600, Value(reading, "mx01/other", MetricCatalog.MailDeferredDomainOldestAge));
        Assert.Equal(0, Value(reading, "mx01/other.example.jp", MetricCatalog.MailDeferredDomainOldestAge));

        // Bounded by the topology: 3 buckets x (6 reasons + 1 age), whatever the recipients.
        Assert.Equal(21, reading.Samples.Count(s => s.Metric is MetricCatalog.MailDeferredByDomain or MetricCatalog.MailDeferredDomainOldestAge));
    }

    [Fact]
    public async Task MailLog_SharedMx_CountsStoreFailuresByDomainClassAndOutcome()
    {
        string[] lines =
        [
            "Nov 23 09:00:01 mx01 postfix/lmtp[13]: 7777AAAA71: to=<alice@cty.ne.jp>, relay=mx01[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=4.2.2, status=deferred (host mx01[private/dovecot-lmtp] said: 452 4.2.2 <alice@cty.ne.jp> Quota exceeded (mailbox for user is full) (in reply to end of data command))",
            "Nov 23 09:00:02 mx01 postfix/lmtp[13]: 7777AAAA72: to=<bob@cty.ne.jp>, relay=mx01[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=4.2.2, status=deferred (host mx01[private/dovecot-lmtp] said: 452 4.2.2 <bob@cty.ne.jp> Quota exceeded (mailbox for user is full) (in reply to end of data command))",
            "Nov 23 09:00:03 mx01 postfix/lmtp[13]: 7777AAAA73: to=<x@other.example.jp>, relay=mx01[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=5.1.1, status=bounced (host mx01[private/dovecot-lmtp] said: 550 5.1.1 <x@other.example.jp> User doesn't exist: x@other.example.jp (in reply to RCPT TO command))",
            "Nov 23 09:00:04 mx01 postfix/smtp[16]: 7777AAAA74: to=<bob@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.1]:25: Connection refused)",
        ];
        using var dir = new TemporaryDirectory();
        var file = dir.Write("mail.log", string.Join("\n", lines) + "\n");
        var source = new MailLog(new MailLogOptions { InputFile = file }, Context(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero))));

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        // A saved log's rates are over its span: 09:00:01 to 09:00:04, 3 seconds.
        Assert.Equal(2.0 / 3, Value(reading, "mx01/cty.ne.jp/store_full", MetricCatalog.MailDeliveryDeferred), 6);
        Assert.Equal(0, Value(reading, "mx01/cty.ne.jp/store_full", MetricCatalog.MailDeliveryBounced));
        Assert.Equal(1.0 / 3, Value(reading, "mx01/other.example.jp/unknown_user", MetricCatalog.MailDeliveryBounced), 6);
        Assert.Equal(0, Value(reading, "mx01/other/store_unavailable", MetricCatalog.MailDeliveryDeferred)); // smtp to a remote MX is no store
        Assert.Equal(24, reading.Samples.Count(s => s.Metric is MetricCatalog.MailDeliveryDeferred or MetricCatalog.MailDeliveryBounced));
    }
}
