namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// A writable copy of a captured /proc and /sys tree in a temp directory, so a test can read it,
/// change counters as time would, and read it again.
/// </summary>
internal sealed class SysfsTree : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public SysfsTree(string? copyOf = null)
    {
        if (copyOf is not null)
        {
            Copy(new DirectoryInfo(copyOf), Root);
        }
    }

    /// <summary>The real captures in ../shared/fixtures.</summary>
    public static string Fixtures { get; } = RepositoryPaths.Fixtures;

    /// <summary>node_exporter's fixture tree (proc/ and sys/).</summary>
    public static string NodeExporterFixture => Path.Combine(Fixtures, "node_exporter");

    /// <summary>prometheus/procfs' fixture tree (proc/ and sys/).</summary>
    public static string ProcfsFixture => Path.Combine(Fixtures, "prometheus-procfs", "fixtures");

    public string Root => _directory.Path;

    public string PathOf(string path) => System.IO.Path.Combine(Root, path.TrimStart('/'));

    public string Write(string path, string content) => _directory.Write(path.TrimStart('/'), content);

    public string Read(string path) => File.ReadAllText(PathOf(path));

    public void Delete(string path)
    {
        var full = PathOf(path);
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
        else
        {
            File.Delete(full);
        }
    }

    public void Symlink(string path, string target)
    {
        var full = PathOf(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    /// <summary>Every counter of /proc/diskstats set to zero, and every fc_host statistic to 0x0: the tree "before".</summary>
    public void ZeroCounters()
    {
        var diskstats = PathOf("/proc/diskstats");
        if (File.Exists(diskstats))
        {
            var lines = File.ReadAllLines(diskstats).Select(line =>
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return string.Join(' ', fields.Take(3).Concat(fields.Skip(3).Select(_ => "0")));
            });
            File.WriteAllLines(diskstats, lines);
        }

        var hosts = PathOf("/sys/class/fc_host");
        if (Directory.Exists(hosts))
        {
            foreach (var file in Directory.EnumerateFiles(hosts, "*", SearchOption.AllDirectories).Where(f => f.Contains("/statistics/", StringComparison.Ordinal)))
            {
                if (File.ReadAllText(file).Trim() != "0xffffffffffffffff")
                {
                    File.WriteAllText(file, "0x0\n");
                }
            }
        }
    }

    public void Dispose() => _directory.Dispose();

    private static void Copy(DirectoryInfo from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in from.EnumerateFiles())
        {
            var target = System.IO.Path.Combine(to, file.Name);
            file.CopyTo(target);
            File.SetAttributes(target, FileAttributes.Normal);
        }

        foreach (var folder in from.EnumerateDirectories())
        {
            Copy(folder, System.IO.Path.Combine(to, folder.Name));
        }
    }
}
