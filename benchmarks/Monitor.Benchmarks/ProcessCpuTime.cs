using System.Runtime.InteropServices;

namespace Monitor.Benchmarks;

/// <summary>
/// CPU time of the whole process in nanoseconds (clock_gettime CLOCK_PROCESS_CPUTIME_ID):
/// Process.TotalProcessorTime counts in 10 ms ticks, too coarse for one read of a source.
/// </summary>
internal static partial class ProcessCpuTime
{
    private const int ProcessCpuTimeClock = 2;

    public static TimeSpan Now()
    {
        if (ClockGetTime(ProcessCpuTimeClock, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        }

        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int ClockGetTime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
