using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// Block devices from /proc/diskstats: per device read and write IOPS, bytes per second, await,
/// utilisation, queue size and mean I/O size (the CTY lesson: watch the number of I/Os, not only
/// the bytes). Device-mapper maps are named as the operator knows them ("mail01/mpathA") and their
/// path devices keep their own names ("mail01/sdc"), so a multipath volume's load shows per path.
/// A map that gains or loses a path device is a timeline event.
/// </summary>
public sealed class DiskStats : PolledSource
{
    private readonly DiskStatsOptions _options;
    private readonly System.Text.RegularExpressions.Regex? _include;
    private readonly System.Text.RegularExpressions.Regex? _exclude;
    private readonly Dictionary<string, Device> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Device>.AlternateLookup<ReadOnlySpan<char>> _byKernelName;
    private readonly ProcFileText _file = new();
    private DateTimeOffset? _previousRead;
    private int _read;
    private int _lastSampleCount;

    /// <summary>Creates the source.</summary>
    public DiskStats(DiskStatsOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
        _include = DiskStatsOptions.Compile(options.Include);
        _exclude = DiskStatsOptions.Compile(options.Exclude);
        _byKernelName = _devices.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How the agent finds, configures and builds this source: "diskstats", under Agent:Sources:DiskStats.</summary>
    public static SourceDefinition<DiskStatsOptions> Definition { get; } = new("diskstats", (options, context) => new DiskStats(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var place = _options.UnderRoot("/proc/diskstats");
        var text = _file.Read(place);
        var seconds = _previousRead is { } previous ? (now - previous).TotalSeconds : 0;
        // Sized from the last read: the samples leave with the reading, so the list is new each time.
        var samples = new List<Sample>(_lastSampleCount);
        List<SiteEvent>? events = null;
        _read++;
        Span<ulong> counters = stackalloc ulong[DiskStatsParser.MaxCounters];
        // Every line is checked before any is taken: a bad line must leave every baseline where
        // the last good read put it, so the next good read's rates span both intervals.
        var check = new DiskStatsLines(text, place, counters);
        while (check.MoveNext())
        {
        }

        var lines = new DiskStatsLines(text, place, counters);
        while (lines.MoveNext())
        {
            ThrowIfOverdue(cancellationToken);
            Observe(ref lines, now, seconds, samples, ref events);
        }

        // A device that disappeared starts afresh if it comes back.
        foreach (var (kernelName, device) in _devices)
        {
            if (device.Read != _read)
            {
                _devices.Remove(kernelName);
            }
        }

        _previousRead = now;
        _lastSampleCount = samples.Count;
        return Task.FromResult(new SourceReading(samples, events ?? (IReadOnlyList<SiteEvent>)[]));
    }

    private void Observe(ref DiskStatsLines line, DateTimeOffset now, double seconds, List<Sample> samples, ref List<SiteEvent>? events)
    {
        // A known device's name is not made again; a map's is read each time (a rename, a path change).
        var known = _byKernelName.TryGetValue(line.Name, out var kernelName, out var device);
        var map = DeviceMapperMap.IsDeviceMapper(line.Name) ? DeviceMapperMap.Read(_options, kernelName ??= line.Name.ToString()) : null;
        var name = map is null ? line.Name : map.Name.AsSpan();
        if (!Selected(line.Name, name) || (known && device!.Read == _read))
        {
            return; // not watched, or the same name twice in one read
        }

        kernelName ??= line.Name.ToString();
        if (!known || device!.Major != line.Major || device.Minor != line.Minor)
        {
            // New, or a different device under a name we knew: no rates until the next read.
            var operatorName = map?.Name ?? kernelName;
            _devices[kernelName] = new Device(line.Major, line.Minor, operatorName, Context.OnThisHost(operatorName), line.Counters.ToArray(), map?.Slaves) { Read = _read };
            return;
        }

        device.Read = _read;
        if (!name.SequenceEqual(device.Name))
        {
            // A renamed map (dmsetup rename) keeps its counters.
            device.Name = name.ToString();
            device.Entity = Context.OnThisHost(device.Name);
        }

        if (seconds > 0)
        {
            AddRates(samples, now, device.Entity, device.Counters, line.Counters, seconds);
        }

        if (device.Counters.Length == line.Counters.Length)
        {
            line.Counters.CopyTo(device.Counters);
        }
        else
        {
            device.Counters = line.Counters.ToArray();
        }

        if (map?.Slaves is { } slaves && device.Slaves is { } before && !slaves.SequenceEqual(before, StringComparer.Ordinal))
        {
            (events ??= []).Add(new SiteEvent(now, SiteEventKind.Log, device.Entity, Name,
                $"{device.Name}: path devices now {Describe(slaves)} (were {Describe(before)})"));
        }

        device.Slaves = map?.Slaves ?? device.Slaves;
    }

    private bool Selected(ReadOnlySpan<char> kernelName, ReadOnlySpan<char> name) =>
        (_include is null || _include.IsMatch(kernelName) || _include.IsMatch(name))
        && !(_exclude is not null && (_exclude.IsMatch(kernelName) || _exclude.IsMatch(name)));

    private static void AddRates(List<Sample> samples, DateTimeOffset now, string entity, ReadOnlySpan<ulong> before, ReadOnlySpan<ulong> after, double seconds)
    {
        if (!Delta(before, after, DiskStatsParser.ReadsCompleted, out var reads)
            || !Delta(before, after, DiskStatsParser.WritesCompleted, out var writes)
            || !Delta(before, after, DiskStatsParser.SectorsRead, out var sectorsRead)
            || !Delta(before, after, DiskStatsParser.SectorsWritten, out var sectorsWritten)
            || !Delta(before, after, DiskStatsParser.TimeReading, out var timeReading)
            || !Delta(before, after, DiskStatsParser.TimeWriting, out var timeWriting)
            || !Delta(before, after, DiskStatsParser.TimeBusy, out var busy)
            || !Delta(before, after, DiskStatsParser.WeightedTime, out var weighted))
        {
            return; // Reset: the next read has a fresh baseline.
        }

        var milliseconds = seconds * 1000;
        var bytesRead = (double)sectorsRead * DiskStatsParser.SectorBytes;
        var bytesWritten = (double)sectorsWritten * DiskStatsParser.SectorBytes;
        samples.Add(new Sample(now, entity, MetricCatalog.BlockReadIops, reads / seconds));
        samples.Add(new Sample(now, entity, MetricCatalog.BlockWriteIops, writes / seconds));
        samples.Add(new Sample(now, entity, MetricCatalog.BlockReadBytes, bytesRead / seconds));
        samples.Add(new Sample(now, entity, MetricCatalog.BlockWriteBytes, bytesWritten / seconds));
        // io_ticks can run a little past wall time (per-CPU accounting); a device is never more than fully busy.
        samples.Add(new Sample(now, entity, MetricCatalog.BlockUtilization, Math.Min(1.0, busy / milliseconds)));
        samples.Add(new Sample(now, entity, MetricCatalog.BlockQueueSize, weighted / milliseconds));
        var operations = reads + writes;
        if (operations > 0)
        {
            // Without I/O there is no wait and no size: nothing is reported rather than a zero.
            samples.Add(new Sample(now, entity, MetricCatalog.BlockAwait, (timeReading + timeWriting) / 1000.0 / operations));
            samples.Add(new Sample(now, entity, MetricCatalog.BlockMeanIoSize, (bytesRead + bytesWritten) / operations));
        }
    }

    private static bool Delta(ReadOnlySpan<ulong> before, ReadOnlySpan<ulong> after, int field, out ulong delta) =>
        CounterDelta.TryGet(before[field], after[field], out delta);

    private static string Describe(IReadOnlyList<string> slaves) => slaves.Count == 0 ? "none" : string.Join(", ", slaves);

    private sealed class Device(int major, int minor, string name, string entity, ulong[] counters, IReadOnlyList<string>? slaves)
    {
        public int Major { get; } = major;

        public int Minor { get; } = minor;

        public string Name { get; set; } = name;

        public string Entity { get; set; } = entity;

        public ulong[] Counters { get; set; } = counters;

        public IReadOnlyList<string>? Slaves { get; set; } = slaves;

        /// <summary>The read that last saw this device.</summary>
        public int Read { get; set; }
    }
}
