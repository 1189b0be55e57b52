namespace Monitor.Agent.Tests;

/// <summary>
/// The executable's start-up pages are unmapped only where no page was copied on write: against
/// /proc/PID/smaps captured from the natively compiled agent running, and on this process.
/// </summary>
public sealed class ExecutablePagesTests
{
    private const string CapturedAgent = "/tmp/aot1/agent/Monitor.Agent";

    private static string Capture => Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Agent.Tests", "Fixtures", "smaps-aot-agent.txt");

    [Fact]
    public void CleanMappings_CapturedAgent_AreItsReadOnlyMappingsWithNoCopiedPage()
    {
        var mappings = ExecutablePages.CleanMappings(CapturedAgent, File.ReadLines(Capture)).ToList();

        // The headers, code and two stretches of read-only data; not the pages relocations wrote
        // (Anonymous 4 and 8 kB), not the writable data, not libc's.
        Assert.Equal(
            [
                (0x556c9c0ac000UL, 0x556c9c0db000UL, 188L),
                (0x556c9c0db000UL, 0x556c9cd17000UL, 10_368L),
                (0x556c9cd17000UL, 0x556c9d452000UL, 6_508L),
                (0x556c9d453000UL, 0x556c9d928000UL, 4_500L),
            ],
            mappings);
    }

    [Fact]
    public void CleanMappings_AnotherExecutable_FindsNone()
    {
        Assert.Empty(ExecutablePages.CleanMappings("/usr/bin/prometheus-node-exporter", File.ReadLines(Capture)));
    }

    [Fact]
    public async Task Release_ThisProcess_UnmapsItsExecutablesCleanPagesAndRuns()
    {
        var executable = Environment.ProcessPath!;

        // Other tests start agent hosts in this process, and each releases these pages once
        // started: read them back in first, so there is something resident to release.
        Touch(executable);
        var before = Resident();
        var released = ExecutablePages.Release();
        var after = Resident();

        Assert.True(before > 0, $"{executable} has no clean resident mapping");
        Assert.True(after < before, $"{executable} kept {after} of its {before} KiB");

        // A host starting at the same moment may release some first; ours never counts more.
        Assert.InRange(released, 0, before);
        Assert.Equal(42, await Task.Run(() => 42));

        long Resident() => ExecutablePages.CleanMappings(executable, File.ReadLines("/proc/self/smaps")).Sum(m => m.ResidentKib);
    }

    // Reads a byte of every page of the executable's readable mappings ("start-end r..."), in
    // /proc/self/maps, faulting them back in from the page cache.
    private static void Touch(string executable)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var fields = line.Split(' ', 3);
            if (!line.EndsWith(" " + executable, StringComparison.Ordinal) || fields.Length < 2 || fields[1][0] != 'r')
            {
                continue;
            }

            var range = fields[0].Split('-');
            var start = Convert.ToUInt64(range[0], 16);
            var end = Convert.ToUInt64(range[1], 16);
            for (var page = start; page < end; page += (ulong)Environment.SystemPageSize)
            {
                _ = System.Runtime.InteropServices.Marshal.ReadByte((nint)page);
            }
        }
    }
}
