namespace Monitor.Collector.Regulation;

/// <summary>One deadline of an incident: when it is due, and when a person recorded it as done.</summary>
/// <param name="Kind">Which deadline.</param>
/// <param name="Due">When it is due.</param>
/// <param name="DoneAt">When on-call recorded it done; null while open.</param>
/// <param name="Projected">True when it applies only if the incident goes on (a major accident not yet reached).</param>
public sealed record Deadline(DeadlineKind Kind, DateTimeOffset Due, DateTimeOffset? DoneAt, bool Projected)
{
    /// <summary>Time left before <see cref="Due"/> at <paramref name="now"/>; negative when overdue.</summary>
    public TimeSpan Remaining(DateTimeOffset now) => Due - now;

    /// <summary>True when it was recorded done by its due time.</summary>
    public bool MetInTime => DoneAt is { } done && done <= Due;

    /// <summary>
    /// True when the incident is over and the deadline passed with nothing recorded: whether it
    /// was met is not known, which is not the same as overdue (a 2017 replay is not 9 years late).
    /// </summary>
    public bool Unrecorded(DateTimeOffset now, bool resolved) => resolved && DoneAt is null && !Projected && Due < now;
}
