using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// SCSI path devices from /sys/block/sdX/device: whether the device is running (a path that can
/// carry I/O), and its I/O error, timeout and request counters as rates per path ("mail01/sdc"),
/// the early signs of a sick path before multipath gives up on it.
/// </summary>
public sealed class ScsiDevices : PolledSource
{
    // The kernel keeps these in a 32-bit atomic_t and prints it sign-extended to 64 bits.
    private const ulong Low32 = 0xFFFF_FFFF;

    private static readonly (string File, string Metric)[] Counters =
    [
        ("ioerr_cnt", MetricCatalog.PathIoErrors),
        ("iotmo_cnt", MetricCatalog.PathIoTimeouts),
        ("iorequest_cnt", MetricCatalog.PathIoRequests),
    ];

    private readonly ScsiDevicesOptions _options;
    private readonly System.Text.RegularExpressions.Regex _include;
    private readonly Dictionary<string, Dictionary<string, ulong>> _counters = new(StringComparer.Ordinal);
    private DateTimeOffset? _previousRead;

    /// <summary>Creates the source.</summary>
    public ScsiDevices(ScsiDevicesOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
        _include = DiskStatsOptions.Compile(options.Include) ?? throw new ArgumentException("Include is empty", nameof(options));
    }

    /// <summary>How the agent finds, configures and builds this source: "scsi", under Agent:Sources:ScsiDevices.</summary>
    public static SourceDefinition<ScsiDevicesOptions> Definition { get; } = new("scsi", (options, context) => new ScsiDevices(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var block = _options.UnderRoot("/sys/block");
        if (!Directory.Exists(block))
        {
            throw new InvalidDataException($"{block}: not found");
        }

        var seconds = _previousRead is { } previous ? (now - previous).TotalSeconds : 0;
        var samples = new List<Sample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(block).Order(StringComparer.Ordinal))
        {
            ThrowIfOverdue(cancellationToken);
            var name = Path.GetFileName(entry);
            if (!_include.IsMatch(name))
            {
                continue;
            }

            var device = Path.Combine(entry, "device");
            var state = SysfsAttribute.ReadText(Path.Combine(device, "state"));
            if (state is null)
            {
                continue; // Not a SCSI device, or removed while we listed: nothing known.
            }

            var entity = Context.OnThisHost(name);
            seen.Add(name);
            samples.Add(new Sample(now, entity, MetricCatalog.PathUp, state == "running" ? 1 : 0));
            if (!_counters.TryGetValue(name, out var previousCounters))
            {
                previousCounters = new Dictionary<string, ulong>(StringComparer.Ordinal);
                _counters[name] = previousCounters;
            }

            foreach (var (file, metric) in Counters)
            {
                if (SysfsAttribute.ReadHex(Path.Combine(device, file)) is not { } raw)
                {
                    previousCounters.Remove(file);
                    continue;
                }

                var value = raw & Low32;
                if (seconds > 0 && previousCounters.TryGetValue(file, out var before) && CounterDelta.TryGet(before, value, out var delta))
                {
                    samples.Add(new Sample(now, entity, metric, delta / seconds));
                }

                previousCounters[file] = value;
            }
        }

        foreach (var gone in _counters.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _counters.Remove(gone);
        }

        _previousRead = now;
        return Task.FromResult(new SourceReading(samples));
    }
}
