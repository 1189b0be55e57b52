using Monitor.Core.Events;
using Monitor.Core.Findings;
using Monitor.Core.Topology;

namespace Monitor.Core.Maintenance;

/// <summary>
/// Announced maintenance (a change event with an end time, on an entity), kept apart from
/// detection as Alertmanager keeps silencing apart from dispatch: while a window is open, what
/// the work is expected to cause at and downstream of its entity (<see cref="FindingKind.Plannable"/>)
/// is reported as planned, at info severity, and takes no part in incidents.
/// </summary>
public sealed class MaintenanceWindows(SiteTopology topology)
{
    private readonly List<SiteEvent> _windows = [];

    /// <summary>Windows known and not yet over.</summary>
    public int Count => _windows.Count;

    /// <summary>Takes the events seen up to <paramref name="now"/>: keeps the announced windows, forgets those over.</summary>
    public void Observe(IEnumerable<SiteEvent> events, DateTimeOffset now)
    {
        _windows.AddRange(events.Where(e => e.Until is not null && e.Entity is not null));
        _windows.RemoveAll(e => e.Until < now);
    }

    /// <summary>
    /// The findings with each one a window open at <paramref name="now"/> covers turned into
    /// planned work: info severity, and the window named at the end of its explanation.
    /// </summary>
    public IReadOnlyList<Finding> Apply(IReadOnlyList<Finding> findings, DateTimeOffset now) =>
        _windows.Count == 0
            ? findings
            : [.. findings.Select(f => Covering(f, now) is { } window
                ? f with
                {
                    Severity = Severity.Info,
                    Explanation = $"{f.Explanation} (planned: {window.Text}, until {topology.Clock(window.Until!.Value)})",
                }
                : f)];

    private SiteEvent? Covering(Finding finding, DateTimeOffset now) =>
        FindingKinds.Describe(finding.Kind).Plannable
            ? _windows.FirstOrDefault(m => m.Covers(now) && topology.Reaches(m.Entity!, finding.Entity))
            : null;
}
