using Monitor.Agent.Outbox;
using Monitor.Contracts.V1;

namespace Monitor.EndToEnd.Tests.Drills;

/// <summary>One record of an outbox segment file, where it sits and which revision it holds.</summary>
internal sealed record OutboxSegmentRecord(string Segment, int Offset, int Length, long Sequence, string IdempotencyKey);

/// <summary>Reads an intact outbox folder's segment files with the agent's own record format.</summary>
internal static class OutboxSegmentRecords
{
    public static IReadOnlyList<OutboxSegmentRecord> Read(string segmentPath)
    {
        var data = File.ReadAllBytes(segmentPath);
        var records = new List<OutboxSegmentRecord>();
        for (var offset = 0; ;)
        {
            var (status, sequence, payload, length) = OutboxRecord.Decode(data, offset);
            if (status == RecordStatus.End)
            {
                return records;
            }

            Assert.True(status == RecordStatus.Good, $"{segmentPath} at {offset}: {status} before any damage was done");
            records.Add(new OutboxSegmentRecord(Path.GetFileName(segmentPath), offset, length, sequence,
                IncidentRevision.Parser.ParseFrom(payload.Span).IdempotencyKey));
            offset += length;
        }
    }
}
