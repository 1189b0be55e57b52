using System.Collections;

namespace Monitor.Core.Signals;

/// <summary>
/// Consecutive points of one series, oldest first, read in place from the window: no copy is
/// made. Valid until the series takes its next point (rules read during one evaluation, and only
/// the pipeline adds, between evaluations). The default view is empty.
/// </summary>
public readonly struct SeriesView : IReadOnlyList<TimedValue>
{
    private readonly SeriesPoints? _points;
    private readonly int _first;

    internal SeriesView(SeriesPoints points, int first, int count)
    {
        _points = points;
        _first = first;
        Count = count;
    }

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>The point at <paramref name="index"/>, 0 the oldest.</summary>
    public TimedValue this[int index] => _points![Checked(index)];

    /// <summary>The value of the point at <paramref name="index"/>, without making the point.</summary>
    public double ValueAt(int index) => _points!.ValueOf(Checked(index));

    /// <summary>The time of the point at <paramref name="index"/>.</summary>
    public DateTimeOffset TimeAt(int index) => _points!.TimeOf(Checked(index));

    /// <summary>The points from <paramref name="start"/> on, <paramref name="length"/> of them (also <c>view[a..b]</c>).</summary>
    public SeriesView Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Count);
        return length == 0 ? default : new SeriesView(_points!, _first + start, length);
    }

    /// <summary>The newest <paramref name="count"/> points (all of them when there are fewer).</summary>
    public SeriesView Newest(int count) => count >= Count ? this : Slice(Count - Math.Max(count, 0), Math.Max(count, 0));

    /// <summary>Walks the points oldest first without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<TimedValue> IEnumerable<TimedValue>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int Checked(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _first + index;
    }

    /// <summary>Enumerates a <see cref="SeriesView"/>.</summary>
    public struct Enumerator : IEnumerator<TimedValue>
    {
        private readonly SeriesView _view;
        private int _index;

        internal Enumerator(SeriesView view)
        {
            _view = view;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly TimedValue Current => _view[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext() => ++_index < _view.Count;

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
