using Monitor.Core.Findings;

namespace Monitor.Core.Incidents;

/// <summary>
/// When a changed incident makes a revision. At once for what a person acts on: its state, root
/// cause, severity or onset, a new symptom, a function newly hit, a suspected change named, a new
/// entry on its timeline (a change, a log line), the affected-user maximum up by
/// <see cref="IncidentLifecycleOptions.UsersStep"/> or past one of the regulator's thresholds.
/// Figures that only move (the observed count wandering from one sample to the next, a finding's
/// newest evidence) are coalesced: the newest figures go out with the next revision, at the latest
/// <see cref="IncidentLifecycleOptions.FiguresEvery"/> after the last one. A revision carries the
/// whole incident, so nothing is lost, only sent later; the revision at recovery and the one at
/// resolution carry everything.
/// </summary>
public sealed class RevisionPolicy(IncidentLifecycleOptions options)
{
    /// <summary>
    /// Affected users at which seed 002's major-accident criteria change (30,000, 100,000 and
    /// 1,000,000 users, by service category): crossing one changes the report, so it is never delayed.
    /// </summary>
    public static IReadOnlyList<long> ReportThresholds { get; } = [30_000, 100_000, 1_000_000];

    /// <summary>Whether <paramref name="next"/> goes out now, given the last revision sent (null: none yet).</summary>
    public bool IsDue(IncidentRevision? last, IncidentRevision next) =>
        last is null || Matters(last, next) || FiguresDue(last, next.UpdatedAt);

    /// <summary>Whether figures held back since <paramref name="last"/> are due at <paramref name="now"/>.</summary>
    public bool FiguresDue(IncidentRevision last, DateTimeOffset now) => now - last.UpdatedAt >= options.FiguresEvery;

    /// <summary>Whether <paramref name="next"/> differs from <paramref name="last"/> in something a person acts on.</summary>
    public bool Matters(IncidentRevision last, IncidentRevision next) =>
        last.State != next.State
        || last.RootCause.Key != next.RootCause.Key
        || last.Severity != next.Severity
        || last.OpenedAt != next.OpenedAt
        || last.SuspectedChange != next.SuspectedChange
        || last.Timeline.Count != next.Timeline.Count
        || !Keys(last).SetEquals(Keys(next))
        || !last.Services.Select(s => (s.Service, s.Function, s.Level)).SequenceEqual(next.Services.Select(s => (s.Service, s.Function, s.Level)))
        || UsersStepped(last.AffectedUsersMax, next.AffectedUsersMax);

    private bool UsersStepped(long before, long after) =>
        after > before
        && (before == 0
            || after >= before * (1 + options.UsersStep)
            || ReportThresholds.Any(t => before < t && after >= t));

    private static HashSet<FindingKey> Keys(IncidentRevision revision) => [.. revision.Symptoms.Select(s => s.Key), revision.RootCause.Key];
}
