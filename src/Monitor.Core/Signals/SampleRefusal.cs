namespace Monitor.Core.Signals;

/// <summary>
/// Why a sample is refused before any rule sees it: a value that is not a finite number, a
/// negative value of a metric that cannot be negative (rates, counts, sizes, durations), or a
/// time not after the series' last one (a duplicate, or history rewritten). A replay refuses
/// such a line with its file and line; live, the sample is dropped, logged and counted.
/// </summary>
public static class SampleRefusal
{
    /// <summary>NaN, +Inf or -Inf: no rule can compare it, no sentence can print it.</summary>
    public const string NotFinite = "not_finite";

    /// <summary>Below zero for a metric that cannot be (a counter reset or a broken source).</summary>
    public const string Negative = "negative";

    /// <summary>Same time as the series' last sample.</summary>
    public const string DuplicateTime = "duplicate_time";

    /// <summary>Earlier than the series' last sample.</summary>
    public const string OutOfOrder = "out_of_order";

    /// <summary>Every reason, as the metric's reason label spells it.</summary>
    public static IReadOnlyList<string> All { get; } = [NotFinite, Negative, DuplicateTime, OutOfOrder];

    /// <summary>Why <paramref name="value"/> cannot be a value of <paramref name="definition"/> (null: it can).</summary>
    public static string? OfValue(double value, MetricDefinition? definition) =>
        !double.IsFinite(value) ? NotFinite
        : value < 0 && definition is { Signed: false } ? Negative
        : null;

    /// <summary>Why a sample at <paramref name="time"/> cannot follow one at <paramref name="latest"/> (null: it can).</summary>
    public static string? OfTime(DateTimeOffset time, DateTimeOffset? latest) =>
        latest is not { } last ? null
        : time == last ? DuplicateTime
        : time < last ? OutOfOrder
        : null;

    /// <summary>The reason in words, for a log line or a file's problem.</summary>
    public static string Explain(string reason) => reason switch
    {
        NotFinite => "the value is not a finite number (Monitor's metrics are)",
        Negative => "the value is negative, and this metric cannot be",
        DuplicateTime => "the series already has a sample at this time",
        OutOfOrder => "the time is earlier than the series' last sample",
        _ => reason,
    };
}
