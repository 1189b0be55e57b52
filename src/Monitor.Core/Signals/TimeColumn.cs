namespace Monitor.Core.Signals;

/// <summary>
/// The times of the series sampled together (one source's read stamps every sample it makes with
/// one time), kept once for all of them instead of once a series. A ring of whole milliseconds
/// after a base, each time numbered by a sequence that never restarts, so a member series holds
/// only the sequence of its oldest point: its points are that time and every later one up to its
/// newest, one value each. A series whose times part from the column's (it missed a read that the
/// others made, or its source stamps differently) moves to a fork: a copy of the column's times up
/// to its newest, which the series that parted at the same point share in turn.
/// </summary>
internal sealed class TimeColumn
{
    private const int FirstSize = 4;

    private readonly TimeColumns _columns;
    private readonly List<SeriesPoints> _members = [];
    private long _baseMs;
    private int[] _times;
    private int _start;
    private long _oldestSeq;
    private TimeColumn? _fork;
    private long _forkedAfter;

    public TimeColumn(TimeColumns columns)
        : this(columns, Math.Min(FirstSize, columns.MaxTimes))
    {
    }

    private TimeColumn(TimeColumns columns, int size)
    {
        _columns = columns;
        _times = new int[size];
    }

    /// <summary>Times held.</summary>
    public int Count { get; private set; }

    /// <summary>The sequence of the newest time (one before the oldest when there is none).</summary>
    public long NewestSeq => _oldestSeq + Count - 1;

    /// <summary>The newest time in whole milliseconds since the epoch (meaningless when there is none).</summary>
    public long NewestMs => MsOf(NewestSeq);

    public long MsOf(long seq) => _baseMs + _times[Physical(seq)];

    public long TicksOf(long seq) => MsOf(seq) * TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// The sequence a member whose newest point is at <paramref name="after"/> (or which has none,
    /// when null) takes for its next point at <paramref name="ms"/>: the newest time when another
    /// member already took it, a new time when the member is the first there. Null when the
    /// column's times went another way: the member forks.
    /// </summary>
    public long? Take(long ms, long? after)
    {
        if (Count > 0 && NewestMs == ms && (after is null || after == NewestSeq - 1))
        {
            return NewestSeq;
        }

        // Only a member in step moves the column on: an empty one (new, or emptied by age) would
        // drag the others' times to its own.
        if ((Count == 0 || NewestMs < ms) && (after == NewestSeq || (after is null && Count == 0)))
        {
            Advance(ms);
            return NewestSeq;
        }

        return null;
    }

    public int Enter(SeriesPoints member)
    {
        _members.Add(member);
        return _members.Count - 1;
    }

    public void Leave(int memberIndex)
    {
        var last = _members.Count - 1;
        if (memberIndex != last)
        {
            _members[memberIndex] = _members[last];
            _members[memberIndex].MemberIndex = memberIndex;
        }

        _members.RemoveAt(last);
        if (_members.Count == 0)
        {
            _columns.Forget(this);
        }
    }

    /// <summary>
    /// The column for a member parting here after its newest point at <paramref name="after"/>: a
    /// copy of these times up to it. The members that part at the same point share one.
    /// </summary>
    public TimeColumn ForkAfter(long oldest, long after)
    {
        if (_fork is { } fork && _forkedAfter == after && fork._oldestSeq <= oldest)
        {
            return fork;
        }

        var count = (int)(after - _oldestSeq + 1);
        fork = new TimeColumn(_columns, Math.Min(Math.Max(count + (count / 4) + 2, FirstSize), _columns.MaxTimes))
        {
            _baseMs = _baseMs,
            _oldestSeq = _oldestSeq,
            Count = count,
        };
        for (var i = 0; i < count; i++)
        {
            fork._times[i] = _times[Physical(_oldestSeq + i)];
        }

        (_fork, _forkedAfter) = (fork, after);
        return fork;
    }

    private int Physical(long seq)
    {
        var p = _start + (int)(seq - _oldestSeq);
        return p >= _times.Length ? p - _times.Length : p;
    }

    private void Advance(long ms)
    {
        // A fork serves the members that part at one read; kept longer, forks of forks would
        // hold each other after their members left.
        _fork = null;
        DropUnread();
        while (Count > 0 && ((Count == _times.Length && _times.Length >= _columns.MaxTimes) || ms - MsOf(_oldestSeq) > int.MaxValue))
        {
            // The members still starting at the oldest time missed the reads since (a member in
            // step never holds more points than the ring minus one) or are older than 24 days of
            // milliseconds: they take their times with them.
            PartMembersStartingAt(_oldestSeq);
            DropUnread();
        }

        if (Count == 0)
        {
            _baseMs = ms;
        }
        else if (ms - _baseMs > int.MaxValue)
        {
            Rebase();
        }

        if (Count == _times.Length)
        {
            Grow();
        }

        var previous = Count > 0 ? NewestMs : (long?)null;
        var slot = Physical(_oldestSeq + Count);
        _times[slot] = (int)(ms - _baseMs);
        Count++;
        _columns.Moved(this, previous);
    }

    // The times before every member's oldest point are read by none. Once a read, by the first
    // member to take its time: the others still hold the point they drop when they take theirs.
    private void DropUnread()
    {
        var oldestRead = long.MaxValue;
        foreach (var member in _members)
        {
            if (member.OldestSeq is { } seq && seq < oldestRead)
            {
                oldestRead = seq;
            }
        }

        while (Count > 0 && _oldestSeq < oldestRead)
        {
            _start = _start + 1 == _times.Length ? 0 : _start + 1;
            _oldestSeq++;
            Count--;
        }
    }

    private void PartMembersStartingAt(long seq)
    {
        // Backwards, as a member leaving swaps the last one into its place.
        for (var i = _members.Count - 1; i >= 0; i--)
        {
            if (_members[i].OldestSeq <= seq)
            {
                _members[i].Part();
            }
        }
    }

    // Milliseconds after the base run out after 24 days: count them from the oldest time kept.
    private void Rebase()
    {
        var shift = _times[_start];
        for (var i = 0; i < Count; i++)
        {
            _times[Physical(_oldestSeq + i)] -= shift;
        }

        _baseMs += shift;
    }

    private void Grow()
    {
        var size = Math.Min(Math.Max(_times.Length * 2, FirstSize), _columns.MaxTimes);
        var times = new int[size];
        for (var i = 0; i < Count; i++)
        {
            times[i] = _times[Physical(_oldestSeq + i)];
        }

        (_times, _start) = (times, 0);
    }
}
