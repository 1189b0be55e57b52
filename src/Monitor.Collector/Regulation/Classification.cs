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
    MajorAccidentThreshold? Threshold)
{
    /// <summary>
    /// When a major accident was, or will be, foreseen (<see cref="RegulationOptions.ForeseenShare"/>):
    /// the affected users already meet a criterion and the impact has lasted that share of its
    /// duration. Null when no criterion's users are reached. The first report to MIC is due from here.
    /// </summary>
    public DateTimeOffset? ForeseenAt { get; init; }

    /// <summary>The share of a criterion's duration the rule for <see cref="ForeseenAt"/> used (<see cref="RegulationOptions.ForeseenShare"/>).</summary>
    public double ForeseenShare { get; init; }

    /// <summary>True once <see cref="ForeseenAt"/> has passed with the impact still going on then.</summary>
    public bool Foreseen { get; init; }

    /// <summary>Each continuous episode of user impact judged alone, oldest first; empty when none was derived.</summary>
    public IReadOnlyList<Classification> Episodes { get; init; } = [];

    /// <summary>With several episodes: the reading that takes them as one accident (their impact times added, restored time not counted).</summary>
    public Classification? Together { get; init; }

    /// <summary>
    /// True when the two readings differ: no episode alone is a major accident, but together they
    /// are (or will be). Whether they are one accident is a person's decision (【要判断】).
    /// </summary>
    public bool PersonDecides { get; init; }
}
