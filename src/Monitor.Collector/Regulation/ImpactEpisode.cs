namespace Monitor.Collector.Regulation;

/// <summary>
/// A continuous stretch of user impact, from the first affected user to the moment none was
/// affected: what the regulator's duration (継続時間) measures. Its ranges split it by kind and
/// may overlap (a stop of POP while incoming mail is only delayed).
/// </summary>
/// <param name="Start">When users were first affected.</param>
/// <param name="End">When no user was affected any more; null while it goes on.</param>
/// <param name="PeakUsers">The most users affected at once during it.</param>
/// <param name="Series">Affected users over its time, starting with the count in force at <paramref name="Start"/>.</param>
/// <param name="Ranges">Its stops and degradations, oldest first.</param>
public sealed record ImpactEpisode(
    DateTimeOffset Start,
    DateTimeOffset? End,
    long PeakUsers,
    IReadOnlyList<(DateTimeOffset Time, long Users)> Series,
    IReadOnlyList<ImpactRange> Ranges)
{
    /// <summary>From start to end, or to <paramref name="now"/> while it goes on.</summary>
    public TimeSpan Duration(DateTimeOffset now)
    {
        var end = End ?? now;
        return end > Start ? end - Start : TimeSpan.Zero;
    }

    /// <summary>The exposure the classifier judges this episode on.</summary>
    public IncidentExposure Exposure => new(Start, End, PeakUsers, Series);
}
