using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Monitor.Contracts.V1;

namespace Monitor.EndToEnd.Tests.Chaos;

/// <summary>
/// An agent of the site that tells the truth: its incidents open, change and (most) resolve over
/// the run, each revision made when due and kept in an outbox until the collector acknowledges
/// it; a refused or failed push is sent again, whole, after a short pause, as Monitor.Agent does.
/// </summary>
internal sealed class HonestAgent
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(300);

    private readonly string _token;
    private readonly AgentIdentity _identity;
    private readonly ChaosClock _clock;
    private readonly Lock _lock = new();

    /// <summary>Plans <paramref name="incidents"/> incidents opening within <paramref name="window"/>, from <paramref name="random"/>.</summary>
    public HonestAgent(string agentId, string token, string site, int incidents, TimeSpan window, Random random, ChaosClock clock)
    {
        AgentId = agentId;
        _token = token;
        _clock = clock;
        _identity = new AgentIdentity { AgentId = agentId, Host = $"{agentId}.example", Site = site, AgentVersion = "chaos" };
        var planned = new List<PlannedRevision>();
        for (var k = 0; k < incidents; k++)
        {
            var id = $"{agentId}-incident-{k}";
            var at = TimeSpan.FromSeconds(random.NextDouble() * window.TotalSeconds * 0.6);
            var revisions = random.Next(3, 6);

            // The last incident of each agent stays open: on-call must hear it fires, and only that.
            var resolves = k < incidents - 1;
            for (var n = 1; n <= revisions; n++)
            {
                var state = n == revisions && resolves ? IncidentState.Resolved : IncidentState.Open;
                planned.Add(new PlannedRevision(at, id, n, state));
                at += TimeSpan.FromSeconds(1 + (random.NextDouble() * 3));
            }
        }

        Planned = [.. planned.OrderBy(p => p.Due)];
    }

    public string AgentId { get; }

    /// <summary>Every revision it means to deliver, in the order they fall due.</summary>
    public IReadOnlyList<PlannedRevision> Planned { get; }

    /// <summary>Pushes that failed (refused or no answer), to be sent again.</summary>
    public int FailedPushes { get; private set; }

    /// <summary>Incidents that end resolved.</summary>
    public IEnumerable<string> Resolving => Planned.Where(p => p.State == IncidentState.Resolved).Select(p => p.IncidentId);

    /// <summary>Incidents it opens.</summary>
    public IEnumerable<string> Incidents => Planned.Select(p => p.IncidentId).Distinct();

    /// <summary>Delivers every planned revision, each until acknowledged; ends when all are, or on <paramref name="cancellationToken"/>.</summary>
    public async Task RunAsync(ChaosCollector collector, CancellationToken cancellationToken)
    {
        using var channel = collector.Channel();
        var client = new IncidentIngest.IncidentIngestClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {_token}" } };
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _clock.Now;
            List<PlannedRevision> outbox;
            lock (_lock)
            {
                outbox = [.. Planned.Where(p => p.Acknowledged is null && p.Due <= now)];
            }

            if (outbox.Count == 0)
            {
                if (Planned.All(p => p.Acknowledged is not null))
                {
                    return;
                }

                await Task.Delay(Idle, _clock.Time, cancellationToken);
                continue;
            }

            if (!await PushAsync(client, headers, outbox, cancellationToken))
            {
                await Task.Delay(RetryPause, _clock.Time, cancellationToken);
            }
        }
    }

    private async Task<bool> PushAsync(IncidentIngest.IncidentIngestClient client, Metadata headers, List<PlannedRevision> outbox, CancellationToken cancellationToken)
    {
        var request = new PushRevisionsRequest { Agent = _identity };
        foreach (var planned in outbox)
        {
            planned.Revision ??= Make(planned);
            planned.FirstSent ??= _clock.Now;
            planned.Attempts++;
            request.Revisions.Add(planned.Revision);
        }

        try
        {
            var reply = await client.PushRevisionsAsync(request, headers, _clock.Time.GetUtcNow().UtcDateTime + Deadline, cancellationToken);
            var acknowledged = _clock.Now;
            lock (_lock)
            {
                foreach (var ack in reply.Acknowledgements)
                {
                    var planned = outbox.Single(p => p.IdempotencyKey == ack.IdempotencyKey);
                    Assert.True(ack.Outcome is AckOutcome.Stored or AckOutcome.Duplicate, $"{AgentId}: {ack.IdempotencyKey} acknowledged {ack.Outcome}");
                    planned.Acknowledged = acknowledged;
                }
            }

            return true;
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            // Unavailable (killed), Unavailable with the store's word (disk full), ResourceExhausted
            // (rate), DeadlineExceeded (slow): the outbox keeps them and sends them again.
            FailedPushes++;
            return false;
        }
    }

    private IncidentRevision Make(PlannedRevision planned)
    {
        var now = _clock.Time.GetUtcNow();
        var number = int.Parse(planned.IncidentId[(planned.IncidentId.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var first = Planned.First(p => p.IncidentId == planned.IncidentId);
        var opened = first.Revision?.OpenedAt ?? Timestamp.FromDateTimeOffset(now);
        var revision = new IncidentRevision
        {
            IncidentId = planned.IncidentId,
            Revision = planned.Number,
            IdempotencyKey = planned.IdempotencyKey,
            Agent = _identity,
            State = planned.State,
            Severity = Severity.Critical,
            Title = $"{planned.IncidentId}: controller ctl-{number} of {AgentId} stopped",
            OpenedAt = opened,
            UpdatedAt = Timestamp.FromDateTimeOffset(now),
            RootCause = new Finding { Entity = $"ctl-{planned.IncidentId}", EntityType = "controller", Kind = "controller_failed", Severity = Severity.Critical, Explanation = "paths to the controller are down" },
            AffectedUsersMax = 100 * planned.Number,
            AffectedUsers = { new AffectedUsers { PopulationKey = $"mail-{AgentId}", Count = 100 * planned.Number, Basis = UserCountBasis.Observed } },
            AffectedUsersSeries = { new AffectedUsersPoint { Time = Timestamp.FromDateTimeOffset(now), Count = 100 * planned.Number } },
            Timeline = { new TimelineEvent { Time = opened, Kind = TimelineEventKind.Detected, Text = "controller stopped", Entity = $"ctl-{planned.IncidentId}" } },
        };
        if (planned.State == IncidentState.Resolved)
        {
            revision.RecoveredAt = Timestamp.FromDateTimeOffset(now);
            revision.ResolvedAt = Timestamp.FromDateTimeOffset(now);
        }

        return revision;
    }
}
