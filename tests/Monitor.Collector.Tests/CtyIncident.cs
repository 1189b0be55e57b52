using Google.Protobuf.WellKnownTypes;
using Monitor.Contracts.V1;
using IdempotencyKey = Monitor.Core.Incidents.IdempotencyKey;

namespace Monitor.Collector.Tests;

/// <summary>
/// Seed 001 as an agent would push it: CTY, 13 January 2017, storage controller A stopped at
/// 08:53 JST, controller B ran alone at ~120% in IOPS, mail stopped until 12:31 JST, 50,511 users.
/// </summary>
internal static class CtyIncident
{
    public const string Id = "inc-20170113-0853-ctl-a-5f2c";

    /// <summary>08:53 JST on Friday 13 January 2017.</summary>
    public static readonly DateTimeOffset Onset = new(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);

    /// <summary>12:31 JST the same day: 3h38m later.</summary>
    public static readonly DateTimeOffset Recovery = new(2017, 1, 13, 3, 31, 0, TimeSpan.Zero);

    public static readonly AgentIdentity Agent = new()
    {
        AgentId = "mail01.cty.example.jp",
        Host = "mail01",
        Site = "cty",
        AgentVersion = "0.1.0",
    };

    public static PushRevisionsRequest Push(params IncidentRevision[] revisions)
    {
        var request = new PushRevisionsRequest { Agent = Agent.Clone() };
        request.Revisions.AddRange(revisions);
        return request;
    }

    /// <summary>Revision <paramref name="number"/>; from revision 3 on, the service has recovered.</summary>
    public static IncidentRevision Revision(long number, string id = Id)
    {
        var revision = new IncidentRevision
        {
            IncidentId = id,
            Revision = number,
            IdempotencyKey = IdempotencyKey.For(id, number),
            Agent = Agent.Clone(),
            State = number >= 3 ? IncidentState.Recovering : IncidentState.Open,
            Severity = Severity.Critical,
            Title = "Storage controller ctl-a stopped; mail service cty-mail down",
            OpenedAt = Timestamp.FromDateTimeOffset(Onset),
            UpdatedAt = Timestamp.FromDateTimeOffset(Onset.AddMinutes(10 * number)),
            RootCause = ControllerFailed(),
            AffectedUsersMax = 50_511,
            Site = Site(),
        };
        if (number >= 3)
        {
            revision.RecoveredAt = Timestamp.FromDateTimeOffset(Recovery);
            revision.UpdatedAt = Timestamp.FromDateTimeOffset(Recovery.AddMinutes(number));
        }

        revision.Symptoms.Add(Overload());
        revision.Symptoms.Add(new Finding
        {
            Entity = "cty-mail/pop3",
            EntityType = "service",
            Kind = "pop_login_failures",
            Rule = "MailProbeFailures",
            Severity = Severity.Critical,
            Explanation = "POP3 logins on cty-mail fail or time out.",
            FirstSeen = Timestamp.FromDateTimeOffset(Onset.AddMinutes(20)),
        });
        revision.CausalChain.Add(new CausalLink { FromEntity = "ctl-a", ToEntity = "ctl-b", Relation = "hands its load to", ObservedKind = "degraded_overload_iops" });
        revision.CausalChain.Add(new CausalLink { FromEntity = "ctl-b", ToEntity = "cty-mail/pop3", Relation = "stores mail for", ObservedKind = "pop_login_failures" });
        revision.AffectedUsers.Add(new AffectedUsers { PopulationKey = "cty-mail-subscribers", Count = 50_511, Basis = UserCountBasis.Contracts, TotalContracts = 50_511 });
        // Users are hit from the onset (the period the report writes starts at the first affected
        // user), and all contracts 20 minutes later.
        revision.AffectedUsersSeries.Add(new AffectedUsersPoint { Time = Timestamp.FromDateTimeOffset(Onset), Count = 20_000 });
        revision.AffectedUsersSeries.Add(new AffectedUsersPoint { Time = Timestamp.FromDateTimeOffset(Onset.AddMinutes(20)), Count = 50_511 });
        revision.Services.Add(new ServiceImpact { Service = "cty-mail", Function = "pop3", Impact = ImpactLevel.Stopped, Category = 5, DisplayName = "CTYメール" });
        revision.Services.Add(new ServiceImpact { Service = "cty-mail", Function = "smtp-in", Impact = ImpactLevel.Degraded, Category = 5, DisplayName = "CTYメール" });
        revision.Services.Add(new ServiceImpact { Service = "cty-mail", Function = "webmail", Impact = ImpactLevel.NotAffected, Category = 5, DisplayName = "CTYメール" });
        revision.Timeline.Add(new TimelineEvent { Time = Timestamp.FromDateTimeOffset(Onset.AddMinutes(1)), Kind = TimelineEventKind.Detected, Text = "Controller ctl-a stopped responding", Entity = "ctl-a" });
        revision.Timeline.Add(new TimelineEvent { Time = Timestamp.FromDateTimeOffset(Onset), Kind = TimelineEventKind.Finding, Text = "Path count to the mail volume dropped from 2 to 1", Entity = "mail01:mpath-mail" });
        if (number >= 3)
        {
            revision.Timeline.Add(new TimelineEvent { Time = Timestamp.FromDateTimeOffset(Recovery), Kind = TimelineEventKind.Recovered, Text = "POP3 logins succeed again", Entity = "cty-mail/pop3" });
        }

        return revision;
    }

    private static Finding ControllerFailed()
    {
        var finding = new Finding
        {
            Entity = "ctl-a",
            EntityType = "controller",
            Kind = "controller_failed",
            Rule = "ControllerFailover",
            Severity = Severity.Critical,
            Explanation = "Storage controller ctl-a stopped; ctl-b now carries all I/O alone.",
            FirstSeen = Timestamp.FromDateTimeOffset(Onset),
            Lesson = "seed 001 (CTY, 2017)",
        };
        finding.Evidence.Add(new EvidenceSample { Time = Timestamp.FromDateTimeOffset(Onset), Entity = "ctl-a", Metric = "storage_controller_up", Value = 0 });
        return finding;
    }

    private static Finding Overload()
    {
        var finding = new Finding
        {
            Entity = "ctl-b",
            EntityType = "controller",
            Kind = "degraded_overload_iops",
            Rule = "DegradedModeHeadroom",
            Severity = Severity.Critical,
            Explanation = "Alone, ctl-b runs at 121% of its IOPS capacity.",
            FirstSeen = Timestamp.FromDateTimeOffset(Onset.AddMinutes(2)),
        };
        finding.Evidence.Add(new EvidenceSample { Time = Timestamp.FromDateTimeOffset(Onset.AddMinutes(2)), Entity = "ctl-b", Metric = "storage_controller_iops_utilisation_ratio", Value = 1.21 });
        return finding;
    }

    private static SiteContext Site()
    {
        var site = new SiteContext { Site = "cty", Location = "〇〇ビル〇〇データセンター", Area = "三重県北勢地域" };
        site.Devices.Add(new Device { Entity = "mail01", EntityType = "host", Role = "POP3/SMTP mail server" });
        site.Devices.Add(new Device { Entity = "ctl-a", EntityType = "controller", Role = "storage controller A" });
        site.Devices.Add(new Device { Entity = "ctl-b", EntityType = "controller", Role = "storage controller B" });
        return site;
    }
}
