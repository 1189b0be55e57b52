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
    private readonly long[] _byReason = new long[5];
    private readonly HashSet<ulong> _deferredRecipients = [];
    private readonly HashSet<ulong> _deferredDomains = [];

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

    /// <summary>Counts one message.</summary>
    internal void AddMessage(int queue, long arrival, long size)
    {
        TotalMessages++;
        _messages[queue]++;
        _bytes[queue] += size;
        _oldestArrival[queue] = Math.Min(_oldestArrival[queue], arrival);
    }

    /// <summary>Counts one recipient of a deferred message.</summary>
    internal void AddDeferredRecipient(ulong address, ulong? domain, DeferReasonClass reasonClass)
    {
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
