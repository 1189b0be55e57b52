namespace Monitor.Core.Signals;

/// <summary>
/// One series' points in time order, in a ring of parallel arrays: each time as whole milliseconds
/// after the series' base, each value as a float while every value so far is exactly a float
/// (states, counts), else as a double, so that no figure a rule compares or prints changes. The
/// ring is sized from the window's length over the series' sampling interval.
/// </summary>
internal sealed class SeriesPoints
{
    // Enough to see the sampling interval before the ring is sized for the whole window.
    private const int FirstSize = 4;

    private readonly long _maxAgeTicks;
    private readonly int _maxPoints;
    private long _baseTicks;
    private TimeSpan _offset;
    private int[] _times;
    private float[]? _floats;
    private double[]? _doubles;
    private int _start;

    public SeriesPoints(TimeSpan maxAge, int maxPoints)
    {
        _maxAgeTicks = maxAge.Ticks;
        _maxPoints = maxPoints;
        var size = Math.Min(FirstSize, maxPoints);
        _times = new int[size];
        _floats = new float[size];
    }

    public int Count { get; private set; }

    /// <summary>Points the ring holds before it grows or drops its oldest.</summary>
    public int Capacity => _times.Length;

    /// <summary>Whether the values are kept as doubles (some value was not exactly a float).</summary>
    public bool KeepsDoubles => _doubles is not null;

    public TimedValue this[int index]
    {
        get
        {
            var p = Physical(index);
            return new TimedValue(TimeAt(p), ValueAt(p));
        }
    }

    public double ValueOf(int index) => ValueAt(Physical(index));

    public DateTimeOffset TimeOf(int index) => TimeAt(Physical(index));

    /// <summary>The first point at or after <paramref name="from"/>, or <see cref="Count"/> when none is.</summary>
    public int FirstAtOrAfter(DateTimeOffset from)
    {
        var ticks = from.UtcTicks;
        int low = 0, high = Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (TicksAt(Physical(middle)) < ticks)
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
        if (Count == 0)
        {
            _baseTicks = ticks - (ticks % TimeSpan.TicksPerMillisecond);
        }

        var ms = (ticks - _baseTicks) / TimeSpan.TicksPerMillisecond;
        if (Count > 0 && ms <= _times[Physical(Count - 1)])
        {
            return false; // a duplicate delivery: one failed probe must not count as two
        }

        DropOlderThan(ticks - _maxAgeTicks);
        if (ms > int.MaxValue)
        {
            ms = Rebase(ticks);
        }

        if (Count == Capacity)
        {
            if (Capacity < _maxPoints)
            {
                Grow(ms);
            }
            else
            {
                _start = Physical(1);
                Count--;
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
        _times[slot] = (int)ms;
        if (_doubles is { } doubles)
        {
            doubles[slot] = value;
        }
        else
        {
            _floats![slot] = (float)value;
        }

        _offset = time.Offset; // a series is shown in the offset its source gives now
        Count++;
        return true;
    }

    private int Physical(int index)
    {
        var p = _start + index;
        return p >= _times.Length ? p - _times.Length : p;
    }

    private long TicksAt(int physical) => _baseTicks + (_times[physical] * TimeSpan.TicksPerMillisecond);

    private DateTimeOffset TimeAt(int physical) => new(TicksAt(physical) + _offset.Ticks, _offset);

    private double ValueAt(int physical) => _doubles is { } doubles ? doubles[physical] : _floats![physical];

    private void DropOlderThan(long oldestAllowedTicks)
    {
        while (Count > 0 && TicksAt(_start) < oldestAllowedTicks)
        {
            _start = Physical(1);
            Count--;
        }
    }

    // After 24 days of milliseconds the offsets no longer fit: count them from the oldest point
    // kept (the window is at most days long, so the newest then fits again).
    private long Rebase(long ticks)
    {
        var shift = Count == 0 ? (ticks - _baseTicks) / TimeSpan.TicksPerMillisecond : _times[_start];
        for (var i = 0; i < Count; i++)
        {
            _times[Physical(i)] -= (int)shift;
        }

        _baseTicks += shift * TimeSpan.TicksPerMillisecond;
        return (ticks - _baseTicks) / TimeSpan.TicksPerMillisecond;
    }

    // Sized for the window at the interval seen so far (the new point included), with room for
    // jitter; a series sampled faster than before grows again, by a quarter at least.
    private void Grow(long newestMs)
    {
        var span = newestMs - _times[_start];
        var maxAgeMs = _maxAgeTicks / TimeSpan.TicksPerMillisecond;
        var needed = span > 0 ? (maxAgeMs * Count / span) + 2 : _maxPoints;
        var size = (int)Math.Clamp(Math.Max(needed, Capacity + (Capacity / 4) + 1), Capacity + 1, _maxPoints);

        var times = new int[size];
        var floats = _floats is null ? null : new float[size];
        var doubles = _doubles is null ? null : new double[size];
        for (var i = 0; i < Count; i++)
        {
            var p = Physical(i);
            times[i] = _times[p];
            if (floats is not null)
            {
                floats[i] = _floats![p];
            }
            else
            {
                doubles![i] = _doubles![p];
            }
        }

        (_times, _floats, _doubles, _start) = (times, floats, doubles, 0);
    }
}
