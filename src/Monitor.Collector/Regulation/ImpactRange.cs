namespace Monitor.Collector.Regulation;

/// <summary>
/// One time range of an accident as the report writes it (①, ②, ③): continuous, of one kind
/// (a stop or a degradation), with its own duration.
/// </summary>
/// <param name="Kind">Stop, degradation, or not known.</param>
/// <param name="Start">When users were first affected in this way.</param>
/// <param name="End">When it stopped; null while it goes on.</param>
/// <param name="PeakUsers">The most users affected during it.</param>
/// <param name="Functions">The functions it concerned ("pop3", "smtp-in"); empty when not known.</param>
public sealed record ImpactRange(
    ImpactRangeKind Kind,
    DateTimeOffset Start,
    DateTimeOffset? End,
    long PeakUsers,
    IReadOnlyList<string> Functions)
{
    /// <summary>From start to end, or to <paramref name="now"/> while it goes on.</summary>
    public TimeSpan Duration(DateTimeOffset now)
    {
        var end = End ?? now;
        return end > Start ? end - Start : TimeSpan.Zero;
    }
}
