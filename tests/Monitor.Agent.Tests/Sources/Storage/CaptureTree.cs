namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// Turns text captures of a host's sysfs (as people paste them into issues) back into files, so
/// the sources read them like the real tree: `grep . /sys/...` output ("PATH:VALUE" a line) and
/// `systool -c fc_host -v` output ("name = "value"" under a "Class Device path").
/// </summary>
internal static class CaptureTree
{
    public static void FromGrep(string capture, SysfsTree tree)
    {
        foreach (var line in File.ReadLines(capture).Where(l => l.StartsWith("/sys/", StringComparison.Ordinal)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            tree.Write(line[..colon], line[(colon + 1)..] + "\n");
        }
    }

    public static void FromSystool(string capture, SysfsTree tree)
    {
        string? folder = null;
        foreach (var raw in File.ReadLines(capture))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var name = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (name == "Class Device path")
            {
                folder = value.Trim('"');
            }
            else if (folder is not null && value.StartsWith('"') && name != "Class Device")
            {
                // "<store method only>" attributes are write-only: no file to read.
                tree.Write($"{folder}/{name}", value.Trim('"') + "\n");
            }
        }
    }
}
