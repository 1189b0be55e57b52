using Google.Protobuf.WellKnownTypes;
using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Incidents;
using Monitor.Core.Topology;
using Wire = Monitor.Contracts.V1;

namespace Monitor.Agent.Revisions;

/// <summary>
/// Turns the core's incident revisions into wire messages (contract v1), fitted to the
/// collector's limits by <paramref name="fitter"/> (default: the collector's default limits).
/// </summary>
public sealed class RevisionMapper(SiteTopology topology, Wire.AgentIdentity agent, RevisionFitter? fitter = null)
{
    private readonly RevisionFitter _fitter = fitter ?? new RevisionFitter();

    /// <summary>Most evidence samples sent per finding: enough to show why, small enough to send.</summary>
    public const int EvidencePerFinding = 20;

    /// <summary>The agent identity sent with every revision.</summary>
    public Wire.AgentIdentity Agent => agent;

    /// <summary>Maps one revision.</summary>
    public Wire.IncidentRevision ToWire(IncidentRevision revision)
    {
        var wire = new Wire.IncidentRevision
        {
            IncidentId = revision.IncidentId,
            Revision = revision.Revision,
            IdempotencyKey = revision.IdempotencyKey,
            Agent = agent,
            State = revision.State switch
            {
                IncidentState.Open => Wire.IncidentState.Open,
                IncidentState.Recovering => Wire.IncidentState.Recovering,
                _ => Wire.IncidentState.Resolved,
            },
            Severity = ToWire(revision.Severity),
            Title = revision.Title,
            OpenedAt = Timestamp.FromDateTimeOffset(revision.OpenedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(revision.UpdatedAt),
            RecoveredAt = revision.RecoveredAt is { } r ? Timestamp.FromDateTimeOffset(r) : null,
            ResolvedAt = revision.ResolvedAt is { } s ? Timestamp.FromDateTimeOffset(s) : null,
            RootCause = ToWire(revision.RootCause),
            AffectedUsersMax = revision.AffectedUsersMax,
            Site = Site(),
            SuspectedChange = revision.SuspectedChange is { } change ? ToWire(change) : null,
        };

        wire.CausalChain.AddRange(revision.CausalChain.Select(l => new Wire.CausalLink
        {
            FromEntity = l.From,
            ToEntity = l.To,
            Relation = l.Relation,
            ObservedKind = string.Join(",", l.ObservedKinds), // for collectors before v1.2
            ObservedKinds = { l.ObservedKinds },
        }));
        wire.Symptoms.AddRange(revision.Symptoms.Select(ToWire));
        wire.AffectedUsers.AddRange(revision.AffectedUsers.Select(a => new Wire.AffectedUsers
        {
            PopulationKey = a.PopulationKey,
            Count = a.Count,
            Basis = a.Basis switch
            {
                UserCountBasis.Contracts => Wire.UserCountBasis.Contracts,
                UserCountBasis.Observed => Wire.UserCountBasis.Observed,
                _ => Wire.UserCountBasis.ErrorLog,
            },
            TotalContracts = a.TotalContracts,
        }));
        wire.AffectedUsersSeries.AddRange(revision.AffectedUsersSeries.Select(p => new Wire.AffectedUsersPoint
        {
            Time = Timestamp.FromDateTimeOffset(p.Time),
            Count = p.Count,
        }));
        wire.Services.AddRange(revision.Services.Select(s => new Wire.ServiceImpact
        {
            Service = s.Service,
            Function = s.Function,
            DisplayName = s.ServiceName,
            Category = s.Category,
            Impact = s.Level switch
            {
                ImpactLevel.Stopped => Wire.ImpactLevel.Stopped,
                ImpactLevel.Degraded => Wire.ImpactLevel.Degraded,
                _ => Wire.ImpactLevel.NotAffected,
            },
        }));
        wire.Timeline.AddRange(revision.Timeline.Select(ToWire));
        _fitter.Fit(wire);
        return wire;
    }

    private static Wire.TimelineEvent ToWire(TimelineEntry entry) => new()
    {
        Time = Timestamp.FromDateTimeOffset(entry.Time),
        Kind = entry.Kind switch
        {
            TimelineKind.Detected => Wire.TimelineEventKind.Detected,
            TimelineKind.Finding => Wire.TimelineEventKind.Finding,
            TimelineKind.Change => Wire.TimelineEventKind.Change,
            TimelineKind.Recovered => Wire.TimelineEventKind.Recovered,
            TimelineKind.Resolved => Wire.TimelineEventKind.Resolved,
            TimelineKind.Log => Wire.TimelineEventKind.Log,
            TimelineKind.Note => Wire.TimelineEventKind.Note,
            _ => Wire.TimelineEventKind.Reopened,
        },
        Text = entry.Text,
        Entity = entry.Entity ?? "",
    };

    private Wire.Finding ToWire(Finding finding)
    {
        var wire = new Wire.Finding
        {
            Entity = finding.Entity,
            EntityType = topology.Find(finding.Entity)?.Type.ToString() ?? "",
            Kind = finding.Kind,
            Rule = finding.Rule,
            Severity = ToWire(finding.Severity),
            Explanation = finding.Explanation,
            FirstSeen = Timestamp.FromDateTimeOffset(finding.Since),
            LastSeen = Timestamp.FromDateTimeOffset(finding.Evidence.Count > 0 ? finding.Evidence.Max(e => e.Time) : finding.Since),
            Lesson = finding.Lesson,
            Scope = finding.Scope ?? "",
            Message = finding.Message is { } message ? MessageMapper.ToWire(message) : null,
        };
        // The first samples show why the rule fired, the last ones how it stands now.
        var evidence = finding.Evidence.Count <= EvidencePerFinding
            ? finding.Evidence
            : [.. finding.Evidence.Take(EvidencePerFinding / 2), .. finding.Evidence.TakeLast(EvidencePerFinding / 2)];
        wire.Evidence.AddRange(evidence.Select(e => new Wire.EvidenceSample
        {
            Time = Timestamp.FromDateTimeOffset(e.Time),
            Entity = e.Entity,
            Metric = e.Metric,
            Value = e.Value,
        }));
        return wire;
    }

    private static Wire.Severity ToWire(Severity severity) => severity switch
    {
        Severity.Critical => Wire.Severity.Critical,
        Severity.Warning => Wire.Severity.Warning,
        _ => Wire.Severity.Info,
    };

    private Wire.SiteContext Site()
    {
        var site = new Wire.SiteContext
        {
            Site = topology.Site.Name,
            Location = topology.Site.Location,
            Area = topology.Site.Area,
            TimeZone = topology.Site.TimeZone,
        };
        site.Devices.AddRange(topology.Entities
            .Where(e => e.Type is not (EntityType.ServiceFunction or EntityType.Path or EntityType.HbaPort))
            .OrderBy(e => e.Type)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => new Wire.Device { Entity = e.Id, EntityType = e.Type.ToString(), Role = e.Role }));

        // The normal flow of mail and I/O is read from these, never from an incident's chain.
        site.Paths.AddRange(topology.Paths
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new Wire.SitePath { Entity = p.Id, Host = p.Host, HbaPort = p.HbaPort ?? "", Controller = p.Controller, Volume = p.Volume }));
        site.Services.AddRange(topology.Services.Select(s => new Wire.SiteService
        {
            Service = s.Id,
            DisplayName = s.Name,
            Hosts = { s.Hosts },
            Volumes = { s.Volumes },
            Functions = { s.Functions },
        }));
        return site;
    }
}
