using System.Globalization;
using Monitor.Agent.Outbox;
using Xunit.Abstractions;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>
/// Drill 3: an outbox folder damaged three ways at once, then the real agent process
/// (Monitor.Agent.dll run) started on it: a segment the ledger names is gone, a record in the
/// middle of another is corrupt, the last record of the last segment is torn. The agent must
/// start, say exactly what it set aside (one error line per piece naming the file and the
/// offset, the monitor_agent_outbox_quarantined_total metric on its /metrics, the bytes kept
/// in quarantine/) and deliver every other revision to the collector. Monitor.Agent.Tests
/// covers each kind of damage on its own, in process; this is the same at process level with
/// all three together and a real collector.
/// </summary>
[Collection(DeliveryDrills.Name)]
public sealed class DamagedOutboxDrill(ITestOutputHelper output) : IDisposable
{
    private const int Incidents = 4;
    private const int RevisionsPerIncident = 20;
    private const string SegmentBytes = "--Agent:Outbox:SegmentBytes=4096";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly DrillDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Start_MissingSegmentCorruptRecordTornTail_QuarantinesExactlyThoseAndDeliversTheRest()
    {
        // An outbox written by the real agent with no collector to send to: several small segments.
        var outbox = _directory.Sub("outbox");
        using (var writer = DrillAgent.Start("agent writing the outbox", _directory.Path, Incidents, RevisionsPerIncident, 0,
            DrillAgent.Settings(outbox, "", SegmentBytes), drain: false))
        {
            Assert.Equal(0, await writer.WaitForExitAsync(Bound));
            Assert.Equal(Incidents * RevisionsPerIncident, DrillAgent.AcceptedCount(writer));
        }

        var ledger = OutboxLedger.Read(outbox)!;
        var segments = ledger.Segments.Select(s => OutboxSegmentRecords.Read(Path.Combine(outbox, s))).ToList();
        Assert.True(segments.Count >= 4 && segments[2].Count >= 3, $"expected at least 4 segments of 3 records or more, got {string.Join(", ", segments.Select(s => s.Count))}");
        var all = segments.SelectMany(s => s).ToList();

        // The damage: a segment gone, a flipped byte in a record's payload, the last write cut in half.
        var missing = segments[1];
        File.Delete(Path.Combine(outbox, missing[0].Segment));
        var corrupt = segments[2][1];
        var corruptPath = Path.Combine(outbox, corrupt.Segment);
        FlipByte(corruptPath, corrupt.Offset + OutboxRecord.HeaderBytes + 3);
        var corruptBytes = File.ReadAllBytes(corruptPath).AsSpan(corrupt.Offset, corrupt.Length).ToArray();
        var torn = segments[^1][^1];
        var tornPath = Path.Combine(outbox, torn.Segment);
        var tornLength = torn.Length / 2;
        var tornBytes = File.ReadAllBytes(tornPath).AsSpan(torn.Offset, tornLength).ToArray();
        using (var file = new FileStream(tornPath, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(torn.Offset + tornLength);
        }

        var lost = missing.Append(corrupt).Append(torn).Select(r => r.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var expected = all.Select(r => r.IdempotencyKey).Where(k => !lost.Contains(k)).ToList();

        using var collector = new DrillCollector(_directory.Sub("collector"), LoopbackPort.Free());
        await collector.StartAsync();
        var metricsPort = LoopbackPort.Free();
        using var agent = RunningProgram.StartDotnet("agent (Monitor.Agent.dll run)", "Monitor.Agent.dll",
            ["run", .. DrillAgent.Settings(outbox, collector.Address, SegmentBytes, $"--Agent:Http:Listen=http://127.0.0.1:{metricsPort}")],
            _directory.Path);

        static bool Quarantine(string line) => line.Contains(": quarantined ", StringComparison.Ordinal);
        await agent.WaitUntilAsync(() => agent.CountErr(l => l.Contains("pieces quarantined", StringComparison.Ordinal)) > 0,
            Bound, "the outbox's start-up summary");
        await Poll.UntilAsync(() => collector.Stored().Count >= expected.Count, Bound,
            () => $"{collector.Stored().Count} of {expected.Count} revisions stored\n{agent.Tail()}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        string metrics = "";
        await Poll.UntilAsync(async () =>
        {
            metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            return Metric(metrics, "monitor_agent_outbox_pending") == 0;
        }, Bound, () => "monitor_agent_outbox_pending never 0:\n" + metrics);

        // Everything else delivered, each once, in order.
        DrillAssert.StoredOnceInOrder(collector.Stored(), expected);

        // Exactly three pieces reported: in the log, on /metrics, in quarantine/.
        var lines = agent.Err.Where(Quarantine).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Single(lines, l => l.Contains($"{missing[0].Segment} at 0: segment named by the ledger is missing", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"{corrupt.Segment} at {corrupt.Offset}: corrupt record", StringComparison.Ordinal)
            && l.Contains($"({corrupt.Length} bytes", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"{torn.Segment} at {torn.Offset}: torn last record", StringComparison.Ordinal)
            && l.Contains($"({tornLength} bytes", StringComparison.Ordinal));
        Assert.Contains(agent.Err, l => l.Contains($"{expected.Count} revisions to send from a previous run, 3 pieces quarantined", StringComparison.Ordinal));
        Assert.Equal(3, Metric(metrics, "monitor_agent_outbox_quarantined_total"));
        Assert.Equal(corruptBytes, File.ReadAllBytes(Path.Combine(outbox, "quarantine", $"{corrupt.Segment}.{corrupt.Offset}.bin")));
        Assert.Equal(tornBytes, File.ReadAllBytes(Path.Combine(outbox, "quarantine", $"{torn.Segment}.{torn.Offset}.bin")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(outbox, "quarantine")).Length);

        Assert.Equal(0, await agent.TerminateAsync(Bound));
        new DrillFigures("Drill 3 damaged outbox")
            .Add("revisions in the outbox (segments)", $"{all.Count} ({segments.Count} of at most 4,096 bytes)")
            .Add("segment deleted (revisions in it)", $"{missing[0].Segment} ({missing.Count})")
            .Add("corrupt record", $"{corrupt.Segment} at {corrupt.Offset} ({corrupt.Length} bytes, {corrupt.IdempotencyKey})")
            .Add("torn last record", $"{torn.Segment} at {torn.Offset} ({tornLength} of {torn.Length} bytes, {torn.IdempotencyKey})")
            .Add("quarantined (log lines / metric)", $"{lines.Count} / {Metric(metrics, "monitor_agent_outbox_quarantined_total")}")
            .Add("delivered (expected)", $"{collector.Stored().Count} ({expected.Count})")
            .Write(output);
        foreach (var line in lines)
        {
            output.WriteLine(line);
        }
    }

    private static void FlipByte(string path, long at)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = at;
        var value = file.ReadByte();
        file.Position = at;
        file.WriteByte((byte)(value ^ 0xFF));
    }

    // The value of an unlabelled series in Prometheus text, e.g. "monitor_agent_outbox_pending 0".
    private static double Metric(string text, string name)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{name} is not on the agent's /metrics:\n{text}");
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
