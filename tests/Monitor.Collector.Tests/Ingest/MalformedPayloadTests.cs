using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Monitor.Collector.Tests.Security;
using Monitor.Contracts.V1;
using Xunit.Abstractions;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>
/// Bytes that are not a good push, sent to PushRevisions by an authenticated agent over real TLS:
/// random bytes, truncated and bit-flipped pushes, wrong wire types, huge length prefixes (in the
/// protobuf and in the gRPC frame). Every reply is a clear status with a message (never a crash,
/// a hang or UNKNOWN), the collector still takes a good push afterwards, and what it had stored is
/// byte for byte the same. Fixed seed: a failure replays.
/// </summary>
public sealed class MalformedPayloadTests : IClassFixture<SiteCertificates>
{
    private const int Seed = 20170113;

    /// <summary>The statuses that say clearly "this push is refused"; OK only where the bytes happen to be a good push.</summary>
    private static readonly StatusCode[] Clear =
        [StatusCode.OK, StatusCode.InvalidArgument, StatusCode.Internal, StatusCode.PermissionDenied, StatusCode.FailedPrecondition];

    private static readonly Method<byte[], byte[]> RawPush = new(
        MethodType.Unary,
        IncidentIngest.Descriptor.FullName,
        "PushRevisions",
        Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes),
        Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes));

    private readonly SiteCertificates _certificates;
    private readonly ITestOutputHelper _output;

    public MalformedPayloadTests(SiteCertificates certificates, ITestOutputHelper output)
    {
        _certificates = certificates;
        _output = output;
    }

    [Fact]
    public async Task PushRevisions_MalformedPayloads_ClearErrorsAndNothingStoredChanges()
    {
        // The cap makes the stored incident unable to grow: a flipped revision number that still
        // parses is refused too, so "nothing changes" holds for every case that is not a new incident.
        await using var collector = await RunningCollector.StartAsync(
        [
            .. _certificates.MutualTls,
            "--Collector:Limits:MaxRevisionsPerIncident=3",
            "--Collector:Limits:PushesPerAgentPerSecond=100000",
            "--Collector:Limits:PushBurst=100000",
        ]);
        using var agent = new AgentChannel(collector.GrpcAddress, _certificates.Ca, _certificates.Agent("mail01.cty"));
        var good = CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions.Take(3));
        await agent.PushAsync(good);
        var valid = good.ToByteArray();
        var before = await SnapshotAsync(collector);
        var random = new Random(Seed);
        var replies = new List<(string Case, StatusCode Status, string Detail)>();

        foreach (var (name, bytes) in RandomBytes(random).Concat(Truncated(random, valid)).Concat(WrongWireTypes()).Concat(HugeLengths()))
        {
            var (status, detail, _) = await SendAsync(agent, bytes);
            replies.Add((name, status, detail));
        }

        foreach (var (name, body) in BadFrames(valid))
        {
            var (status, detail) = await SendFrameAsync(collector.GrpcAddress, body);
            replies.Add((name, status, detail));
        }

        Assert.Equal(before, await SnapshotAsync(collector));

        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, bytes) in Flipped(random, valid))
        {
            var (status, detail, acknowledged) = await SendAsync(agent, bytes);
            replies.Add((name, status, detail));
            if (acknowledged is not null)
            {
                var sent = PushRevisionsRequest.Parser.ParseFrom(bytes);
                stored.UnionWith(sent.Revisions.Where((_, index) => acknowledged.Acknowledgements[index].Outcome == AckOutcome.Stored).Select(r => r.IncidentId));
            }
        }

        foreach (var group in replies.GroupBy(r => r.Status).OrderBy(g => g.Key))
        {
            _output.WriteLine($"{group.Key}: {group.Count()} (e.g. {group.First().Case}: {group.First().Detail})");
        }

        _output.WriteLine($"new incidents stored from bit flips that made good pushes: {stored.Count}");
        var unclear = replies.Where(r => !Clear.Contains(r.Status) || (r.Status != StatusCode.OK && r.Detail.Length == 0)).ToList();
        Assert.True(unclear.Count == 0, "unclear replies: " + string.Join("; ", unclear.Take(5)));
        Assert.True(replies.Count >= 400, $"{replies.Count} cases");
        Assert.Contains(replies, r => r.Status == StatusCode.InvalidArgument && r.Detail.StartsWith("the request is not a monitor.v1.PushRevisionsRequest", StringComparison.Ordinal));

        // The flips may have made new incidents that are good pushes; the stored one is untouched.
        Assert.Equal(before[CtyFixture.IncidentId], (await SnapshotAsync(collector))[CtyFixture.IncidentId]);
        Assert.Equal(
            stored.Append(CtyFixture.IncidentId).Order(StringComparer.Ordinal),
            (await collector.Store.ListIncidentsAsync(default)).Select(i => i.IncidentId).Order(StringComparer.Ordinal));

        var after = CtyFixture.Revisions[0];
        after.IncidentId = "inc-after-the-fuzz";
        after.IdempotencyKey = "inc-after-the-fuzz/1";
        var reply = await agent.PushAsync(CtyFixture.Push(CtyFixture.Agent, [after]));
        Assert.Equal(AckOutcome.Stored, Assert.Single(reply.Acknowledgements).Outcome);
    }

    private static IEnumerable<(string, byte[])> RandomBytes(Random random)
    {
        for (var index = 0; index < 100; index++)
        {
            var bytes = new byte[random.Next(0, 2048)];
            random.NextBytes(bytes);
            yield return ($"random #{index} ({bytes.Length} bytes)", bytes);
        }
    }

    private static IEnumerable<(string, byte[])> Truncated(Random random, byte[] valid)
    {
        for (var index = 0; index < 100; index++)
        {
            var length = random.Next(0, valid.Length);
            yield return ($"truncated to {length} of {valid.Length}", valid[..length]);
        }
    }

    private static IEnumerable<(string, byte[])> Flipped(Random random, byte[] valid)
    {
        for (var index = 0; index < 200; index++)
        {
            var bytes = (byte[])valid.Clone();
            var flips = random.Next(1, 4);
            for (var flip = 0; flip < flips; flip++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            }

            yield return ($"bit-flipped #{index}", bytes);
        }
    }

    /// <summary>Fields 1 (agent) and 2 (revisions) with every wire type, including the two that do not exist (6, 7).</summary>
    private static IEnumerable<(string, byte[])> WrongWireTypes()
    {
        foreach (var field in new[] { 1, 2, 4, 15 })
        {
            for (var wireType = 0; wireType <= 7; wireType++)
            {
                var payload = wireType switch
                {
                    0 => new byte[] { 0x96, 0x01 },
                    1 => new byte[8],
                    2 => new byte[] { 3, 0x08, 0x96, 0x01 },
                    3 => [(byte)((field << 3) | 4)],
                    5 => new byte[4],
                    _ => [0x01],
                };
                yield return ($"field {field} wire type {wireType}", [(byte)((field << 3) | wireType), .. payload]);
            }
        }

        yield return ("end group without start", [(2 << 3) | 4]);
        yield return ("field number 0", [0x02, 0x00]);

        // 2,000 nested groups: deeper than any parser should follow.
        yield return ("deeply nested groups", [.. Enumerable.Repeat((byte)((9 << 3) | 3), 2000), .. Enumerable.Repeat((byte)((9 << 3) | 4), 2000)]);
    }

    /// <summary>Length-delimited fields that claim far more bytes than follow.</summary>
    private static IEnumerable<(string, byte[])> HugeLengths()
    {
        foreach (var length in new ulong[] { 100, int.MaxValue, uint.MaxValue, ulong.MaxValue })
        {
            foreach (var field in new[] { 1, 2 })
            {
                var prefix = new List<byte> { (byte)((field << 3) | 2) };
                var value = length;
                do
                {
                    var next = (byte)(value & 0x7F);
                    value >>= 7;
                    prefix.Add(value == 0 ? next : (byte)(next | 0x80));
                }
                while (value != 0);

                yield return ($"field {field} claiming {length} bytes", [.. prefix, 0x0A, 0x01, 0x41]);
            }
        }

        // A string inside the agent claiming 2 GiB.
        yield return ("agent_id claiming 2 GiB", [0x0A, 0x07, 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x41]);
    }

    /// <summary>gRPC frames that lie: a length beyond the limit, a length longer than the body, a compressed flag without an encoding, a cut header.</summary>
    private static IEnumerable<(string, byte[])> BadFrames(byte[] valid)
    {
        yield return ("frame claiming 4 GiB", Frame(0, uint.MaxValue, valid[..10]));
        yield return ("frame claiming 1 MiB more than sent", Frame(0, (uint)valid.Length + (1 << 20), valid));
        yield return ("frame claiming 100 bytes more than sent", Frame(0, (uint)valid.Length + 100, valid));
        yield return ("compressed flag without grpc-encoding", Frame(1, (uint)valid.Length, valid));
        yield return ("frame flag 7", Frame(7, (uint)valid.Length, valid));
        yield return ("three bytes of a header", [0, 0, 0]);
        yield return ("two frames", [.. Frame(0, (uint)valid.Length, valid), .. Frame(0, (uint)valid.Length, valid)]);
        yield return ("empty body", []);
    }

    private static byte[] Frame(byte flag, uint declared, byte[] body)
    {
        var frame = new byte[5 + body.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declared);
        body.CopyTo(frame, 5);
        return frame;
    }

    private static async Task<(StatusCode Status, string Detail, PushRevisionsReply? Reply)> SendAsync(AgentChannel agent, byte[] bytes)
    {
        try
        {
            var reply = await agent.Invoker.AsyncUnaryCall(RawPush, null, agent.Call(), bytes);
            return (StatusCode.OK, "", PushRevisionsReply.Parser.ParseFrom(reply));
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Status.Detail, null);
        }
    }

    /// <summary>One raw HTTP/2 gRPC request with <paramref name="body"/> as it is, framing and all.</summary>
    private async Task<(StatusCode Status, string Detail)> SendFrameAsync(Uri address, byte[] body)
    {
        using var http = new HttpClient(AgentChannel.Handler(_certificates.Ca, _certificates.Agent("mail01.cty")));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/monitor.v1.IncidentIngest/PushRevisions"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.SendAsync(request, timeout.Token);
        await response.Content.ReadAsByteArrayAsync(timeout.Token);
        var status = Header(response, "grpc-status");
        var message = Uri.UnescapeDataString(Header(response, "grpc-message") ?? "");
        return (status is null ? StatusCode.Unknown : (StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), message);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailing) ? trailing.First()
        : response.Headers.TryGetValues(name, out var leading) ? leading.First()
        : null;

    /// <summary>What the collector shows of its incidents over the HTTP API, by incident id plus the list itself.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(RunningCollector collector)
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal) { ["/api/incidents"] = await collector.Http.GetStringAsync("/api/incidents") };
        foreach (var incident in await collector.Store.ListIncidentsAsync(default))
        {
            snapshot[incident.IncidentId] =
                await collector.Http.GetStringAsync($"/api/incidents/{incident.IncidentId}/revisions.jsonl")
                + await collector.Http.GetStringAsync($"/api/incidents/{incident.IncidentId}/revisions");
        }

        return snapshot;
    }
}
