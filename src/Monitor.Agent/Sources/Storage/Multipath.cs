using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// dm-multipath maps and their paths from `multipathd show maps json`: per map its paths and
/// active paths ("mail01/mpathA": the CTY path count going 2 to 1), path faults and queueing
/// timeouts; per path device whether it is up, shaky or marginal (the gray failures of a path
/// that is sick but not dead). When multipathd is missing, hangs or writes broken JSON (it is
/// known to cut large outputs short), the paths are read from sysfs instead (each map's slaves
/// and their SCSI state), and the source says so: a warning, a timeline event and
/// monitor_multipath_fallback = 1. What neither can tell is left out, never reported as "no paths".
/// </summary>
public sealed class Multipath : PolledSource
{
    private readonly MultipathOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (long? Faults, long? Timeouts)> _maps = new(StringComparer.Ordinal);
    private DateTimeOffset? _previousRead;
    private bool _inFallback;

    /// <summary>Creates the source.</summary>
    public Multipath(MultipathOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
        _logger = context.Logs.CreateLogger<Multipath>();
    }

    /// <summary>How the agent finds, configures and builds this source: "multipath", under Agent:Sources:Multipath.</summary>
    public static SourceDefinition<MultipathOptions> Definition { get; } = new("multipath", (options, context) => new Multipath(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override async Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var place = _options.InputFile.Length > 0 ? _options.InputFile : _options.CommandLine;
        MultipathdMaps? maps = null;
        string? failure = null;
        try
        {
            maps = _options.InputFile.Length > 0
                ? await ReadFileAsync(_options.InputFile, cancellationToken)
                : await ExternalCommand.RunAsync(_options.Command, _options.Arguments, _options.CommandTimeout, Context.Clock, ParseAsync, cancellationToken);
        }
        catch (ExternalCommandException e)
        {
            failure = e.Message;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            failure = $"{place}: {e.Message}";
        }

        var samples = new List<Sample>();
        var events = new List<SiteEvent>();
        var host = Context.Host;
        if (maps is not null)
        {
            if (_inFallback)
            {
                _logger.LogInformation("source {Source}: {Place} answers again; paths come from multipathd", Name, place);
                _inFallback = false;
            }

            AddMaps(maps, now, samples);
            samples.Add(new Sample(now, host, MetricCatalog.MultipathFallback, 0));
        }
        else
        {
            try
            {
                AddSysfsMaps(now, samples, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new SourceReadException(Name, $"{failure}; and the sysfs fallback failed too: {e.Message}", e);
            }

            samples.Add(new Sample(now, host, MetricCatalog.MultipathFallback, 1));
            if (!_inFallback)
            {
                // Once per episode: the metric says it on every read.
                var text = $"{failure}; reading paths from sysfs instead (path checker, shaky and marginal states unknown)";
                _logger.LogWarning("source {Source}: {Text}", Name, text);
                events.Add(new SiteEvent(now, SiteEventKind.Log, host, Name, text));
                _inFallback = true;
            }
        }

        _previousRead = now;
        return new SourceReading(samples, events);
    }

    /// <summary>Reads multipathd's JSON from a stream as it arrives.</summary>
    internal static async Task<MultipathdMaps> ParseAsync(Stream stream, CancellationToken cancellationToken)
    {
        MultipathdMaps? maps;
        try
        {
            maps = await JsonSerializer.DeserializeAsync(stream, MultipathdJson.Default.MultipathdMaps, cancellationToken);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            throw new InvalidDataException($"invalid or truncated JSON{where}{(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" ({e.Path})")}", e);
        }

        if (maps is null || maps.Maps is null)
        {
            throw new InvalidDataException("no \"maps\" array in the JSON (expected `show maps json` output)");
        }

        if (maps.MajorVersion is not 0)
        {
            throw new InvalidDataException($"JSON schema version {maps.MajorVersion}.{maps.MinorVersion}, expected 0.x");
        }

        return maps;
    }

    private static async Task<MultipathdMaps> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 16384, useAsync: true);
        return await ParseAsync(stream, cancellationToken);
    }

    private void AddMaps(MultipathdMaps maps, DateTimeOffset now, List<Sample> samples)
    {
        var seconds = _previousRead is { } previous ? (now - previous).TotalSeconds : 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var map in maps.Maps!)
        {
            if (string.IsNullOrEmpty(map.Name) || !seen.Add(map.Name))
            {
                continue;
            }

            var volume = Context.OnThisHost(map.Name);
            var paths = map.PathGroups?.SelectMany(g => g.Paths ?? []).Where(p => !string.IsNullOrEmpty(p.Device)).ToList() ?? [];
            var active = 0;
            var allKnown = true;
            foreach (var path in paths)
            {
                var entity = Context.OnThisHost(path.Device!);
                var up = PathUp(path);
                if (up is { } value)
                {
                    samples.Add(new Sample(now, entity, MetricCatalog.PathUp, value ? 1 : 0));
                    active += value ? 1 : 0;
                }
                else
                {
                    allKnown = false;
                }

                if (path.CheckerState is { Length: > 0 } checker && !IsUndecided(checker))
                {
                    samples.Add(new Sample(now, entity, MetricCatalog.PathShaky, checker == "shaky" ? 1 : 0));
                }

                if (path.MarginalState is "marginal" or "normal")
                {
                    samples.Add(new Sample(now, entity, MetricCatalog.PathMarginal, path.MarginalState == "marginal" ? 1 : 0));
                }
            }

            samples.Add(new Sample(now, volume, MetricCatalog.MultipathPaths, map.Paths ?? paths.Count));
            if (allKnown)
            {
                samples.Add(new Sample(now, volume, MetricCatalog.MultipathActivePaths, active));
            }

            _maps.TryGetValue(map.Name, out var before);
            AddRate(samples, now, volume, MetricCatalog.MultipathPathFaults, before.Faults, map.PathFaults, seconds);
            AddRate(samples, now, volume, MetricCatalog.MultipathQueueTimeouts, before.Timeouts, map.QueueTimeouts, seconds);
            _maps[map.Name] = (map.PathFaults, map.QueueTimeouts);
        }

        foreach (var gone in _maps.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _maps.Remove(gone);
        }
    }

    /// <summary>Up when device-mapper uses the path and its checker finds it ready; null while the checker has not decided.</summary>
    private static bool? PathUp(MultipathdPath path)
    {
        if (path.DmState == "failed")
        {
            return false;
        }

        if (path.DmState != "active" || path.CheckerState is null || IsUndecided(path.CheckerState))
        {
            return null;
        }

        return path.CheckerState == "ready";
    }

    private static bool IsUndecided(string checker) =>
        checker is "undef" or "unchecked" or "i/o pending" or "delayed" or "wild";

    private static void AddRate(List<Sample> samples, DateTimeOffset now, string volume, string metric, long? before, long? after, double seconds)
    {
        if (seconds > 0 && before is { } b && after is { } a && a >= b)
        {
            samples.Add(new Sample(now, volume, metric, (a - b) / seconds));
        }
    }

    // The fallback: dm-multipath maps in sysfs, their slaves, and each slave's SCSI state.
    private void AddSysfsMaps(DateTimeOffset now, List<Sample> samples, CancellationToken cancellationToken)
    {
        _maps.Clear(); // Counters from multipathd cannot be continued from here.
        foreach (var map in DeviceMapperMap.ReadAll(_options).Where(m => m.IsMultipath))
        {
            ThrowIfOverdue(cancellationToken);
            if (map.Slaves is not { } slaves)
            {
                continue; // The map's paths cannot be listed: unknown, not zero.
            }

            var volume = Context.OnThisHost(map.Name);
            var active = 0;
            var allKnown = true;
            foreach (var slave in slaves)
            {
                var state = SysfsAttribute.ReadText(_options.UnderRoot($"/sys/block/{slave}/device/state"));
                if (state is null)
                {
                    allKnown = false;
                    continue;
                }

                var up = state == "running";
                active += up ? 1 : 0;
                samples.Add(new Sample(now, Context.OnThisHost(slave), MetricCatalog.PathUp, up ? 1 : 0));
            }

            samples.Add(new Sample(now, volume, MetricCatalog.MultipathPaths, slaves.Count));
            if (allKnown)
            {
                samples.Add(new Sample(now, volume, MetricCatalog.MultipathActivePaths, active));
            }
        }
    }
}
