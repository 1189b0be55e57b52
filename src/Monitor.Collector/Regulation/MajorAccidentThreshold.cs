namespace Monitor.Collector.Regulation;

/// <summary>
/// One pair of the regulator's major-accident criteria (重大な事故): an outage or quality
/// degradation of at least <see cref="Duration"/> that affects at least <see cref="Users"/> users.
/// A category has one or two such pairs; meeting any of them is enough.
/// </summary>
public sealed class MajorAccidentThreshold
{
    /// <summary>Shortest continuous duration, e.g. <c>02:00:00</c>.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Fewest affected users, e.g. 30000.</summary>
    public long Users { get; set; }

    /// <summary>Creates a pair.</summary>
    public static MajorAccidentThreshold Of(TimeSpan duration, long users) => new() { Duration = duration, Users = users };

    /// <inheritdoc />
    public override string ToString() => $">= {Duration.TotalHours:0.##}h and >= {Users:N0} users";
}
