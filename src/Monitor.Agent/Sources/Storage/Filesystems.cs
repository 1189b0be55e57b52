using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// Capacity of the mail store's mounts: bytes (size, free, available to unprivileged writers) and
/// inodes (total, free) from statvfs, for each configured path, the mount that holds it found in
/// /proc/self/mountinfo. A path whose holding mount changes (the store unmounted, so mail lands on
/// the filesystem beneath it; another device mounted there) is a timeline event.
/// </summary>
public sealed class Filesystems : PolledSource
{
    private readonly FilesystemsOptions _options;
    private readonly Dictionary<string, MountInfo> _holding = new(StringComparer.Ordinal);

    /// <summary>Creates the source.</summary>
    public Filesystems(FilesystemsOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
    }

    /// <summary>How the agent finds, configures and builds this source: "filesystems", under Agent:Sources:Filesystems.</summary>
    public static SourceDefinition<FilesystemsOptions> Definition { get; } = new("filesystems", (options, context) => new Filesystems(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <summary>The raw id a mount path is reported as: "mail01:/var/mail".</summary>
    public string RawId(string path) => $"{Context.Host}:{path}";

    /// <inheritdoc/>
    protected override Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var place = _options.UnderRoot("/proc/self/mountinfo");
        var mounts = SourceFile.Parse(place, MountInfo.Parse);

        var samples = new List<Sample>(_options.Mounts.Count * 5);
        var events = new List<SiteEvent>();
        foreach (var path in _options.Mounts)
        {
            ThrowIfOverdue(cancellationToken);
            var entity = RawId(path);
            var mount = MountInfo.Holding(mounts, path)
                ?? throw new InvalidDataException($"{place}: no mount holds {path}");
            if (_holding.TryGetValue(path, out var before) && (before.MountPoint != mount.MountPoint || before.Device != mount.Device))
            {
                events.Add(new SiteEvent(now, SiteEventKind.Log, entity, Name,
                    $"{path}: now on {Describe(mount)} (was {Describe(before)})"));
            }

            _holding[path] = mount;
            var figures = Statvfs.Read(_options.UnderRoot(path));
            samples.Add(new Sample(now, entity, MetricCatalog.FilesystemSizeBytes, figures.SizeBytes));
            samples.Add(new Sample(now, entity, MetricCatalog.FilesystemFreeBytes, figures.FreeBytes));
            samples.Add(new Sample(now, entity, MetricCatalog.FilesystemAvailBytes, figures.AvailBytes));
            samples.Add(new Sample(now, entity, MetricCatalog.FilesystemFiles, figures.Files));
            samples.Add(new Sample(now, entity, MetricCatalog.FilesystemFilesFree, figures.FilesFree));
        }

        return Task.FromResult(new SourceReading(samples, events));
    }

    private static string Describe(MountInfo mount) => $"{mount.MountPoint} ({mount.Source}, {mount.FsType}, device {mount.Device})";
}
