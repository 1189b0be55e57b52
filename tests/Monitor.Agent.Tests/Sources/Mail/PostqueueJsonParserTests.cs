using System.Text;
using Monitor.Agent.Sources.Mail;

namespace Monitor.Agent.Tests.Sources.Mail;

public sealed class PostqueueJsonParserTests
{
    private static string Fixture(params string[] parts) =>
        RepositoryPaths.Fixture(parts);

    private static Task<MailQueueTally> Parse(string text) =>
        PostqueueJsonParser.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "postqueue -j", CancellationToken.None);

    private static string Entry(string queue, long arrival, long size, params string[] recipients) =>
        $$"""{"queue_name": "{{queue}}", "queue_id": "A1B2C3", "arrival_time": {{arrival}}, "message_size": {{size}}, "forced_expire": false, "sender": "s@example.com", "recipients": [{{string.Join(", ", recipients)}}]}""";

    private static string Recipient(string address, string reason) =>
        $$"""{"address": "{{address}}", "delay_reason": "{{reason}}"}""";

    [Fact]
    public async Task ReadAsync_RealProxmoxLine_CountsOneDeferredPolicyRecipient()
    {
        await using var file = File.OpenRead(Fixture("postqueue-j", "proxmox_blog_deferred.jsonl"));

        var tally = await PostqueueJsonParser.ReadAsync(file, "proxmox_blog_deferred.jsonl", CancellationToken.None);

        Assert.Equal(1, tally.Messages(MailQueueTally.DeferredQueue));
        Assert.Equal(24590, tally.Bytes(MailQueueTally.DeferredQueue));
        Assert.Equal(1723133392, tally.OldestArrival(MailQueueTally.DeferredQueue));
        Assert.Equal((1, 1), (tally.DeferredRecipients, tally.DeferredDomains));
        Assert.Equal(1, tally.DeferredByReason(DeferReasonClass.Policy));
    }

    [Fact]
    public async Task ReadAsync_Postfix311FieldsAndUnknownNestedFields_AreSkipped()
    {
        // Postfix 3.11 adds orig_address and bounce_reason to each recipient (fixtures README);
        // the unknown top-level object and array stand for whatever a later version adds.
        var line = """{"queue_name": "deferred", "queue_id": "4Z1", "arrival_time": 1700000000, "message_size": 900, "forced_expire": false, "sender": "s@example.com", "future": {"a": [1, {"b": null}]}, "more": [true, "x"], "recipients": [{"address": "Bob@Example.COM", "orig_address": "bob@example.com", "delay_reason": "connect to mx.example.com[192.0.2.1]:25: Connection refused", "bounce_reason": "", "extra": {"nested": [1, 2]}}]}""";

        var tally = await Parse(line + "\n");

        Assert.Equal(1, tally.Messages(MailQueueTally.DeferredQueue));
        Assert.Equal(1, tally.DeferredByReason(DeferReasonClass.Connection));
    }

    [Fact]
    public async Task ReadAsync_SameRecipientInOtherCaseAndEscaped_CountsOnceAndDomainsDistinct()
    {
        var text = string.Join("\n",
            Entry("deferred", 100, 10, Recipient("alice@example.com", "Host or domain name not found"), Recipient("bob@example.com", "Host or domain name not found")),
            Entry("deferred", 50, 20, Recipient("ALICE@example.COM", "Host or domain name not found")),
            Entry("deferred", 70, 30, Recipient("alice\\u0040example.com", "Host or domain name not found"), Recipient("carol@example.net", "host mx[192.0.2.1] said: 452 4.2.2 Quota exceeded")),
            Entry("active", 10, 5, Recipient("dave@example.org", "")),
            "");

        var tally = await Parse(text);

        Assert.Equal(3, tally.Messages(MailQueueTally.DeferredQueue));
        Assert.Equal(60, tally.Bytes(MailQueueTally.DeferredQueue));
        Assert.Equal(50, tally.OldestArrival(MailQueueTally.DeferredQueue));
        Assert.Equal(3, tally.DeferredRecipients); // alice, bob, carol: the active queue's dave is not deferred
        Assert.Equal(2, tally.DeferredDomains);
        Assert.Equal(4, tally.DeferredByReason(DeferReasonClass.Dns));
        Assert.Equal(1, tally.DeferredByReason(DeferReasonClass.Mailbox));
        Assert.Equal(1, tally.Messages(3));
        Assert.Null(tally.OldestArrival(0));
    }

    [Fact]
    public async Task ReadAsync_BlankLinesCrLfAndNoFinalNewline_AreAccepted()
    {
        var text = "\r\n" + Entry("hold", 5, 1) + "\r\n\n  \n" + Entry("hold", 6, 2);

        var tally = await Parse(text);

        Assert.Equal(2, tally.Messages(1));
        Assert.Equal(2, tally.TotalMessages);
    }

    [Fact]
    public async Task ReadAsync_MessageWithThousandsOfRecipients_SpansManyBuffersAndCountsAll()
    {
        // One line of ~600 KB: longer than the 64 KiB read buffer, so the line arrives in pieces.
        var recipients = Enumerable.Range(0, 10_000).Select(i => Recipient($"user{i}@d{i % 7}.example", "connect to x[192.0.2.1]:25: Connection timed out")).ToArray();

        var tally = await Parse(Entry("deferred", 1, 1, recipients) + "\n");

        Assert.Equal(10_000, tally.DeferredRecipients);
        Assert.Equal(7, tally.DeferredDomains);
        Assert.Equal(10_000, tally.DeferredByReason(DeferReasonClass.Connection));
    }

    [Fact]
    public async Task ReadAsync_TruncatedLine_FailsNamingThePlaceAndLine()
    {
        var text = Entry("deferred", 1, 1) + "\n" + Entry("deferred", 1, 1)[..60] + "\n";

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Parse(text));

        Assert.StartsWith("postqueue -j line 2: not a JSON queue entry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TruncatedLastLineWithoutNewline_Fails()
    {
        var text = Entry("deferred", 1, 1) + "\n" + Entry("deferred", 1, 1)[..90];

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Parse(text));

        Assert.StartsWith("postqueue -j line 2:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"yesterday\"", "arrival_time 'yesterday' is not a whole number of Unix seconds")]
    [InlineData("-5", "arrival_time '-5' is not a whole number of Unix seconds")]
    [InlineData("1.5e3", "arrival_time '1.5e3' is not a whole number of Unix seconds")]
    [InlineData("null", "arrival_time 'Null' is not a whole number of Unix seconds")]
    public async Task ReadAsync_GarbageArrivalTime_FailsNamingTheFieldAndValue(string value, string expected)
    {
        var line = $$"""{"queue_name": "deferred", "arrival_time": {{value}}, "message_size": 1, "recipients": []}""";

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Parse(line + "\n"));

        Assert.Equal($"postqueue -j line 1: {expected}", error.Message);
    }

    [Theory]
    [InlineData("""{"queue_name": "deferred", "message_size": 1}""", "postqueue -j line 1: arrival_time is missing")]
    [InlineData("""{"queue_name": "corrupt", "arrival_time": 1, "message_size": 1}""", "postqueue -j line 1: queue_name 'corrupt' is not one of maildrop, hold, incoming, active, deferred")]
    [InlineData("""["not", "an", "entry"]""", "postqueue -j line 1: expected a JSON object per line")]
    [InlineData("""{"queue_name": "deferred", "arrival_time": 1, "message_size": 1, "recipients": [{"delay_reason": "x"}]}""", "postqueue -j line 1: a recipient has no address")]
    [InlineData("""{"queue_name": "deferred", "arrival_time": 1, "message_size": 1} {"queue_name": "deferred"}""", "postqueue -j line 1: not a JSON queue entry")]
    public async Task ReadAsync_EntryThatIsNotAQueueEntry_FailsWithWhatIsWrong(string line, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Parse(line + "\n"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NullOrMissingOptionalFields_AreToleratedFieldByField()
    {
        // showq writes delay_reason only when it has one, orig_address only when it differs; a null
        // in one of those fields is "none", not a broken queue (issue 14, item 10).
        var text = string.Join("\n",
            """{"queue_name": "deferred", "queue_id": "A1", "arrival_time": 100, "message_size": 10, "sender": null, "forced_expire": null, "recipients": [{"address": "a@example.com", "delay_reason": null, "orig_address": null}]}""",
            """{"queue_name": "deferred", "queue_id": "A2", "arrival_time": 200, "message_size": 20, "recipients": [{"address": "b@example.com"}]}""",
            """{"queue_name": "active", "queue_id": "A3", "arrival_time": 300, "message_size": 30, "recipients": null}""",
            """{"queue_name": "deferred", "queue_id": "A4", "arrival_time": 400, "message_size": 40, "recipients": [{"address": "c@example.com", "delay_reason": "connect to mx[192.0.2.1]:25: Connection refused"}]}""") + "\n";

        var tally = await Parse(text);

        Assert.Equal((3, 1), (tally.Messages(MailQueueTally.DeferredQueue), tally.Messages(3)));
        Assert.Equal(3, tally.DeferredRecipients);
        Assert.Equal((2, 1), (tally.DeferredByReason(DeferReasonClass.Other), tally.DeferredByReason(DeferReasonClass.Connection)));
    }

    [Fact]
    public async Task ReadAsync_EmptyOutput_IsAnEmptyQueue()
    {
        var tally = await Parse("");

        Assert.Equal(0, tally.TotalMessages);
        Assert.Equal(0, tally.DeferredRecipients);
    }
}
