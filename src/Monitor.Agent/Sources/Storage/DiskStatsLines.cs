namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// The device lines of a /proc/diskstats text, one at a time and in place: <see cref="Name"/> is
/// a view of the text and <see cref="Counters"/> of the caller's buffer, both overwritten by the
/// next line. A host with hundreds of devices read every second made a string and an array a
/// line before (benchmarks: `storage`).
/// </summary>
internal ref struct DiskStatsLines
{
    private readonly string _place;
    private readonly Span<ulong> _counters;
    private ReadOnlySpan<char> _rest;
    private int _number;

    /// <summary>Reads <paramref name="text"/> (from <paramref name="place"/>, for errors) into <paramref name="counters"/> of <see cref="DiskStatsParser.MaxCounters"/>.</summary>
    public DiskStatsLines(ReadOnlySpan<char> text, string place, Span<ulong> counters)
    {
        _rest = text;
        _place = place;
        _counters = counters;
    }

    /// <summary>Major device number.</summary>
    public int Major { get; private set; }

    /// <summary>Minor device number.</summary>
    public int Minor { get; private set; }

    /// <summary>Kernel name, e.g. "sdc", "dm-3".</summary>
    public ReadOnlySpan<char> Name { get; private set; }

    /// <summary>The counters in kernel order (11, 15 or 17).</summary>
    public readonly ReadOnlySpan<ulong> Counters => _counters[..CounterCount];

    private int CounterCount { get; set; }

    /// <summary>Moves to the next device line, skipping blank ones; throws <see cref="InvalidDataException"/> naming the place and line on a bad one.</summary>
    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            var end = _rest.IndexOf('\n');
            var line = end < 0 ? _rest : _rest[..end];
            _rest = end < 0 ? [] : _rest[(end + 1)..];
            _number++;
            if (line.IsWhiteSpace())
            {
                continue;
            }

            CounterCount = DiskStatsParser.ParseFields(line, _place, _number, _counters, out var major, out var minor, out var name);
            Major = major;
            Minor = minor;
            Name = line[name];
            return true;
        }

        return false;
    }
}
