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
    private DateTimeOffset? _previousRead;

    /// <summary>Creates the source.</summary>
    public DiskStats(DiskStatsOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
        _include = DiskStatsOptions.Compile(options.Include);
        _exclude = DiskStatsOptions.Compile(options.Exclude);
    }

    /// <summary>How the agent finds, configures and builds this source: "diskstats", under Agent:Sources:DiskStats.</summary>
    public static SourceDefinition<DiskStatsOptions> Definition { get; } = new("diskstats", (options, context) => new DiskStats(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var place = _options.UnderRoot("/proc/diskstats");
        var lines = SourceFile.Parse(place, DiskStatsParser.Parse);

        var seconds = _previousRead is { } previous ? (now - previous).TotalSeconds : 0;
        var samples = new List<Sample>(lines.Count * 8);
        var events = new List<SiteEvent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var map = DeviceMapperMap.IsDeviceMapper(line.Name) ? DeviceMapperMap.Read(_options, line.Name) : null;
            var name = map?.Name ?? line.Name;
            if (!Selected(line.Name, name) || !seen.Add(line.Name))
            {
                continue;
            }

            if (!_devices.TryGetValue(line.Name, out var device) || device.Major != line.Major || device.Minor != line.Minor)
            {
                // New, or a different device under a name we knew: no rates until the next read.
                _devices[line.Name] = new Device(line.Major, line.Minor, name, Context.OnThisHost(name), line.Counters, map?.Slaves);
                continue;
            }

            if (device.Name != name)
            {
                // A renamed map (dmsetup rename) keeps its counters.
                device.Name = name;
                device.Entity = Context.OnThisHost(name);
            }

            if (seconds > 0)
            {
                AddRates(samples, now, device.Entity, device.Counters, line.Counters, seconds);
            }

            device.Counters = line.Counters;
            if (map?.Slaves is { } slaves && device.Slaves is { } before && !slaves.SequenceEqual(before, StringComparer.Ordinal))
            {
                events.Add(new SiteEvent(now, SiteEventKind.Log, device.Entity, Name,
                    $"{name}: path devices now {Describe(slaves)} (were {Describe(before)})"));
            }

            device.Slaves = map?.Slaves ?? device.Slaves;
        }

        // A device that disappeared starts afresh if it comes back.
        foreach (var gone in _devices.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _devices.Remove(gone);
        }

        _previousRead = now;
        return Task.FromResult(new SourceReading(samples, events));
    }

    private bool Selected(string kernelName, string name) =>
        (_include is null || _include.IsMatch(kernelName) || _include.IsMatch(name))
        && !(_exclude is not null && (_exclude.IsMatch(kernelName) || _exclude.IsMatch(name)));

    private static void AddRates(List<Sample> samples, DateTimeOffset now, string entity, ulong[] before, ulong[] after, double seconds)
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

    private static bool Delta(ulong[] before, ulong[] after, int field, out ulong delta) =>
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
    }
}
