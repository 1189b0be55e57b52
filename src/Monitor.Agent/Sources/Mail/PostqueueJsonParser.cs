using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Monitor.Core.Topology;

namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// Reads <c>postqueue -j</c> output (one JSON object per message per line, Postfix 3.1+) as a
/// stream: one line in memory at a time, never the whole listing, because a queue in trouble is
/// exactly when the listing is large. Fields it does not know (Postfix 3.11's
/// <c>orig_address</c> and <c>bounce_reason</c>, <c>forced_expire</c>, whatever comes next) are
/// skipped. A line that is not valid JSON, or lacks or garbles queue_name, arrival_time or
/// message_size, fails the whole read with its line number: a partial count would look like a
/// queue that is draining.
/// </summary>
public static class PostqueueJsonParser
{
    /// <summary>Longest line accepted: a message with tens of thousands of recipients fits. 64 MiB.</summary>
    public const int MaxLineBytes = 64 * 1024 * 1024;

    /// <summary>Reads the listing to its end.</summary>
    /// <param name="stream">The output of <c>postqueue -j</c> (a pipe or a saved file).</param>
    /// <param name="place">Names the input in errors, e.g. "postqueue -j" or a file path.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="domains">The topology's recipient domains, to count deferred mail by; none: all "other".</param>
    /// <exception cref="InvalidDataException">A line is not a queue entry; the message names the place and the line.</exception>
    public static async Task<MailQueueTally> ReadAsync(Stream stream, string place, CancellationToken cancellationToken, MailDomains? domains = null)
    {
        domains ??= new MailDomains([]);
        var tally = new MailQueueTally(domains.Buckets);
        var scratch = new LineScratch(domains);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var lineNumber = 0L;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryTakeLine(ref buffer, out var line))
                {
                    ParseLine(line, ++lineNumber, place, tally, scratch);
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        // The last line has no newline: fine if whole, an error if cut off.
                        ParseLine(buffer, ++lineNumber, place, tally, scratch);
                    }

                    break;
                }

                if (buffer.Length > MaxLineBytes)
                {
                    throw new InvalidDataException($"{place} line {lineNumber + 1}: longer than {MaxLineBytes} bytes without a newline");
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }

        return tally;
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private static void ParseLine(ReadOnlySequence<byte> line, long lineNumber, string place, MailQueueTally tally, LineScratch scratch)
    {
        if (IsBlank(line))
        {
            return;
        }

        try
        {
            ParseEntry(line, tally, scratch);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{place} line {lineNumber}: not a JSON queue entry ({e.Message})", e);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{place} line {lineNumber}: {e.Message}", e);
        }
    }

    private static void ParseEntry(ReadOnlySequence<byte> line, MailQueueTally tally, LineScratch scratch)
    {
        var json = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("expected a JSON object per line");
        }

        var queue = -1;
        long? arrival = null;
        long? size = null;
        scratch.Recipients.Clear();
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.ValueTextEquals("queue_name"u8))
            {
                json.Read();
                var name = scratch.String(ref json, "queue_name");
                queue = MailQueueTally.QueueIndex(name);
                if (queue < 0)
                {
                    throw new FormatException($"queue_name '{name}' is not one of {string.Join(", ", MailQueueTally.QueueNames)}");
                }
            }
            else if (json.ValueTextEquals("arrival_time"u8))
            {
                json.Read();
                arrival = WholeNumber(ref json, "arrival_time", "Unix seconds");
            }
            else if (json.ValueTextEquals("message_size"u8))
            {
                json.Read();
                size = WholeNumber(ref json, "message_size", "bytes");
            }
            else if (json.ValueTextEquals("recipients"u8))
            {
                json.Read();
                if (json.TokenType != JsonTokenType.Null)
                {
                    ReadRecipients(ref json, scratch);
                }
            }
            else
            {
                json.Read();
                json.Skip();
            }
        }

        if (json.TokenType != JsonTokenType.EndObject || json.Read())
        {
            throw new FormatException("expected one JSON object per line");
        }

        if (queue < 0 || arrival is null || size is null)
        {
            var missing = queue < 0 ? "queue_name" : arrival is null ? "arrival_time" : "message_size";
            throw new FormatException($"{missing} is missing");
        }

        tally.AddMessage(queue, arrival.Value, size.Value);
        if (queue == MailQueueTally.DeferredQueue)
        {
            foreach (var (address, domain, reasonClass, bucket) in scratch.Recipients)
            {
                tally.AddDeferredRecipient(address, domain, reasonClass, bucket, arrival.Value);
            }
        }
    }

    private static void ReadRecipients(ref Utf8JsonReader json, LineScratch scratch)
    {
        if (json.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException($"recipients is {json.TokenType}, expected an array");
        }

        while (json.Read() && json.TokenType == JsonTokenType.StartObject)
        {
            ulong? address = null;
            ulong? domain = null;
            var bucket = scratch.OtherBucket;
            var reasonClass = DeferReasonClass.Other;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                if (json.ValueTextEquals("address"u8))
                {
                    json.Read();
                    var text = scratch.String(ref json, "recipients[].address");
                    address = AddressHash(text);
                    var at = text.LastIndexOf('@');
                    domain = at >= 0 ? AddressHash(text[(at + 1)..]) : null;
                    bucket = scratch.BucketIndex(at >= 0 ? text[(at + 1)..] : []);
                }
                else if (json.ValueTextEquals("delay_reason"u8))
                {
                    // Optional: showq writes it only when there is a reason; null is no reason.
                    json.Read();
                    reasonClass = json.TokenType == JsonTokenType.Null
                        ? DeferReasonClass.Other
                        : DeferReasonClassifier.Classify(scratch.String(ref json, "recipients[].delay_reason"));
                }
                else
                {
                    json.Read();
                    json.Skip();
                }
            }

            if (address is null)
            {
                throw new FormatException("a recipient has no address");
            }

            scratch.Recipients.Add((address.Value, domain, reasonClass, bucket));
        }

        if (json.TokenType != JsonTokenType.EndArray)
        {
            throw new FormatException($"recipients holds {json.TokenType}, expected objects");
        }
    }

    private static long WholeNumber(ref Utf8JsonReader json, string field, string unit)
    {
        if (json.TokenType != JsonTokenType.Number || !json.TryGetInt64(out var value) || value < 0)
        {
            var shown = json.TokenType is JsonTokenType.String or JsonTokenType.Number
                ? System.Text.Encoding.UTF8.GetString(json.HasValueSequence ? json.ValueSequence.ToArray() : json.ValueSpan)
                : json.TokenType.ToString();
            throw new FormatException($"{field} '{shown}' is not a whole number of {unit}");
        }

        return value;
    }

    // FNV-1a over the lower-cased address: case differences in the domain (and, in practice,
    // the local part) name the same mailbox.
    private static ulong AddressHash(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
        }

        return hash;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Buffers reused from line to line, so a listing of any length allocates little.</summary>
    private sealed class LineScratch(MailDomains domains)
    {
        private readonly Dictionary<string, int> _bucketIndex = domains.Buckets.Select((b, i) => (b, i)).ToDictionary(x => x.b, x => x.i, StringComparer.Ordinal);
        private char[] _chars = new char[256];

        public List<(ulong Address, ulong? Domain, DeferReasonClass Reason, int Bucket)> Recipients { get; } = [];

        public int OtherBucket => _bucketIndex[MailDomains.Other];

        // Index of a recipient domain's bucket in MailDomains.Buckets.
        public int BucketIndex(ReadOnlySpan<char> domain) => _bucketIndex[domains.Bucket(domain)];

        // The string value under the reader, unescaped into the reused buffer.
        public ReadOnlySpan<char> String(ref Utf8JsonReader json, string field)
        {
            if (json.TokenType != JsonTokenType.String)
            {
                throw new FormatException($"{field} is {json.TokenType}, expected a string");
            }

            var most = json.HasValueSequence ? (int)json.ValueSequence.Length : json.ValueSpan.Length;
            if (_chars.Length < most)
            {
                _chars = new char[Math.Max(most, _chars.Length * 2)];
            }

            var length = json.CopyString(_chars);
            return _chars.AsSpan(0, length);
        }
    }
}
