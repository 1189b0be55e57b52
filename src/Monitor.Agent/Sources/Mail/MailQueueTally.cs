namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// What one listing of the Postfix queue adds up to: per queue the messages, bytes and oldest
/// arrival; over the deferred queue the distinct recipients and recipient domains and the
/// recipients per delay-reason class. Distinct addresses are kept as 64-bit hashes, not strings,
/// so a queue of a million recipients costs a few megabytes (a false merge of two addresses has a
/// chance of about n²/2⁶⁵, negligible at any queue size Postfix can hold).
/// </summary>
public sealed class MailQueueTally
{
    /// <summary>The queues <c>postqueue -j</c> reports, in Postfix's own order.</summary>
    public static IReadOnlyList<string> QueueNames { get; } = ["maildrop", "hold", "incoming", "active", "deferred"];

    /// <summary>Index of the deferred queue in <see cref="QueueNames"/>.</summary>
    public const int DeferredQueue = 4;

    private readonly long[] _messages = new long[5];
    private readonly long[] _bytes = new long[5];
    private readonly long[] _oldestArrival = [long.MaxValue, long.MaxValue, long.MaxValue, long.MaxValue, long.MaxValue];
    private readonly long[] _byReason = new long[Enum.GetValues<DeferReasonClass>().Length];
    private readonly HashSet<ulong> _deferredRecipients = [];
    private readonly HashSet<ulong> _deferredDomains = [];
    private readonly long[,] _byBucketReason;
    private readonly long[] _bucketOldestArrival;

    /// <summary>Creates an empty tally.</summary>
    /// <param name="buckets">The recipient-domain buckets to count deferred mail by (<see cref="Core.Topology.MailDomains.Buckets"/>); none: one, "other".</param>
    public MailQueueTally(IReadOnlyList<string>? buckets = null)
    {
        Buckets = buckets is { Count: > 0 } ? buckets : [Core.Topology.MailDomains.Other];
        _byBucketReason = new long[Buckets.Count, Enum.GetValues<DeferReasonClass>().Length];
        _bucketOldestArrival = [.. Enumerable.Repeat(long.MaxValue, Buckets.Count)];
    }

    /// <summary>The recipient-domain buckets, in the order of their indexes.</summary>
    public IReadOnlyList<string> Buckets { get; }

    /// <summary>Messages listed, all queues.</summary>
    public long TotalMessages { get; private set; }

    /// <summary>Messages in a queue.</summary>
    public long Messages(int queue) => _messages[queue];

    /// <summary>Sum of message_size in a queue, bytes.</summary>
    public long Bytes(int queue) => _bytes[queue];

    /// <summary>Earliest arrival_time (Unix seconds) in a queue, or null when the queue is empty.</summary>
    public long? OldestArrival(int queue) => _oldestArrival[queue] == long.MaxValue ? null : _oldestArrival[queue];

    /// <summary>Distinct recipients of deferred messages.</summary>
    public int DeferredRecipients => _deferredRecipients.Count;

    /// <summary>Distinct recipient domains of deferred messages.</summary>
    public int DeferredDomains => _deferredDomains.Count;

    /// <summary>Deferred recipients whose delay reason is of this class.</summary>
    public long DeferredByReason(DeferReasonClass reasonClass) => _byReason[(int)reasonClass];

    /// <summary>Deferred recipients of a bucket (index into <see cref="Buckets"/>) whose delay reason is of this class.</summary>
    public long DeferredByBucket(int bucket, DeferReasonClass reasonClass) => _byBucketReason[bucket, (int)reasonClass];

    /// <summary>Earliest arrival_time (Unix seconds) of a deferred message with a recipient in a bucket, or null.</summary>
    public long? OldestDeferredArrival(int bucket) => _bucketOldestArrival[bucket] == long.MaxValue ? null : _bucketOldestArrival[bucket];

    /// <summary>Counts one message.</summary>
    internal void AddMessage(int queue, long arrival, long size)
    {
        TotalMessages++;
        _messages[queue]++;
        _bytes[queue] += size;
        _oldestArrival[queue] = Math.Min(_oldestArrival[queue], arrival);
    }

    /// <summary>Counts one recipient of a deferred message.</summary>
    internal void AddDeferredRecipient(ulong address, ulong? domain, DeferReasonClass reasonClass, int bucket, long arrival)
    {
        _byBucketReason[bucket, (int)reasonClass]++;
        _bucketOldestArrival[bucket] = Math.Min(_bucketOldestArrival[bucket], arrival);
        _deferredRecipients.Add(address);
        if (domain is { } d)
        {
            _deferredDomains.Add(d);
        }

        _byReason[(int)reasonClass]++;
    }

    /// <summary>Index of a queue name, or -1.</summary>
    internal static int QueueIndex(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < QueueNames.Count; i++)
        {
            if (name.SequenceEqual(QueueNames[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
