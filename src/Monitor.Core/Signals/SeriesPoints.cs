namespace Monitor.Core.Signals;

/// <summary>
/// One series' points in time order: the times in the <see cref="TimeColumn"/> it shares with the
/// series read with it, the values in a ring of its own, each as a float while every value so far
/// is exactly a float (states, counts), else as a double, so that no figure a rule compares or
/// prints changes. The ring is sized from the window's length over the series' sampling interval.
/// </summary>
internal sealed class SeriesPoints
{
    // Enough to see the sampling interval before the ring is sized for the whole window.
    private const int FirstSize = 4;

    private readonly TimeColumns _columns;
    private readonly long _maxAgeTicks;
    private readonly int _maxPoints;
    private TimeColumn? _column;
    private long _oldestSeq;
    private TimeSpan _offset;
    private float[]? _floats;
    private double[]? _doubles;
    private int _start;

    public SeriesPoints(TimeColumns columns, TimeSpan maxAge, int maxPoints)
    {
        _columns = columns;
        _maxAgeTicks = maxAge.Ticks;
        _maxPoints = maxPoints;
        _floats = new float[Math.Min(FirstSize, maxPoints)];
    }

    public int Count { get; private set; }

    /// <summary>Points the ring holds before it grows or drops its oldest.</summary>
    public int Capacity => _floats?.Length ?? _doubles!.Length;

    /// <summary>Whether the values are kept as doubles (some value was not exactly a float).</summary>
    public bool KeepsDoubles => _doubles is not null;

    /// <summary>Where this series is in its column's list of members.</summary>
    public int MemberIndex { get; set; }

    /// <summary>The column sequence of the oldest point, null when there is none.</summary>
    public long? OldestSeq => Count > 0 ? _oldestSeq : null;

    /// <summary>The column that holds the times (for tests of the sharing).</summary>
    public TimeColumn? Column => _column;

    private long NewestSeq => _oldestSeq + Count - 1;

    public TimedValue this[int index] => new(TimeOf(index), ValueAt(Physical(index)));

    public double ValueOf(int index) => ValueAt(Physical(index));

    public DateTimeOffset TimeOf(int index) => new(TicksOf(index) + _offset.Ticks, _offset);

    /// <summary>The first point at or after <paramref name="from"/>, or <see cref="Count"/> when none is.</summary>
    public int FirstAtOrAfter(DateTimeOffset from)
    {
        var ticks = from.UtcTicks;
        int low = 0, high = Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (TicksOf(middle) < ticks)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// Adds a point newer than the newest (to the millisecond); drops the points older than the
    /// window's length before it, and the oldest when the ring is at the cap. Returns whether it was kept.
    /// </summary>
    public bool Append(DateTimeOffset time, double value)
    {
        var ticks = time.UtcTicks;
        var ms = ticks / TimeSpan.TicksPerMillisecond;
        if (Count > 0 && ms <= _column!.MsOf(NewestSeq))
        {
            return false; // a duplicate delivery: one failed probe must not count as two
        }

        while (Count > 0 && TicksOf(0) < ticks - _maxAgeTicks)
        {
            DropOldest();
        }

        var seq = Place(ms);
        if (Count == Capacity)
        {
            if (Capacity < _maxPoints)
            {
                Grow(ms);
            }
            else
            {
                DropOldest();
            }
        }

        if (_doubles is null && (double)(float)value != value)
        {
            _doubles = new double[Capacity];
            for (var i = 0; i < Capacity; i++)
            {
                _doubles[i] = _floats![i];
            }

            _floats = null;
        }

        var slot = Physical(Count);
        if (_doubles is { } doubles)
        {
            doubles[slot] = value;
        }
        else
        {
            _floats![slot] = (float)value;
        }

        if (Count == 0)
        {
            _oldestSeq = seq;
        }

        _offset = time.Offset; // a series is shown in the offset its source gives now
        Count++;
        return true;
    }

    /// <summary>
    /// Moves to a copy of the column's times up to this series' newest: the column must drop its
    /// oldest time, and this series, which stopped taking points, still starts there.
    /// </summary>
    public void Part() => MoveTo(_column!.ForkAfter(_oldestSeq, NewestSeq));

    // The sequence of the new point's time: in this series' column when it is in step with it,
    // else in the column of the read it came with (a series with no points yet) or in a fork.
    private long Place(long ms)
    {
        if (Count == 0)
        {
            if (_column is not { Count: > 0 } column || column.NewestMs != ms)
            {
                MoveTo(_columns.At(ms));
            }

            return _column!.Take(ms, null) ?? throw new InvalidOperationException("a column at a time, or a new one, takes it");
        }

        while (true)
        {
            if (_column!.Take(ms, NewestSeq) is { } seq)
            {
                return seq;
            }

            MoveTo(_column.ForkAfter(_oldestSeq, NewestSeq));
        }
    }

    private void MoveTo(TimeColumn column)
    {
        _column?.Leave(MemberIndex);
        MemberIndex = column.Enter(this);
        _column = column;
    }

    private void DropOldest()
    {
        _start = Physical(1);
        _oldestSeq++;
        Count--;
    }

    private int Physical(int index)
    {
        var p = _start + index;
        var capacity = Capacity;
        return p >= capacity ? p - capacity : p;
    }

    private long TicksOf(int index) => _column!.TicksOf(_oldestSeq + index);

    private double ValueAt(int physical) => _doubles is { } doubles ? doubles[physical] : _floats![physical];

    // Sized for the window at the interval seen so far (the new point included), with room for
    // jitter; a series sampled faster than before grows again, by a quarter at least.
    private void Grow(long newestMs)
    {
        var span = Count > 0 ? newestMs - _column!.MsOf(_oldestSeq) : 0;
        var maxAgeMs = _maxAgeTicks / TimeSpan.TicksPerMillisecond;
        var needed = span > 0 ? (maxAgeMs * Count / span) + 2 : _maxPoints;
        var size = (int)Math.Clamp(Math.Max(needed, Capacity + (Capacity / 4) + 1), Capacity + 1, _maxPoints);

        var floats = _floats is null ? null : new float[size];
        var doubles = _doubles is null ? null : new double[size];
        for (var i = 0; i < Count; i++)
        {
            var p = Physical(i);
            if (floats is not null)
            {
                floats[i] = _floats![p];
            }
            else
            {
                doubles![i] = _doubles![p];
            }
        }

        (_floats, _doubles, _start) = (floats, doubles, 0);
    }
}
