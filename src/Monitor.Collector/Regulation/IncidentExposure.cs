namespace Monitor.Collector.Regulation;

/// <summary>
/// How long and how widely an incident hit users: what the regulator's criteria are about.
/// </summary>
/// <param name="Onset">When the service was first hit.</param>
/// <param name="End">When it recovered; null while it goes on.</param>
/// <param name="MaxUsers">The highest number of affected users so far.</param>
/// <param name="Series">Affected users over time, in time order; may be empty.</param>
public sealed record IncidentExposure(
    DateTimeOffset Onset,
    DateTimeOffset? End,
    long MaxUsers,
    IReadOnlyList<(DateTimeOffset Time, long Users)> Series)
{
    /// <summary>The first moment at least <paramref name="users"/> were affected; null if never so far.</summary>
    public DateTimeOffset? FirstReached(long users)
    {
        if (MaxUsers < users && Series.All(point => point.Users < users))
        {
            return null;
        }

        foreach (var point in Series)
        {
            if (point.Users >= users)
            {
                return point.Time < Onset ? Onset : point.Time;
            }
        }

        // Only the maximum says so; without a series the count is taken as true from the onset.
        return Onset;
    }
}
