using System.Buffers.Binary;
using System.IO.Hashing;

namespace Monitor.Agent.Outbox;

/// <summary>
/// One record of a segment file: magic "MOBR", payload length, sequence, CRC-32 of sequence and
/// payload, then the payload (a protobuf IncidentRevision). Little-endian. The magic lets a reader
/// find the next record after a corrupt one; the CRC tells a torn or damaged record from a good one.
/// </summary>
public static class OutboxRecord
{
    /// <summary>Bytes before the payload.</summary>
    public const int HeaderBytes = 20;

    /// <summary>Largest payload accepted; anything larger is damage, not a revision.</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    /// <summary>"MOBR" as it sits in the file.</summary>
    public static ReadOnlySpan<byte> Magic => "MOBR"u8;

    /// <summary>The bytes of one record.</summary>
    public static byte[] Encode(long sequence, ReadOnlySpan<byte> payload)
    {
        var record = new byte[HeaderBytes + payload.Length];
        Magic.CopyTo(record);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(8), sequence);
        payload.CopyTo(record.AsSpan(HeaderBytes));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(16), Checksum(record.AsSpan(8, 8), payload));
        return record;
    }

    /// <summary>
    /// Reads the record at <paramref name="offset"/>. Returns the outcome and, when good, the
    /// sequence, the payload and the record's total length.
    /// </summary>
    public static (RecordStatus Status, long Sequence, ReadOnlyMemory<byte> Payload, int Length) Decode(ReadOnlyMemory<byte> data, int offset)
    {
        var span = data.Span[offset..];
        if (span.Length < HeaderBytes)
        {
            return (span.Length == 0 ? RecordStatus.End : RecordStatus.Torn, 0, default, 0);
        }

        if (!span[..4].SequenceEqual(Magic))
        {
            return (RecordStatus.Corrupt, 0, default, 0);
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
        if (length is < 0 or > MaxPayloadBytes)
        {
            return (RecordStatus.Corrupt, 0, default, 0);
        }

        if (span.Length < HeaderBytes + length)
        {
            return (RecordStatus.Torn, 0, default, 0);
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(span[16..]);
        var payload = data.Slice(offset + HeaderBytes, length);
        return crc == Checksum(span.Slice(8, 8), payload.Span)
            ? (RecordStatus.Good, sequence, payload, HeaderBytes + length)
            : (RecordStatus.Corrupt, 0, default, 0);
    }

    /// <summary>Where the next magic starts at or after <paramref name="from"/>, or -1.</summary>
    public static int NextMagic(ReadOnlySpan<byte> data, int from)
    {
        var at = data[from..].IndexOf(Magic);
        return at < 0 ? -1 : from + at;
    }

    private static uint Checksum(ReadOnlySpan<byte> sequence, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        crc.Append(sequence);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }
}

/// <summary>What a reader found at an offset.</summary>
public enum RecordStatus
{
    /// <summary>A whole record with a matching CRC.</summary>
    Good,

    /// <summary>Nothing more: the end of the file.</summary>
    End,

    /// <summary>A record cut short by the end of the file: a write interrupted by a crash.</summary>
    Torn,

    /// <summary>Bytes that are not a good record (no magic, a bad length or a CRC mismatch).</summary>
    Corrupt,
}
