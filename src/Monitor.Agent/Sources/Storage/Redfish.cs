using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Logging;
using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// Storage controllers over Redfish / SNIA Swordfish: each StorageController's Status (health,
/// up), firmware version (a change event when it changes: the Alpha Mail lesson, seed 000), I/O
/// counters (Swordfish IOStatistics, or NVMe SMART host commands) as IOPS, throughput and latency,
/// and its FC ports' error counters and transceiver optical power (the Freebit lesson, seed 002).
/// A controller that is not Enabled may fail to serve its metrics; that is expected, not an error.
/// </summary>
public sealed class Redfish : PolledSource, IDisposable
{
    /// <summary>SFF-8472 reports optical power in steps of 0.1 µW: -40 dBm is "no light" on every module.</summary>
    private const double NoLightDbm = -40;

    private const string KeyPrefix = "Agent:Sources:Redfish";

    private static readonly (string Property, string Metric)[] FcCounters =
    [
        ("LinkFailures", MetricCatalog.FcLinkFailures),
        ("LossesOfSync", MetricCatalog.FcLossOfSync),
        ("LossesOfSignal", MetricCatalog.FcLossOfSignal),
        ("InvalidCRCs", MetricCatalog.FcInvalidCrc),
        ("InvalidTXWords", MetricCatalog.FcInvalidTxWords),
    ];

    private readonly RedfishOptions _options;
    private readonly RedfishClient _client;
    private readonly Dictionary<string, IoCounters> _io = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PortCounters> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _firmware = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warnedClashes = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Creates the source.</summary>
    public Redfish(RedfishOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
        _client = new RedfishClient(options, KeyPrefix);
        _logger = context.Logs.CreateLogger<Redfish>();
    }

    /// <summary>How the agent finds, configures and builds this source: "redfish", under Agent:Sources:Redfish.</summary>
    public static SourceDefinition<RedfishOptions> Definition { get; } = new("redfish", (options, context) => new Redfish(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <summary>Logins made so far (session authentication).</summary>
    internal int Logins => _client.Logins;

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    /// <inheritdoc/>
    protected override async Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Our own deadline as well as the base's: what this read started (a request, a command)
        // is cut off at the timeout even once the base has stopped waiting for it.
        using var deadline = new CancellationTokenSource(_options.Timeout, Context.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        return await ReadWithinAsync(now, linked.Token);
    }

    private async Task<SourceReading> ReadWithinAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inventory = new RedfishInventory(_client, KeyPrefix);
        if (_options.Controllers.Count > 0)
        {
            await inventory.ConfiguredAsync(_options.Controllers, cancellationToken);
        }
        else
        {
            await inventory.DiscoverAsync(cancellationToken);
        }

        foreach (var clash in inventory.Clashes.Where(_warnedClashes.Add))
        {
            _logger.LogWarning("Redfish service {Service}: two resources would both be '{Entity}'; neither is read (give controllers an Id under {Key}:Controllers)", _client.BaseUri, clash, KeyPrefix);
        }

        var reading = new Reading(now, [], [], new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        foreach (var controller in inventory.Controllers)
        {
            await ReadControllerAsync(controller, reading, cancellationToken);
        }

        var resources = new List<(RedfishPart Part, JsonElement Resource)>();
        foreach (var part in inventory.Parts)
        {
            if (await ReadPartAsync(part, reading, cancellationToken) is { } resource)
            {
                resources.Add((part, resource));
            }
        }

        reading.Samples.AddRange(RedfishStorageStatus.VolumeDrivesPredictingFailure(resources, reading.Now));

        // A controller or port that is gone starts from scratch if it comes back.
        foreach (var gone in _io.Keys.Except(reading.Controllers).ToList())
        {
            _io.Remove(gone);
        }

        foreach (var gone in _firmware.Keys.Except(reading.Controllers).ToList())
        {
            _firmware.Remove(gone);
        }

        foreach (var gone in _ports.Keys.Except(reading.Ports).ToList())
        {
            _ports.Remove(gone);
        }

        return new SourceReading(reading.Samples, reading.Events);
    }

    /// <summary>A Storage resource's own status, a drive's, a volume's (with its operations), or a SimpleStorage device's; the resource read, null when absent.</summary>
    private async Task<JsonElement?> ReadPartAsync(RedfishPart part, Reading reading, CancellationToken cancellationToken)
    {
        // A drive or volume the Storage resource links to but the service does not serve (404) is left out.
        if ((part.Resource ?? await _client.GetIfPresentAsync(part.Uri, cancellationToken)) is not { } resource)
        {
            return null;
        }

        var place = $"GET {new Uri(_client.BaseUri, RedfishPointer.Split(part.Uri).Path)}";
        reading.Samples.AddRange(RedfishStorageStatus.Read(part.Kind, resource, part.Entity, reading.Now, place));
        return resource;
    }

    private async Task ReadControllerAsync(RedfishController target, Reading reading, CancellationToken cancellationToken)
    {
        var place = $"GET {new Uri(_client.BaseUri, RedfishPointer.Split(target.Uri).Path)}";
        var controller = target.Resource;
        var entity = target.Entity;
        reading.Controllers.Add(entity);
        if (target.Simple)
        {
            reading.Samples.AddRange(RedfishStorageStatus.Read(RedfishPartKind.Storage, controller, entity, reading.Now, place).Where(s => s.Metric == MetricCatalog.StorageHealthRollup));
        }

        var now = reading.Now;
        string? state = null;
        string? health = null;
        if (controller.TryGetProperty("Status", out var status) && status.ValueKind == JsonValueKind.Object)
        {
            state = RedfishJson.Str(status, "State");
            health = RedfishJson.Str(status, "Health");
        }

        if (health is not null && HealthValue(health) is { } healthValue)
        {
            reading.Samples.Add(new Sample(now, entity, MetricCatalog.ControllerHealth, healthValue));
        }

        if (state is not null)
        {
            // StandbyOffline, Disabled, UnavailableOffline, Absent, Starting...: not serving I/O.
            var up = state == "Enabled" && health != "Critical";
            reading.Samples.Add(new Sample(now, entity, MetricCatalog.ControllerUp, up ? 1 : 0));
        }

        if (RedfishJson.Str(controller, "FirmwareVersion") is { } firmware)
        {
            if (_firmware.TryGetValue(entity, out var before) && before != firmware)
            {
                reading.Events.Add(new SiteEvent(now, SiteEventKind.Change, entity, Name, $"firmware of {entity} changed from {before} to {firmware}"));
            }

            _firmware[entity] = firmware;
        }

        // An offline controller may not answer for its metrics and ports; that is not a failed read.
        var serving = state is null or "Enabled";
        JsonElement? metrics = null;
        var metricsPlace = place;
        if (RedfishJson.Link(controller, "Metrics") is { } metricsUri)
        {
            metrics = await TryGetAsync(metricsUri, serving, cancellationToken);
            metricsPlace = $"GET {new Uri(_client.BaseUri, metricsUri)}";
        }

        var counters = IoCounters.From(controller, metrics, now, place, metricsPlace);
        if (counters is not null)
        {
            if (_io.TryGetValue(entity, out var previous))
            {
                counters.AddRates(previous, entity, reading.Samples);
            }

            _io[entity] = counters;
        }
        else
        {
            _io.Remove(entity);
        }

        var ports = new List<string>(target.Ports);
        if (RedfishJson.Link(controller, "Ports") is { } portCollection && await TryGetAsync(portCollection, serving, cancellationToken) is { } portList)
        {
            ports.AddRange(RedfishJson.Members(portList));
        }

        foreach (var portUri in ports.Distinct(StringComparer.Ordinal))
        {
            if (await TryGetAsync(portUri, serving, cancellationToken) is { } port)
            {
                await ReadPortAsync(entity, portUri, port, serving, reading, cancellationToken);
            }
        }
    }

    private async Task ReadPortAsync(string controller, string portUri, JsonElement port, bool serving, Reading reading, CancellationToken cancellationToken)
    {
        var place = $"GET {new Uri(_client.BaseUri, portUri)}";
        var entity = $"{controller}/{RedfishJson.Str(port, "Id") ?? portUri.TrimEnd('/').Split('/')[^1]}";
        JsonElement? metrics = RedfishJson.Link(port, "Metrics") is { } metricsUri ? await TryGetAsync(metricsUri, serving, cancellationToken) : null;
        var fibreChannel = metrics is { } m && m.TryGetProperty("FibreChannel", out var fc) && fc.ValueKind == JsonValueKind.Object ? fc : (JsonElement?)null;
        var isFc = RedfishJson.Str(port, "PortProtocol") is "FC" or "FCoE" || RedfishJson.Str(port, "LinkNetworkTechnology") == "FibreChannel" || fibreChannel is not null;
        if (!isFc)
        {
            return;
        }

        var now = reading.Now;
        reading.Ports.Add(entity);
        if (RedfishJson.Str(port, "LinkStatus") is { } linkStatus)
        {
            reading.Samples.Add(new Sample(now, entity, MetricCatalog.FcPortUp, linkStatus == "LinkUp" ? 1 : 0));
        }

        if (Num(port, "CurrentSpeedGbps", place) is { } gbps)
        {
            reading.Samples.Add(new Sample(now, entity, MetricCatalog.FcPortSpeed, gbps * 1e9));
        }

        if (metrics is not { } portMetrics)
        {
            return;
        }

        var metricsPlace = $"GET {new Uri(_client.BaseUri, RedfishJson.Link(port, "Metrics")!)}";
        if (fibreChannel is { } counters)
        {
            var current = new PortCounters(now, new Dictionary<string, double>(StringComparer.Ordinal));
            foreach (var (property, metric) in FcCounters)
            {
                if (Num(counters, property, $"{metricsPlace}: FibreChannel") is { } value)
                {
                    current.Values[metric] = value;
                }
            }

            if (_ports.TryGetValue(entity, out var previous) && (now - previous.Time).TotalSeconds is var seconds and > 0)
            {
                foreach (var (metric, value) in current.Values)
                {
                    // A smaller counter was reset (port or controller restart): no rate this time.
                    if (previous.Values.TryGetValue(metric, out var before) && value >= before)
                    {
                        reading.Samples.Add(new Sample(now, entity, metric, (value - before) / seconds));
                    }
                }
            }

            _ports[entity] = current;
        }

        if (portMetrics.TryGetProperty("Transceivers", out var transceivers) && transceivers.ValueKind == JsonValueKind.Array)
        {
            // Several transceivers (or lanes): the weakest one is the one that fails first.
            double? rx = null, tx = null;
            foreach (var transceiver in transceivers.EnumerateArray())
            {
                rx = Min(rx, Num(transceiver, "RXInputPowerMilliWatts", $"{metricsPlace}: Transceivers"));
                tx = Min(tx, Num(transceiver, "TXOutputPowerMilliWatts", $"{metricsPlace}: Transceivers"));
            }

            if (rx is { } rxMilliwatts)
            {
                reading.Samples.Add(new Sample(now, entity, MetricCatalog.FcRxPower, Dbm(rxMilliwatts)));
            }

            if (tx is { } txMilliwatts)
            {
                reading.Samples.Add(new Sample(now, entity, MetricCatalog.FcTxPower, Dbm(txMilliwatts)));
            }
        }
    }

    /// <summary>A linked resource; null when the service does not have it (404), or when it fails and the controller is not serving.</summary>
    private async Task<JsonElement?> TryGetAsync(string path, bool mustAnswer, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetIfPresentAsync(path, cancellationToken);
        }
        catch (InvalidDataException) when (!mustAnswer)
        {
            return null;
        }
    }

    /// <summary>Optical power in dBm from milliwatts, never below the -40 dBm floor of a module's reading.</summary>
    internal static double Dbm(double milliwatts) =>
        milliwatts > 0 ? Math.Max(NoLightDbm, 10 * Math.Log10(milliwatts)) : NoLightDbm;

    private static double? Min(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    internal static double? HealthValue(string health) => health switch
    {
        "OK" => 0,
        "Warning" => 1,
        "Critical" => 2,
        _ => null,
    };

    /// <summary>A number, null when absent or null; an error naming the place when it is something else.</summary>
    internal static double? Num(JsonElement resource, string property, string place)
    {
        if (resource.ValueKind != JsonValueKind.Object || !resource.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new InvalidDataException($"{place}: {property} = {value.GetRawText()} is not valid: expected a number");
    }

    /// <summary>A Redfish Duration ("PT0.0015S") in seconds, null when absent.</summary>
    private static double? Seconds(JsonElement resource, string property, string place)
    {
        if (!resource.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return value.ValueKind == JsonValueKind.String
                ? XmlConvert.ToTimeSpan(value.GetString()!).TotalSeconds
                : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{place}: {property} = {value.GetRawText()} is not valid: expected an ISO 8601 duration such as \"PT0.0015S\"");
        }
    }

    /// <summary>What one read collects.</summary>
    private sealed record Reading(DateTimeOffset Now, List<Sample> Samples, List<SiteEvent> Events, HashSet<string> Controllers, HashSet<string> Ports);

    /// <summary>A port's FC error counters at one read.</summary>
    private sealed record PortCounters(DateTimeOffset Time, Dictionary<string, double> Values);

    /// <summary>A controller's I/O counters at one read: reads plus writes.</summary>
    private sealed record IoCounters(DateTimeOffset Time, double? Requests, double? Bytes, double? BusySeconds)
    {
        /// <summary>NVMe "data units" are thousands of 512-byte blocks.</summary>
        private const double NvmeDataUnitBytes = 512_000;

        /// <summary>
        /// From a Swordfish IOStatistics object (on the controller or in its Metrics resource), else
        /// from the Metrics' NVMe SMART host commands; null when the service reports neither.
        /// </summary>
        public static IoCounters? From(JsonElement controller, JsonElement? metrics, DateTimeOffset now, string place, string metricsPlace)
        {
            var onController = controller.TryGetProperty("IOStatistics", out var own) && own.ValueKind == JsonValueKind.Object;
            JsonElement? io = onController ? own
                : metrics is { } m && m.TryGetProperty("IOStatistics", out var inMetrics) && inMetrics.ValueKind == JsonValueKind.Object ? inMetrics
                : null;
            if (io is { } statistics)
            {
                var at = $"{(onController ? place : metricsPlace)}: IOStatistics";
                return new IoCounters(
                    now,
                    Sum(Num(statistics, "ReadIORequests", at), Num(statistics, "WriteIORequests", at)),
                    Sum(Num(statistics, "ReadIOKiBytes", at), Num(statistics, "WriteIOKiBytes", at)) * 1024,
                    Sum(Seconds(statistics, "ReadIORequestTime", at), Seconds(statistics, "WriteIORequestTime", at)));
            }

            if (metrics is { } withSmart && withSmart.TryGetProperty("NVMeSMART", out var smart) && smart.ValueKind == JsonValueKind.Object)
            {
                var at = $"{metricsPlace}: NVMeSMART";
                return new IoCounters(
                    now,
                    Sum(Num(smart, "HostReadCommands", at), Num(smart, "HostWriteCommands", at)),
                    Sum(Num(smart, "DataUnitsRead", at), Num(smart, "DataUnitsWritten", at)) * NvmeDataUnitBytes,
                    null);
            }

            return null;
        }

        /// <summary>IOPS, throughput and mean latency since <paramref name="previous"/>; a counter that went back (reset) gives nothing this time.</summary>
        public void AddRates(IoCounters previous, string entity, List<Sample> samples)
        {
            var seconds = (Time - previous.Time).TotalSeconds;
            if (seconds <= 0)
            {
                return;
            }

            var requests = Delta(Requests, previous.Requests);
            if (requests is { } r)
            {
                samples.Add(new Sample(Time, entity, MetricCatalog.ControllerIops, r / seconds));
            }

            if (Delta(Bytes, previous.Bytes) is { } bytes)
            {
                samples.Add(new Sample(Time, entity, MetricCatalog.ControllerThroughput, bytes / seconds));
            }

            // No I/O in the interval: no latency to speak of, rather than a made-up zero.
            if (requests is > 0 && Delta(BusySeconds, previous.BusySeconds) is { } busy)
            {
                samples.Add(new Sample(Time, entity, MetricCatalog.ControllerLatency, busy / requests.Value));
            }
        }

        private static double? Sum(double? a, double? b) => a is null || b is null ? null : a + b;

        private static double? Delta(double? now, double? before) =>
            now is { } n && before is { } b && n >= b ? n - b : null;
    }
}
