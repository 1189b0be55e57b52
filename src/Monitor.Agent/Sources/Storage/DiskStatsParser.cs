using System.Globalization;

namespace Monitor.Agent.Sources.Storage;

/// <summary>Parses /proc/diskstats (Documentation/admin-guide/iostats.rst).</summary>
internal static class DiskStatsParser
{
    /// <summary>Reads completed.</summary>
    public const int ReadsCompleted = 0;

    /// <summary>Sectors read (512 bytes each, whatever the device's sector size).</summary>
    public const int SectorsRead = 2;

    /// <summary>Milliseconds spent reading.</summary>
    public const int TimeReading = 3;

    /// <summary>Writes completed.</summary>
    public const int WritesCompleted = 4;

    /// <summary>Sectors written.</summary>
    public const int SectorsWritten = 6;

    /// <summary>Milliseconds spent writing.</summary>
    public const int TimeWriting = 7;

    /// <summary>I/Os in flight now (a gauge, not a counter).</summary>
    public const int InFlight = 8;

    /// <summary>Milliseconds the device had I/O in flight (io_ticks).</summary>
    public const int TimeBusy = 9;

    /// <summary>Milliseconds spent doing I/O, weighted by the number in flight.</summary>
    public const int WeightedTime = 10;

    /// <summary>Bytes in one diskstats sector.</summary>
    public const int SectorBytes = 512;

    private static readonly string[] FieldNames =
    [
        "reads completed", "reads merged", "sectors read", "time reading", "writes completed", "writes merged",
        "sectors written", "time writing", "I/Os in flight", "time busy", "weighted time", "discards completed",
        "discards merged", "sectors discarded", "time discarding", "flushes completed", "time flushing",
    ];

    /// <summary>The most counters a line carries (17 since Linux 5.5); fields a later kernel appends are ignored.</summary>
    public const int MaxCounters = 17;

    /// <summary>
    /// Parses one line in place: the counters into <paramref name="counters"/> (their number is
    /// returned), the name as a range of <paramref name="line"/>. Only a bad line makes a string.
    /// </summary>
    public static int ParseFields(ReadOnlySpan<char> line, string place, int number, Span<ulong> counters, out int major, out int minor, out Range name)
    {
        Span<Range> ranges = stackalloc Range[24];
        var count = line.SplitAny(ranges, " \t\r", StringSplitOptions.RemoveEmptyEntries);
        // 14, 18 and 20 are the kernels' line lengths; later kernels may append fields, which we ignore.
        if (count is not (14 or 18) && count < 20)
        {
            throw new InvalidDataException(
                $"{place} line {number}: {count} fields, expected 14, 18 or 20 (major, minor, name and 11, 15 or 17 counters): '{SysfsAttribute.Shorten(line.Trim().ToString())}'");
        }

        name = ranges[2];
        if (!int.TryParse(line[ranges[0]], NumberStyles.None, CultureInfo.InvariantCulture, out major)
            || !int.TryParse(line[ranges[1]], NumberStyles.None, CultureInfo.InvariantCulture, out minor))
        {
            throw new InvalidDataException($"{place} line {number} ({line[name]}): major/minor '{line[ranges[0]]} {line[ranges[1]]}' are not device numbers");
        }

        var length = Math.Min(count, 20) - 3;
        for (var i = 0; i < length; i++)
        {
            var field = line[ranges[i + 3]];
            if (!ulong.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out counters[i]))
            {
                throw new InvalidDataException(
                    $"{place} line {number} ({line[name]}): field {i + 4} ({FieldNames[i]}) = '{SysfsAttribute.Shorten(field.ToString())}' is not a whole number");
            }
        }

        return length;
    }
}
