using System.Globalization;
using System.Runtime.InteropServices;

namespace Monitor.Agent;

/// <summary>
/// Unmaps the pages of the agent's own executable that it read only to start: the natively
/// compiled agent rebuilds its type structures from read-only data at start, and binds its
/// settings, services and listener with code it never runs again, and the kernel maps 64 KiB
/// around every page touched. Those clean, file-backed pages would stay in its resident size for
/// good. The pages it still reads fault back in from the page cache, at the first read after.
/// Only mappings no write ever reached are touched (no copied page, so nothing to lose): a clean
/// page unmapped is the file's page, mapped again when needed.
/// </summary>
internal static partial class ExecutablePages
{
    private const int MadvDontNeed = 4;

    /// <summary>Unmaps the executable's clean pages; returns the resident KiB it unmapped (0 where there is no /proc).</summary>
    public static long Release() => Environment.ProcessPath is { } path ? Release(path, "/proc/self/smaps") : 0;

    // Only ever this process's own smaps: the addresses are advised in this address space.
    private static long Release(string path, string smaps)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(smaps))
        {
            return 0;
        }

        long released = 0;
        foreach (var mapping in CleanMappings(path, File.ReadLines(smaps)).ToList())
        {
            if (Madvise((nint)mapping.Start, (nuint)(mapping.End - mapping.Start), MadvDontNeed) == 0)
            {
                released += mapping.ResidentKib;
            }
        }

        return released;
    }

    /// <summary>
    /// The read-only mappings of <paramref name="path"/> with no anonymous (copied on write)
    /// page, from the lines of /proc/PID/smaps.
    /// </summary>
    public static IEnumerable<(ulong Start, ulong End, long ResidentKib)> CleanMappings(string path, IEnumerable<string> smaps)
    {
        (ulong Start, ulong End)? current = null;
        long resident = 0;
        foreach (var line in smaps)
        {
            if (Header(line, path) is { } header)
            {
                current = header.Ours ? (header.Start, header.End) : null;
                resident = 0;
            }
            else if (current is not null && Field(line, "Rss:") is { } rss)
            {
                resident = rss;
            }
            else if (current is { } clean && Field(line, "Anonymous:") is 0)
            {
                yield return (clean.Start, clean.End, resident);
                current = null;
            }
        }
    }

    // "55d0c6a2b000-55d0c7667000 r-xp 0002f000 fe:00 11665796   /usr/lib/monitor/monitor-agent":
    // a mapping's first line; its fields follow, one a line ("Rss:   10368 kB").
    private static (ulong Start, ulong End, bool Ours)? Header(string line, string path)
    {
        var dash = line.IndexOf('-');
        var space = line.IndexOf(' ');
        if (dash <= 0 || space <= dash || line.EndsWith(" kB", StringComparison.Ordinal)
            || !ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end))
        {
            return null;
        }

        var permissions = line.AsSpan(space + 1, Math.Min(4, line.Length - space - 1));
        var ours = permissions.Length == 4 && permissions[1] == '-' && line.EndsWith(" " + path, StringComparison.Ordinal);
        return (start, end, ours);
    }

    private static long? Field(string line, string name)
    {
        if (!line.StartsWith(name, StringComparison.Ordinal) || !line.EndsWith(" kB", StringComparison.Ordinal))
        {
            return null;
        }

        return long.TryParse(line.AsSpan(name.Length, line.Length - name.Length - 3).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : null;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
