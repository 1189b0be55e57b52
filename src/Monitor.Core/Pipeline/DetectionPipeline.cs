using Monitor.Core.Correlation;
using Monitor.Core.Events;
using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Incidents;
using Monitor.Core.Maintenance;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Pipeline;

/// <summary>
/// Samples (and users seen failing to log in) in, incident revisions out: signal window -> rules -> maintenance windows -> correlator
/// -> incident tracker.
/// Single-threaded by design (one agent, one pipeline); time is whatever the caller says it is,
/// so the same code runs live and on a replay's virtual time.
/// </summary>
public sealed class DetectionPipeline
{
    private readonly SiteTopology _topology;
    private readonly DetectionOptions _options;
    private readonly IReadOnlyList<IRule> _rules;
    private readonly Correlator _correlator;
    private readonly IncidentTracker _tracker;
    private readonly List<SiteEvent> _pendingEvents = [];
    private readonly HashSet<string> _unknownEntities = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownEntities = new(StringComparer.Ordinal);
    private Dictionary<FindingKey, DateTimeOffset> _onsets = [];
    private readonly MaintenanceWindows _maintenance;
    private readonly FailingUsers _failingUsers;

    /// <summary>Creates a pipeline.</summary>
    /// <param name="topology">The site.</param>
    /// <param name="options">Rule thresholds and the signal window's size.</param>
    /// <param name="lifecycle">Quiet period, re-open window, change look-back.</param>
    /// <param name="rules">The rules to run, usually <see cref="AllRules"/>.</param>
    /// <param name="agentId">The agent's identity, part of every incident id.</param>
    public DetectionPipeline(SiteTopology topology, DetectionOptions options, IncidentLifecycleOptions lifecycle, IReadOnlyList<IRule> rules, string agentId)
    {
        _topology = topology;
        _options = options;
        _rules = rules;
        Window = new SignalWindow(options.WindowLength, options.WindowPointsPerSeries);
        _correlator = new Correlator(topology);
        _maintenance = new MaintenanceWindows(topology);
        _failingUsers = new FailingUsers(topology, options.WindowLength);
        _tracker = new IncidentTracker(topology, lifecycle, options.WindowLength, agentId, _failingUsers);
    }

    /// <summary>Every rule Monitor has, in the order they run.</summary>
    public static IReadOnlyList<IRule> AllRules { get; } =
    [
        new ControllerFailed(),
        new PathsDegraded(),
        new DegradedModeOverload(),
        new LatencyAccumulation(),
        new ServiceDown(),
        new ServiceSlow(),
        new N1Headroom(),
        new SmallIoShift(),
        new GrayPath(),
        new FcPortPrecursors(),
        new VolumeRebuilding(),
        new DriveFailurePredicted(),
        new StoreFilling(),
        new FailoverMissing(),
        new MailQueueBacklog(),
        new LoginFailures(),
        new MailboxDelivery(),
        new MailLoss(),
    ];

    /// <summary>The recent samples.</summary>
    public SignalWindow Window { get; }

    /// <summary>Incidents not yet resolved.</summary>
    public int OpenIncidents => _tracker.OpenCount;

    /// <summary>Called once for each entity id that samples name but the topology does not know; such samples are not kept.</summary>
    public event Action<string>? UnknownEntity;

    /// <summary>Called when a rule throws; the other rules still run.</summary>
    public event Action<RuleFailure>? RuleFailed;

    /// <summary>Called for each sample refused before any rule sees it (see <see cref="SampleRefusal"/>).</summary>
    public event Action<SampleDrop>? SampleDropped;

    /// <summary>
    /// Takes one sample; a source's raw id (an alias in the topology) is filed under its entity.
    /// A value that is not finite, a negative value of a metric that cannot be negative, and a time
    /// not after the series' last one are refused (<see cref="SampleDropped"/>): no rule can
    /// compare NaN, and a late duplicate must not rewrite history. A sample of an entity the
    /// topology does not know is not kept either (<see cref="UnknownEntity"/>). Returns whether it was kept.
    /// </summary>
    public bool Observe(in Sample sample)
    {
        var entity = _topology.Resolve(sample.Entity);
        if (!IsKnown(entity))
        {
            // No rule can read it, so its history would be held for nobody (a host's local
            // disks at 1 s were most of a 2-hour window). The exporter still has it, as read.
            if (_unknownEntities.Add(entity))
            {
                UnknownEntity?.Invoke(entity);
            }

            return false;
        }

        MetricCatalog.TryGet(sample.Metric, out var definition);
        var series = Window.Find(entity, sample.Metric);
        var refusal = SampleRefusal.OfValue(sample.Value, definition)
            ?? SampleRefusal.OfTime(sample.Time, series is { } known ? Window.Latest(known)?.Time : null);
        if (refusal is not null)
        {
            SampleDropped?.Invoke(new SampleDrop(sample, refusal));
            return false;
        }

        return Window.Add(series ?? Window.Intern(entity, sample.Metric), sample.Time, sample.Value);
    }

    // An entity of the topology, or a host-scoped id of one ("mail01/deferred", "mail01/pop3",
    // which the mail rules read by their host). Known ids are remembered: asked every sample.
    private bool IsKnown(string entity)
    {
        if (_knownEntities.Contains(entity))
        {
            return true;
        }

        if (_unknownEntities.Contains(entity))
        {
            return false;
        }

        var slash = entity.IndexOf('/', StringComparison.Ordinal);
        var known = _topology.Find(entity) is not null || (slash > 0 && _topology.Find(entity[..slash]) is not null);
        if (known)
        {
            _knownEntities.Add(entity);
        }

        return known;
    }

    /// <summary>
    /// Takes one user seen failing a login (the host may be an alias), so that incidents count
    /// people rather than per-interval figures. Returns whether a service of the topology runs there.
    /// </summary>
    public bool Observe(in UserSighting sighting)
    {
        var host = _topology.Resolve(sighting.Host);
        if (_topology.Find(host) is null && _topology.Find(host.Split('.', 2)[0]) is not null)
        {
            // A syslog line's host may be the FQDN of a host the topology names short.
            host = host.Split('.', 2)[0];
        }

        if (_topology.Find(host) is null && _unknownEntities.Add(host))
        {
            UnknownEntity?.Invoke(host);
        }

        return _failingUsers.Add(host == sighting.Host ? sighting : sighting with { Host = host });
    }

    /// <summary>Takes one event for the incidents' timelines.</summary>
    public void Observe(SiteEvent siteEvent) =>
        _pendingEvents.Add(siteEvent.Entity is { } e ? siteEvent with { Entity = _topology.Resolve(e) } : siteEvent);

    /// <summary>
    /// The revisions still held back by the revision policy, made now: for the end of the input
    /// (a replay's last batch), after the last <see cref="Evaluate"/>.
    /// </summary>
    public IReadOnlyList<IncidentRevision> Flush(DateTimeOffset now) => _tracker.Flush(now);

    /// <summary>The incidents' state to keep across a restart (see <see cref="IncidentTracker.Save"/>).</summary>
    public SavedTracker SaveIncidents(DateTimeOffset now) => _tracker.Save(now);

    /// <summary>Continues the incidents an earlier run saved (see <see cref="IncidentTracker.Resume"/>).</summary>
    public void ResumeIncidents(SavedTracker saved, DateTimeOffset now) => _tracker.Resume(saved, now);

    /// <summary>Runs the rules at <paramref name="now"/> and updates the incidents.</summary>
    public EvaluationResult Evaluate(DateTimeOffset now)
    {
        var context = new RuleContext(now, Window, _topology, _options, _onsets) { Logins = _failingUsers };
        var findings = new List<Finding>();
        foreach (var rule in _rules)
        {
            try
            {
                // Materialised first: a rule that throws half-way counts for nothing, not for half.
                var found = rule.Evaluate(context).ToList();
                foreach (var finding in found)
                {
                    // Inputs are finite; a figure that is not came from the rule's own arithmetic
                    // (0/0, an overflow), and the comparisons it fed are meaningless: drop, report.
                    if (Figures.ShowsNonFinite(finding.Explanation))
                    {
                        RuleFailed?.Invoke(new RuleFailure(rule.Name, new InvalidOperationException(
                            $"rule {rule.Name} wrote a figure that is not a number; its finding on {finding.Entity} is dropped: {finding.Explanation}")));
                        continue;
                    }

                    findings.Add(finding);
                }
            }
#pragma warning disable CA1031 // A broken rule must not blind the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                RuleFailed?.Invoke(new RuleFailure(rule.Name, e));
            }
        }

        // A rule that forgot to ask for the onset still gets the remembered one.
        for (var i = 0; i < findings.Count; i++)
        {
            if (_onsets.TryGetValue(findings[i].Key, out var onset) && onset < findings[i].Since)
            {
                findings[i] = findings[i] with { Since = onset };
            }
        }

        _onsets = findings.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Min(f => f.Since));
        var events = _pendingEvents.Where(e => e.Time <= now).ToList();
        _pendingEvents.RemoveAll(e => e.Time <= now);
        _maintenance.Observe(events, now);
        var reported = _maintenance.Apply(findings, now);

        // Info findings (planned work) are reported but take no part in incidents: they must
        // neither become a root nor open an incident of their own.
        _failingUsers.Forget(now);
        var candidates = _correlator.Correlate([.. reported.Where(f => f.Severity > Severity.Info)]);
        var revisions = _tracker.Update(now, candidates, events);
        return new EvaluationResult(now, reported, revisions);
    }
}
