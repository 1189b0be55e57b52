using System.Globalization;
using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// FC HBA ports from /sys/class/fc_host/hostN: whether the port is up (Online, or Marginal, which
/// still carries I/O) or marginal, its negotiated speed, and its error counters as rates (the
/// Freebit lesson: a port whose signal degrades keeps running; its error counters are the
/// precursor). The remote ports it sees (/sys/class/fc_remote_ports) report up or down. A port
/// whose WWPN changes (an HBA swapped) is a timeline event.
/// </summary>
public sealed class FcHost : PolledSource
{
    /// <summary>Every port_state the kernel writes (scsi_transport_fc.c, fc_port_state_names).</summary>
    public static readonly IReadOnlyList<string> PortStates =
        ["Unknown", "NotPresent", "Online", "Offline", "Blocked", "Bypassed", "Diagnostics", "Linkdown", "Error", "Loopback", "Deleted", "Marginal"];

    /// <summary>statistics/ files turned into rates, and their metric. Each is read only when the kernel has it.</summary>
    private static readonly (string File, string Metric)[] Counters =
    [
        ("link_failure_count", MetricCatalog.FcLinkFailures),
        ("loss_of_sync_count", MetricCatalog.FcLossOfSync),
        ("loss_of_signal_count", MetricCatalog.FcLossOfSignal),
        ("invalid_crc_count", MetricCatalog.FcInvalidCrc),
        ("invalid_tx_word_count", MetricCatalog.FcInvalidTxWords),
        ("error_frames", MetricCatalog.FcErrorFrames),
        ("fpin_li", MetricCatalog.FcFpinLinkIntegrity),
        ("fpin_cn", MetricCatalog.FcFpinCongestion),
        ("fpin_dn", MetricCatalog.FcFpinDelivery),
    ];

    private readonly FcHostOptions _options;
    private readonly Dictionary<string, Port> _ports = new(StringComparer.Ordinal);
    private DateTimeOffset? _previousRead;

    /// <summary>Creates the source.</summary>
    public FcHost(FcHostOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
    }

    /// <summary>How the agent finds, configures and builds this source: "fchost", under Agent:Sources:FcHost.</summary>
    public static SourceDefinition<FcHostOptions> Definition { get; } = new("fchost", (options, context) => new FcHost(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <summary>Bits per second of a speed as sysfs writes it ("8 Gbit"); null for "unknown" and "Not Negotiated".</summary>
    public static double? ParseSpeed(string text, string place)
    {
        if (text.Equals("unknown", StringComparison.OrdinalIgnoreCase) || text.Equals("Not Negotiated", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            switch (parts[1])
            {
                case "Gbit":
                    return number * 1e9;
                case "Mbit":
                    return number * 1e6;
            }
        }

        throw new InvalidDataException($"{place}: '{SysfsAttribute.Shorten(text)}' is not a port speed (expected e.g. '8 Gbit', '16 Gbit' or 'unknown')");
    }

    /// <summary>The kernel's spelling of a port state, or an error naming the file.</summary>
    public static string ParsePortState(string text, string place) =>
        PortStates.FirstOrDefault(s => s.Equals(text, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidDataException($"{place}: '{SysfsAttribute.Shorten(text)}' is not a port state (expected one of {string.Join(", ", PortStates)})");

    /// <inheritdoc/>
    protected override Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hosts = _options.UnderRoot("/sys/class/fc_host");
        if (!Directory.Exists(hosts))
        {
            throw new InvalidDataException($"{hosts}: not found (no FC HBA driver loaded, or the wrong Root)");
        }

        var seconds = _previousRead is { } previous ? (now - previous).TotalSeconds : 0;
        var samples = new List<Sample>();
        var events = new List<SiteEvent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateFileSystemEntries(hosts).Order(StringComparer.Ordinal))
        {
            ThrowIfOverdue(cancellationToken);
            var host = Path.GetFileName(folder);
            seen.Add(host);
            ReadPort(folder, host, now, seconds, samples, events);
        }

        foreach (var gone in _ports.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _ports.Remove(gone);
        }

        if (_options.RemotePorts)
        {
            ReadRemotePorts(now, samples, cancellationToken);
        }

        _previousRead = now;
        return Task.FromResult(new SourceReading(samples, events));
    }

    private void ReadPort(string folder, string host, DateTimeOffset now, double seconds, List<Sample> samples, List<SiteEvent> events)
    {
        var statePlace = Path.Combine(folder, "port_state");
        var state = SysfsAttribute.ReadText(statePlace);
        if (state is null && !Directory.Exists(folder))
        {
            return; // Removed while we listed.
        }

        state = ParsePortState(state ?? throw new InvalidDataException($"{statePlace}: not found"), statePlace);
        var entity = Context.OnThisHost(host);
        if (!_ports.TryGetValue(host, out var port))
        {
            port = new Port(entity);
            _ports[host] = port;
        }

        if (state != "Unknown")
        {
            // "Unknown" is the driver not saying: no sample rather than a guess.
            var marginal = state == "Marginal";
            samples.Add(new Sample(now, entity, MetricCatalog.FcPortUp, state == "Online" || marginal ? 1 : 0));
            samples.Add(new Sample(now, entity, MetricCatalog.FcPortMarginal, marginal ? 1 : 0));
        }

        var speedPlace = Path.Combine(folder, "speed");
        if (SysfsAttribute.ReadText(speedPlace) is { } speedText && ParseSpeed(speedText, speedPlace) is { } speed)
        {
            samples.Add(new Sample(now, entity, MetricCatalog.FcPortSpeed, speed));
        }

        var portName = SysfsAttribute.ReadText(Path.Combine(folder, "port_name"));
        if (portName is not null && port.PortName is not null && portName != port.PortName)
        {
            events.Add(new SiteEvent(now, SiteEventKind.Change, entity, Name,
                $"{host}: port name (WWPN) changed from {port.PortName} to {portName}: HBA replaced or reconfigured"));
        }

        port.PortName = portName ?? port.PortName;
        ReadStatistics(Path.Combine(folder, "statistics"), port, now, seconds, samples);
    }

    private static void ReadStatistics(string folder, Port port, DateTimeOffset now, double seconds, List<Sample> samples)
    {
        // seconds_since_last_reset going down means the HBA's statistics were reset: start afresh.
        var sinceReset = SysfsAttribute.ReadHex(Path.Combine(folder, "seconds_since_last_reset"));
        var wasReset = sinceReset is { } s && port.SecondsSinceReset is { } before && s != SysfsAttribute.Unsupported && s < before;
        port.SecondsSinceReset = sinceReset;
        foreach (var (file, metric) in Counters)
        {
            var value = SysfsAttribute.ReadHex(Path.Combine(folder, file));
            if (value is null or SysfsAttribute.Unsupported)
            {
                port.Counters.Remove(file);
                continue;
            }

            if (!wasReset && seconds > 0 && port.Counters.TryGetValue(file, out var previous) && value >= previous)
            {
                samples.Add(new Sample(now, port.Entity, metric, (value.Value - previous) / seconds));
            }

            port.Counters[file] = value.Value;
        }
    }

    private void ReadRemotePorts(DateTimeOffset now, List<Sample> samples, CancellationToken cancellationToken)
    {
        var remotePorts = _options.UnderRoot("/sys/class/fc_remote_ports");
        if (!Directory.Exists(remotePorts))
        {
            return; // No remote port seen yet: nothing to say.
        }

        foreach (var folder in Directory.EnumerateFileSystemEntries(remotePorts, "rport-*").Order(StringComparer.Ordinal))
        {
            ThrowIfOverdue(cancellationToken);
            var statePlace = Path.Combine(folder, "port_state");
            if (SysfsAttribute.ReadText(statePlace) is not { } stateText)
            {
                continue; // Removed while we listed.
            }

            var roles = SysfsAttribute.ReadText(Path.Combine(folder, "roles")) ?? "";
            // Another initiator in the zone is not a way to storage; a target, or a port whose
            // roles the kernel cleared after dev_loss_tmo ("unknown"), is.
            if (roles.Contains("Initiator", StringComparison.Ordinal) && !roles.Contains("Target", StringComparison.Ordinal))
            {
                continue;
            }

            var state = ParsePortState(stateText, statePlace);
            if (state != "Unknown")
            {
                samples.Add(new Sample(now, Context.OnThisHost(Path.GetFileName(folder)), MetricCatalog.FcRemotePortUp,
                    state is "Online" or "Marginal" ? 1 : 0));
            }
        }
    }

    private sealed class Port(string entity)
    {
        public string Entity { get; } = entity;

        public string? PortName { get; set; }

        public ulong? SecondsSinceReset { get; set; }

        public Dictionary<string, ulong> Counters { get; } = new(StringComparer.Ordinal);
    }
}
