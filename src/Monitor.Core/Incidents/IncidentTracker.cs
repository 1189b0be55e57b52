using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Monitor.Core.Correlation;
using Monitor.Core.Events;
using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Topology;

namespace Monitor.Core.Incidents;

/// <summary>
/// Owns the incidents' lifecycle: opens one per new cause, revises it when something a person
/// cares about changes (state, root cause, a new finding, affected users; when, the
/// <see cref="RevisionPolicy"/> says), moves it to
/// recovering when its findings clear, resolves it after a quiet period, and re-opens it when the
/// same trouble flares again within the re-open window.
/// </summary>
public sealed class IncidentTracker
{
    private readonly SiteTopology _topology;
    private readonly IncidentLifecycleOptions _options;
    private readonly TimeSpan _windowLength;
    private readonly string _agentId;
    private readonly CauseOrder _order;
    private readonly RevisionPolicy _policy;
    private readonly List<Incident> _incidents = [];
    private readonly List<SiteEvent> _recentEvents = [];
    private readonly List<SiteEvent> _changes = [];
    private readonly Dictionary<FindingKey, Finding> _warnings = [];
    private readonly FailingUsers? _failingUsers;

    /// <summary>Creates a tracker for one agent.</summary>
    /// <param name="topology">The site.</param>
    /// <param name="options">Quiet period, re-open window, change look-back.</param>
    /// <param name="windowLength">
    /// The signal window's length: how long events and warnings are remembered, and how far before
    /// an onset the timeline reaches.
    /// </param>
    /// <param name="agentId">The agent's identity, part of every incident id.</param>
    /// <param name="failingUsers">The users seen failing to log in, when a source identifies them; each incident counts its own from them.</param>
    public IncidentTracker(SiteTopology topology, IncidentLifecycleOptions options, TimeSpan windowLength, string agentId, FailingUsers? failingUsers = null)
    {
        _failingUsers = failingUsers;
        _topology = topology;
        _options = options;
        _windowLength = windowLength;
        _agentId = agentId;
        _order = new CauseOrder(topology);
        _policy = new RevisionPolicy(options);
    }

    /// <summary>Incidents not yet resolved.</summary>
    public int OpenCount => _incidents.Count(i => i.State != IncidentState.Resolved);

    /// <summary>
    /// Takes the candidates that hold at <paramref name="now"/> and returns the revisions this
    /// produced, in order. <paramref name="events"/> are change events and log lines seen since
    /// the last call; those about an incident's entities, up to one window before its onset,
    /// go on its timeline.
    /// </summary>
    public IReadOnlyList<IncidentRevision> Update(DateTimeOffset now, IReadOnlyList<IncidentCandidate> candidates, IReadOnlyList<SiteEvent> events)
    {
        _recentEvents.AddRange(events);
        _recentEvents.RemoveAll(e => e.Time < now - _windowLength);
        _changes.AddRange(events.Where(e => e.Kind == SiteEventKind.Change && e.Until is null && e.Entity is not null));
        _changes.RemoveAll(e => e.Time < now - _options.ChangeLookback - _windowLength);

        var touched = new Dictionary<Incident, List<IncidentCandidate>>();
        foreach (var candidate in candidates)
        {
            // Warnings are precursors: remembered, and attached to the incident a failure opens.
            foreach (var warning in candidate.All.Where(f => f.Severity < Severity.Critical))
            {
                _warnings[warning.Key] = warning;
            }

            // Warnings alone neither open an incident nor keep one open.
            if (!candidate.All.Any(f => f.Severity == Severity.Critical))
            {
                continue;
            }

            var incident = Match(candidate, now) ?? Open(candidate);
            if (!touched.TryGetValue(incident, out var list))
            {
                touched[incident] = list = [];
            }

            list.Add(candidate);
        }

        // Past the re-open window a resolved incident can no longer change; only its revisions remain.
        _incidents.RemoveAll(i => i.State == IncidentState.Resolved && now - i.ResolvedAt > _options.ReopenWindow && !touched.ContainsKey(i));

        _warnings.Keys.Where(k => !candidates.Any(c => c.All.Any(f => f.Key == k)) && now - _warnings[k].Since > _windowLength)
            .ToList().ForEach(k => _warnings.Remove(k));

        var revisions = new List<IncidentRevision>();
        foreach (var incident in _incidents.Where(i => i.State != IncidentState.Resolved || touched.ContainsKey(i)).ToList())
        {
            var changed = touched.TryGetValue(incident, out var matched)
                ? Absorb(incident, matched, now)
                : Quiet(incident, now);
            changed |= Note(incident) | incident.ResumeNotePending;
            incident.ResumeNotePending = false;
            incident.Unsent |= changed;
            if (!incident.Unsent || (!changed && !_policy.FiguresDue(incident.LastRevision!, now)))
            {
                continue;
            }

            var next = Snapshot(incident, now, incident.Revision + 1);
            if (_policy.IsDue(incident.LastRevision, next))
            {
                incident.Revision = next.Revision;
                incident.LastRevision = next;
                incident.Unsent = false;
                revisions.Add(next);
            }
        }

        return revisions;
    }

    /// <summary>
    /// Sends what the revision policy still holds back: one revision, with the newest figures, for
    /// each incident whose last changes were coalesced. Called when the input ends (a replay or a
    /// backtest has played its last batch), so nothing seen is left unsent.
    /// </summary>
    public IReadOnlyList<IncidentRevision> Flush(DateTimeOffset now)
    {
        var revisions = new List<IncidentRevision>();
        foreach (var incident in _incidents.Where(i => i.Unsent))
        {
            var next = Snapshot(incident, now, incident.Revision + 1);
            incident.Revision = next.Revision;
            incident.LastRevision = next;
            incident.Unsent = false;
            revisions.Add(next);
        }

        return revisions;
    }

    /// <summary>
    /// The state to keep across a restart (<see cref="SavedTracker"/>): every incident that can
    /// still change, as of <paramref name="now"/>.
    /// </summary>
    public SavedTracker Save(DateTimeOffset now) =>
        new(now, [.. _incidents.Select(i => new SavedIncident(
            i.Id,
            i.Revision,
            i.State,
            i.OpenedAt,
            i.RecoveredAt,
            i.ResolvedAt,
            i.Root.Key,
            [.. i.Findings.Values.Select(f => new SavedFinding(
                f.Entity, f.Kind, f.Scope, f.Rule, f.Severity, f.Explanation, f.Since, f.Evidence, i.OnsetEvidence.GetValueOrDefault(f.Key, f.Evidence), f.Lesson) { Message = f.Message })],
            [.. i.Active],
            [.. i.AffectedSeries],
            [.. i.PopulationPeaks.Values],
            [.. i.Timeline]))]);

    /// <summary>
    /// Takes up what an earlier run of the agent saved, at <paramref name="now"/> (the start): each
    /// incident continues under its id with the next revision number, and its next revision says
    /// the agent was not running from <see cref="SavedTracker.SavedAt"/> to now. An open incident
    /// whose findings do not come back within <see cref="IncidentLifecycleOptions.ResumeGrace"/> is
    /// recovered at an unknown time in that gap. Incidents the tracker already holds are kept; a
    /// saved incident with the same id is ignored.
    /// </summary>
    public void Resume(SavedTracker saved, DateTimeOffset now)
    {
        foreach (var s in saved.Incidents.Where(s => _incidents.All(i => i.Id != s.Id)))
        {
            var findings = s.Findings.ToDictionary(f => new FindingKey(f.Entity, f.Kind, f.Scope), f => f);
            if (!findings.TryGetValue(s.Root, out var root))
            {
                continue; // a state file from another version that lost its root: nothing to continue
            }

            var incident = new Incident(s.Id, root.ToFinding(), s.OpenedAt)
            {
                Revision = s.Revision,
                State = s.State,
                RecoveredAt = s.RecoveredAt,
                ResolvedAt = s.ResolvedAt,
                DownSince = saved.SavedAt,
                ResumedAt = s.State == IncidentState.Open ? now : null,
            };
            foreach (var (key, finding) in findings)
            {
                incident.Findings[key] = finding.ToFinding();
                incident.OnsetEvidence[key] = finding.OnsetEvidence;
            }

            incident.Root = incident.Findings[s.Root];
            incident.Active.UnionWith(s.Active.Where(findings.ContainsKey));
            incident.AffectedSeries.AddRange(s.AffectedSeries);
            foreach (var peak in s.PopulationPeaks)
            {
                incident.PopulationPeaks[peak.PopulationKey] = peak;
            }

            incident.Timeline.AddRange(s.Timeline);
            incident.LastRevision = Snapshot(incident, saved.SavedAt, incident.Revision);
            if (incident.State != IncidentState.Resolved)
            {
                incident.Timeline.Add(new TimelineEntry(now, TimelineKind.Note,
                    $"The agent was not running from {Stamp(saved.SavedAt)} to {Stamp(now)}; the incident continues.", null));
                incident.ResumeNotePending = true;
            }

            _incidents.Add(incident);
        }
    }

    private string Stamp(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, _topology.TimeZone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private Incident? Match(IncidentCandidate candidate, DateTimeOffset now)
    {
        // Same cause: the incident already holds this root, or this candidate now explains the
        // incident's root (a cause seen after its symptoms). A shared symptom alone does not
        // merge two causes: two faults that both stop the mail service stay two incidents.
        // A finding that changes kind at the same entity (deferrals by DNS becoming a plain backlog
        // after a flush) is the same trouble in the same place.
        var keys = candidate.All.Select(f => f.Key).ToHashSet();
        return _incidents.FirstOrDefault(i => i.State != IncidentState.Resolved && i.Findings.ContainsKey(candidate.Root.Key))
            ?? _incidents.FirstOrDefault(i => i.State != IncidentState.Resolved && keys.Contains(i.Root.Key))
            ?? _incidents.FirstOrDefault(i => i.State != IncidentState.Resolved && i.Findings.Keys.Any(k => k.Entity == candidate.Root.Entity))
            ?? _incidents.LastOrDefault(i => i.State == IncidentState.Resolved
                && now - i.ResolvedAt <= _options.ReopenWindow
                && i.Root.Key == candidate.Root.Key);
    }

    private Incident Open(IncidentCandidate candidate)
    {
        var opened = candidate.All.Where(f => f.Severity == Severity.Critical).Min(f => f.Since);
        var incident = new Incident(NewId(candidate.Root, opened), candidate.Root, opened);
        incident.Timeline.Add(new TimelineEntry(opened, TimelineKind.Detected, candidate.Root.Explanation, candidate.Root.Entity));
        var inCandidate = candidate.All.Select(f => f.Key).ToHashSet();
        foreach (var warning in _warnings.Values.Where(w => !inCandidate.Contains(w.Key) && w.Since <= opened && Related(w.Entity, candidate.All)))
        {
            incident.Findings[warning.Key] = warning;
            incident.OnsetEvidence[warning.Key] = warning.Evidence;
            incident.Timeline.Add(new TimelineEntry(warning.Since, TimelineKind.Finding, $"Warning before the incident: {warning.Explanation}", warning.Entity));
        }

        _incidents.Add(incident);
        return incident;
    }

    private bool Absorb(Incident incident, List<IncidentCandidate> matched, DateTimeOffset now)
    {
        var changed = false;
        if (incident.State != IncidentState.Open)
        {
            incident.Timeline.Add(new TimelineEntry(now, TimelineKind.Reopened, $"Trouble is back: {matched[0].Root.Explanation}", matched[0].Root.Entity));
            incident.State = IncidentState.Open;
            incident.RecoveredAt = null;
            incident.ResolvedAt = null;
            changed = true;
        }

        incident.ResumedAt = null;
        incident.Active.Clear();
        foreach (var finding in matched.SelectMany(c => c.All))
        {
            incident.Active.Add(finding.Key);
            if (finding.Severity == Severity.Critical && finding.Since < incident.OpenedAt)
            {
                incident.OpenedAt = finding.Since;
                changed = true;
            }

            if (incident.Findings.TryAdd(finding.Key, finding))
            {
                changed = true;
                incident.OnsetEvidence[finding.Key] = finding.Evidence;
                if (incident.Findings.Count > 1)
                {
                    incident.Timeline.Add(new TimelineEntry(finding.Since, TimelineKind.Finding, finding.Explanation, finding.Entity));
                }
            }
            else
            {
                incident.Findings[finding.Key] = finding;
            }
        }

        var best = matched.Select(c => c.Root).Append(incident.Root).Min(_order)!;
        if (best.Key != incident.Root.Key)
        {
            changed = true;
        }

        incident.Root = incident.Findings.GetValueOrDefault(best.Key, best);
        var active = incident.Active.Select(k => incident.Findings[k]).ToList();
        if (_failingUsers is not null)
        {
            incident.ObservedUsers.Absorb(_failingUsers, active);
        }

        var affectedNow = ImpactAssessment.AffectedUsers(_topology, active, incident.ObservedUsers);
        foreach (var population in affectedNow)
        {
            if (!incident.PopulationPeaks.TryGetValue(population.PopulationKey, out var peak) || population.Count > peak.Count)
            {
                incident.PopulationPeaks[population.PopulationKey] = population;
            }
        }

        var affected = affectedNow.Sum(p => p.Count);
        if (affected != incident.AffectedNow)
        {
            incident.AffectedSeries.Add(new AffectedUsersPoint(now, affected));
            changed = true;
        }

        return changed;
    }

    private bool Related(string entity, IEnumerable<Finding> findings) =>
        findings.Any(f => _topology.Reaches(entity, f.Entity) || _topology.Reaches(f.Entity, entity));

    // The change closest before the onset, on the root's entity or on something connected to it.
    private SiteEvent? SuspectedChange(Incident incident) =>
        _changes
            .Where(c => c.Time <= incident.OpenedAt && incident.OpenedAt - c.Time <= _options.ChangeLookback)
            .Where(c => c.Entity == incident.Root.Entity || _topology.Reaches(c.Entity!, incident.Root.Entity) || _topology.Reaches(incident.Root.Entity, c.Entity!))
            .MaxBy(c => c.Time);

    private bool Quiet(Incident incident, DateTimeOffset now)
    {
        if (incident.ResumedAt is { } resumed && incident.State == IncidentState.Open)
        {
            // Just after a restart the window is empty: not seeing the trouble yet says nothing.
            if (now - resumed < _options.ResumeGrace)
            {
                return false;
            }

            // It did not come back: it ended while the agent was down, or just after. The later
            // bound is taken, so the outage's duration is never under-reported.
            incident.State = IncidentState.Recovering;
            incident.RecoveredAt = resumed;
            incident.ResumedAt = null;
            incident.Active.Clear();
            if (incident.AffectedNow != 0)
            {
                incident.AffectedSeries.Add(new AffectedUsersPoint(resumed, 0));
            }

            incident.Timeline.Add(new TimelineEntry(resumed, TimelineKind.Recovered,
                $"Recovered at an unknown time between {Stamp(incident.DownSince ?? resumed)} and {Stamp(resumed)}, while the agent was not running; waiting out the quiet period.", null));
            return true;
        }

        switch (incident.State)
        {
            case IncidentState.Open:
                incident.State = IncidentState.Recovering;
                incident.RecoveredAt = now;
                incident.Active.Clear();
                if (incident.AffectedNow != 0)
                {
                    incident.AffectedSeries.Add(new AffectedUsersPoint(now, 0));
                }

                incident.Timeline.Add(new TimelineEntry(now, TimelineKind.Recovered, "All findings cleared; waiting out the quiet period.", null));
                return true;
            case IncidentState.Recovering when now - incident.RecoveredAt >= _options.QuietPeriod:
                incident.State = IncidentState.Resolved;
                incident.ResolvedAt = now;
                incident.Timeline.Add(new TimelineEntry(now, TimelineKind.Resolved, $"Quiet for {_options.QuietPeriod.TotalMinutes:0} minutes: resolved.", null));
                return true;
            default:
                return false;
        }
    }

    private bool Note(Incident incident)
    {
        var added = false;
        foreach (var e in _recentEvents)
        {
            if (e.Entity is { } entity
                && e.Time >= incident.OpenedAt - _windowLength
                && incident.Findings.Keys.Any(k => _topology.Reaches(entity, k.Entity) || _topology.Reaches(k.Entity, entity))
                && incident.NotedEvents.Add(e))
            {
                var kind = e.Kind switch
                {
                    SiteEventKind.Change => TimelineKind.Change,
                    SiteEventKind.Log => TimelineKind.Log,
                    _ => TimelineKind.Note,
                };
                incident.Timeline.Add(new TimelineEntry(e.Time, kind, e.Text, entity));
                added = true;
            }
        }

        return added;
    }

    private IncidentRevision Snapshot(Incident incident, DateTimeOffset now, long revision)
    {
        var findings = incident.Findings.Values.Select(f => WithOnsetEvidence(incident, f)).ToList();
        var root = WithOnsetEvidence(incident, incident.Root);
        var symptoms = findings.Where(f => f.Key != incident.Root.Key).Order(_order).ToList();
        return new IncidentRevision
        {
            IncidentId = incident.Id,
            Revision = revision,
            State = incident.State,
            Severity = findings.Max(f => f.Severity),
            Title = Title(incident, findings),
            OpenedAt = incident.OpenedAt,
            UpdatedAt = now,
            RecoveredAt = incident.RecoveredAt,
            ResolvedAt = incident.ResolvedAt,
            RootCause = root,
            CausalChain = CausalChainBuilder.Build(_topology, incident.Root, findings),
            Symptoms = symptoms,
            AffectedUsers = [.. incident.PopulationPeaks.Values.OrderBy(p => p.PopulationKey, StringComparer.Ordinal)],
            AffectedUsersSeries = [.. incident.AffectedSeries],
            AffectedUsersMax = incident.AffectedMax,
            Services = ImpactAssessment.Functions(_topology, findings),
            Timeline = [.. incident.Timeline.OrderBy(t => t.Time)],
            SuspectedChange = SuspectedChange(incident) is { } change
                ? new TimelineEntry(change.Time, TimelineKind.Change, change.Text, change.Entity)
                : null,
        };
    }

    // What made the rule fire first, then what it sees now: both, once each, in time order.
    private static Finding WithOnsetEvidence(Incident incident, Finding finding) =>
        incident.OnsetEvidence.TryGetValue(finding.Key, out var onset) && !ReferenceEquals(onset, finding.Evidence)
            ? finding with { Evidence = [.. onset.Concat(finding.Evidence).Distinct().OrderBy(s => s.Time)] }
            : finding;

    private string Title(Incident incident, List<Finding> findings)
    {
        var root = _topology.Find(incident.Root.Entity)?.Name ?? incident.Root.Entity;
        var title = $"{root}: {incident.Root.Kind.Replace('_', ' ')}";
        var stopped = findings.Where(f => FindingKinds.Describe(f.Kind).UserImpact.Effect == FunctionEffect.Stops)
            .Select(f => _topology.ServiceOf(f.Entity)?.Id)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (stopped.Count > 0)
        {
            title += $"; {string.Join(", ", stopped)} down";
        }

        if (SuspectedChange(incident) is { } change)
        {
            title += $"; after change: {change.Text}";
        }

        return incident.AffectedMax > 0 ? $"{title} ({incident.AffectedMax.ToString("N0", CultureInfo.InvariantCulture)} users)" : title;
    }

    // Deterministic, so a replay of the same data gives the same ids (and the collector's
    // idempotent upsert makes a second replay a no-op).
    private string NewId(Finding root, DateTimeOffset opened)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{_agentId}|{root.Key}|{opened.UtcTicks}"));
        var entity = new string([.. root.Entity.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        var local = TimeZoneInfo.ConvertTime(opened, _topology.TimeZone);
        return $"inc-{local.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}-{entity}-{Convert.ToHexStringLower(hash)[..6]}";
    }
}
