using System.Globalization;
using Monitor.Agent.Sources;
using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Topology;

namespace Monitor.Agent.Replay;

/// <summary>
/// The replay's timeline on the console: progress every so often in scenario time, each finding
/// as it appears and clears, each incident revision, and a summary of every incident at the end.
/// </summary>
public sealed class ReplayConsole(ReplaySourceOptions options, SiteTopology topology, TextWriter output) : IReplayOutput
{
    private readonly Dictionary<FindingKey, Finding> _active = [];
    private readonly Dictionary<string, IncidentRevision> _latest = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastProgress;
    private long _evaluations;

    /// <summary>The newest revision of every incident seen.</summary>
    public IReadOnlyCollection<IncidentRevision> Incidents => _latest.Values;

    /// <inheritdoc/>
    public void Evaluated(EvaluationResult result)
    {
        _evaluations++;
        if (options.ProgressEvery > TimeSpan.Zero && (_lastProgress is null || result.Time - _lastProgress >= options.ProgressEvery))
        {
            _lastProgress = result.Time;
            output.WriteLine($"[{Local(result.Time)}] evaluations {_evaluations:N0} | findings {result.Findings.Count} | open incidents {_latest.Values.Count(r => r.State != IncidentState.Resolved)}");
        }

        var now = ReplayFindings.ByKey(result.Findings);
        foreach (var finding in now.Values.Where(f => !_active.ContainsKey(f.Key)))
        {
            output.WriteLine($"[{Local(result.Time)}]   + {Name(finding.Key)}: {finding.Explanation}");
        }

        foreach (var cleared in _active.Keys.Where(k => !now.ContainsKey(k)))
        {
            output.WriteLine($"[{Local(result.Time)}]   - {Name(cleared)} cleared");
        }

        _active.Clear();
        foreach (var (key, finding) in now)
        {
            _active[key] = finding;
        }

        foreach (var revision in result.Revisions)
        {
            _latest[revision.IncidentId] = revision;
            output.WriteLine($"[{Local(result.Time)}] incident {revision.IncidentId} revision {revision.Revision}: {revision.State.ToString().ToUpperInvariant()}, "
                + $"root {Name(revision.RootCause.Key)}, {revision.Symptoms.Count} symptoms, {Users(revision.AffectedUsersMax)} affected users");
        }
    }

    /// <summary>Writes the end-of-replay summary.</summary>
    public void WriteSummary(IReadOnlyDictionary<string, string> incidentUrls)
    {
        output.WriteLine();
        output.WriteLine(_latest.Count == 1 ? "1 incident:" : $"{_latest.Count} incidents:");
        foreach (var revision in _latest.Values.OrderBy(r => r.OpenedAt))
        {
            output.WriteLine();
            output.WriteLine($"  {revision.IncidentId} ({revision.State.ToString().ToLowerInvariant()}, revision {revision.Revision})");
            output.WriteLine($"  {revision.Title}");
            output.WriteLine($"  root cause (estimated): {Name(revision.RootCause.Key)}");
            output.WriteLine($"    {revision.RootCause.Explanation}");
            foreach (var symptom in revision.Symptoms.Where(s => s.Kind != FindingKinds.ServiceDown))
            {
                output.WriteLine($"  then: {Name(symptom.Key)}");
                output.WriteLine($"    {symptom.Explanation}");
            }

            var stopped = revision.Services.Where(s => s.Level == ImpactLevel.Stopped).GroupBy(s => s.ServiceName).ToList();
            foreach (var service in stopped)
            {
                output.WriteLine($"  mail service stopped: {service.Key} ({string.Join(", ", service.Select(s => s.Function))})");
            }

            var kept = revision.Services.Where(s => s.Level == ImpactLevel.NotAffected).Select(s => $"{s.Service}/{s.Function}").ToList();
            if (kept.Count > 0)
            {
                output.WriteLine($"  kept working: {string.Join(", ", kept)}");
            }

            var end = revision.RecoveredAt is { } r ? Local(r) : "not recovered";
            output.WriteLine($"  onset {LocalDate(revision.OpenedAt)}, recovered {end}, duration {Duration(revision.Duration)}");
            var basis = revision.AffectedUsersSeries.Count > 0 ? " (contract basis)" : "";
            output.WriteLine($"  affected users: {Users(revision.AffectedUsersMax)}{basis}");
            if (incidentUrls.TryGetValue(revision.IncidentId, out var url))
            {
                output.WriteLine($"  collector: {url}");
            }
        }
    }

    /// <summary>"3h38m", as on-call engineers write it.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1
            ? $"{(int)span.TotalDays}d{span.Hours}h{span.Minutes:00}m"
            : $"{(int)span.TotalHours}h{span.Minutes:00}m";

    // "login_failures @ mail/pop3 on pop-b": the host is named when it tells two findings apart.
    private static string Name(FindingKey key) => key.Scope is { } scope ? $"{key.Kind} @ {key.Entity} on {scope}" : $"{key.Kind} @ {key.Entity}";

    private static string Users(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private string Local(DateTimeOffset time) => topology.Clock(time);

    private string LocalDate(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, topology.TimeZone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
