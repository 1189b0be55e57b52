using System.Text;
using Grpc.Net.Client;
using Monitor.Agent.Revisions;
using Monitor.Agent.Tests.Delivery;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Wire = Monitor.Contracts.V1;

namespace Monitor.Agent.Tests.Revisions;

/// <summary>What the agent sends fits the collector's limits: a long device log line is cut, never a reason to refuse the revision.</summary>
public sealed class RevisionMapperLimitsTests
{
    private static readonly DateTimeOffset Onset = new(2017, 1, 12, 23, 53, 0, TimeSpan.Zero);

    [Fact]
    public async Task ToWire_TimelineLogLineOf10019Bytes_IsCutWithAMarkerAndTheRealCollectorStoresTheRevision()
    {
        // Severe 3 of issue 13: "timeline[13].text is 10019 bytes long" refused revisions 3 to 11.
        var line = new string('x', 10_019);
        var wire = TestRevisions.Mapper().ToWire(Revision([new TimelineEntry(Onset.AddMinutes(3), TimelineKind.Log, line, "mail01")]));
        await using var collector = await RealCollector.StartAsync();
        using var channel = GrpcChannel.ForAddress(collector.Address);
        var request = new Wire.PushRevisionsRequest { Agent = TestRevisions.Agent };
        request.Revisions.Add(wire);

        var reply = await new Wire.IncidentIngest.IncidentIngestClient(channel).PushRevisionsAsync(request);

        Assert.Equal([wire.IdempotencyKey], reply.Acknowledgements.Select(a => a.IdempotencyKey));
        var text = wire.Timeline.Single(e => e.Kind == Wire.TimelineEventKind.Log).Text;
        Assert.EndsWith("… (cut, 10,019 bytes)", text, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(text) <= RevisionFitter.DefaultMaxStringLength);
        Assert.Equal([wire.IdempotencyKey], await collector.StoredKeysAsync());
    }

    [Fact]
    public void Cut_JapaneseText_CutsOnACharacterBoundaryWithinTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("障害", 1000)) + "😀";

        var cut = RevisionFitter.Cut(text, 300);

        Assert.True(Encoding.UTF8.GetByteCount(cut) <= 300);
        Assert.EndsWith($"… (cut, {Encoding.UTF8.GetByteCount(text):N0} bytes)", cut, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', cut);
        Assert.StartsWith("障害障害", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWire_MoreSymptomsThanTheCollectorTakes_KeepsTheFirstAndLastHalves()
    {
        var symptoms = Enumerable.Range(0, 1500)
            .Select(i => new Finding($"disk-{i}", "disk_errors", "disk-errors", Severity.Warning, $"disk-{i} errors.", Onset, [], ""))
            .ToList();

        var wire = TestRevisions.Mapper().ToWire(Revision([]) with { Symptoms = symptoms });

        Assert.Equal(RevisionFitter.MaxListItems, wire.Symptoms.Count);
        Assert.Equal("disk-0", wire.Symptoms[0].Entity);
        Assert.Equal("disk-1499", wire.Symptoms[^1].Entity);
    }

    private static IncidentRevision Revision(IReadOnlyList<TimelineEntry> timeline) => new()
    {
        IncidentId = "inc-long-line",
        Revision = 3,
        State = IncidentState.Open,
        Severity = Severity.Critical,
        Title = "Storage controller ctl-a stopped",
        OpenedAt = Onset,
        UpdatedAt = Onset.AddMinutes(5),
        RootCause = new Finding("ctl-a", "controller_failed", "controller-failed", Severity.Critical, "ctl-a stopped.", Onset, [], "seed 001"),
        CausalChain = [],
        Symptoms = [],
        AffectedUsers = [],
        AffectedUsersSeries = [],
        AffectedUsersMax = 0,
        Services = [],
        Timeline = timeline,
    };
}
