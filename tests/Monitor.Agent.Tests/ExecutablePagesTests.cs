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
        var before = Resident();

        var released = ExecutablePages.Release();

        Assert.True(before > 0, $"{executable} has no clean resident mapping");
        Assert.InRange(released, 1, before);
        Assert.True(Resident() < before, $"{executable} kept its {before} KiB");
        Assert.Equal(42, await Task.Run(() => 42));

        long Resident() => ExecutablePages.CleanMappings(executable, File.ReadLines("/proc/self/smaps")).Sum(m => m.ResidentKib);
    }
}
