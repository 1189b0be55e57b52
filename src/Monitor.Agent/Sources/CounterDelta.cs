namespace Monitor.Agent.Sources;

/// <summary>
/// The increase of a kernel counter between two reads. A counter that went down either wrapped
/// (a 32-bit field: the time fields of /proc/diskstats are 32-bit milliseconds on every kernel,
/// and all its fields are 32-bit on 32-bit kernels; SCSI iostat counters are 32-bit) or was reset
/// (device re-created, statistics reset). A wrap is only believed when the previous value fitted in
/// 32 bits and the wrapped increase is under half the range; anything else is a reset, and the
/// caller starts again from the new value instead of reporting a made-up rate.
/// </summary>
internal static class CounterDelta
{
    private const ulong Range32 = 1UL << 32;

    /// <summary>The increase from <paramref name="previous"/> to <paramref name="current"/>, or false on a reset.</summary>
    public static bool TryGet(ulong previous, ulong current, out ulong delta)
    {
        if (current >= previous)
        {
            delta = current - previous;
            return true;
        }

        if (previous < Range32 && current < Range32)
        {
            delta = Range32 - previous + current;
            if (delta < Range32 / 2)
            {
                return true;
            }
        }

        delta = 0;
        return false;
    }
}
