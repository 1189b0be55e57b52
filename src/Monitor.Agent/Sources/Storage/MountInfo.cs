using System.Globalization;
using System.Text;

namespace Monitor.Agent.Sources.Storage;

/// <summary>One line of /proc/self/mountinfo: where a filesystem is mounted and what it is.</summary>
/// <param name="MountPoint">Where it is mounted, unescaped ("/var/mail").</param>
/// <param name="Device">major:minor of the filesystem's device ("253:3").</param>
/// <param name="FsType">Filesystem type ("xfs", "tmpfs").</param>
/// <param name="Source">What is mounted ("/dev/mapper/mpathA", "tmpfs").</param>
public sealed record MountInfo(string MountPoint, string Device, string FsType, string Source)
{
    /// <summary>The lines of a mountinfo file (proc(5)), in order.</summary>
    /// <param name="reader">The file's text.</param>
    /// <param name="place">Its path, for errors.</param>
    /// <exception cref="InvalidDataException">A line is not a mountinfo line; the message names the place and line.</exception>
    public static List<MountInfo> Parse(TextReader reader, string place)
    {
        var mounts = new List<MountInfo>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            // "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw": optional
            // fields end at "-".
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 7 || separator < 0 || separator + 2 >= fields.Length)
            {
                throw new InvalidDataException($"{place}:{number}: not a mountinfo line: '{line}'");
            }

            mounts.Add(new MountInfo(Unescape(fields[4]), fields[2], fields[separator + 1], Unescape(fields[separator + 2])));
        }

        return mounts;
    }

    /// <summary>
    /// The mount that holds <paramref name="path"/>: the longest mount point it is under, the last
    /// one mounted when several share it (the one on top). Null when none does.
    /// </summary>
    public static MountInfo? Holding(IReadOnlyList<MountInfo> mounts, string path)
    {
        MountInfo? best = null;
        foreach (var mount in mounts)
        {
            if (Under(path, mount.MountPoint) && (best is null || mount.MountPoint.Length >= best.MountPoint.Length))
            {
                best = mount;
            }
        }

        return best;
    }

    private static bool Under(string path, string mountPoint) =>
        mountPoint == "/"
        || path == mountPoint
        || (path.StartsWith(mountPoint, StringComparison.Ordinal) && path[mountPoint.Length] == '/');

    // The kernel writes space, tab, newline and backslash as \040, \011, \012, \134.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }
}
