namespace Monitor.Collector.Regulation;

/// <summary>
/// What the regulator's rules make of an incident at one moment: whether it must be reported
/// quarterly and whether it is, or will become, a major accident.
/// </summary>
/// <param name="Category">Service category 1 to 5 the criteria came from; 0 when none is known.</param>
/// <param name="AffectedUsers">The highest number of affected users so far.</param>
/// <param name="Duration">From onset to recovery, or to now while it goes on.</param>
/// <param name="Ongoing">True while the service has not recovered.</param>
/// <param name="QuarterlyReport">True when it must be reported quarterly (>= 30,000 users or >= 2 h by default).</param>
/// <param name="QuarterlyReportAt">When it met the quarterly criteria, or when it will if not recovered.</param>
/// <param name="MajorAccident">Yes, no, or becomes one at <paramref name="MajorAccidentAt"/>.</param>
/// <param name="MajorAccidentAt">When it became, or will become, a major accident.</param>
/// <param name="Threshold">The criteria pair that decided it, when one did.</param>
public sealed record Classification(
    int Category,
    long AffectedUsers,
    TimeSpan Duration,
    bool Ongoing,
    bool QuarterlyReport,
    DateTimeOffset? QuarterlyReportAt,
    MajorAccidentStatus MajorAccident,
    DateTimeOffset? MajorAccidentAt,
    MajorAccidentThreshold? Threshold);
