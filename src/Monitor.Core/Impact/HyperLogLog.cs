using System.Numerics;

namespace Monitor.Core.Impact;

/// <summary>
/// A HyperLogLog sketch (Flajolet et al., 2007) of 2^14 registers: 16 KiB, whatever the number of
/// users, with a standard error of 1.04/√16384 = 0.81%. Below 2.5 × 16384 = 40,960 users it
/// counts by linear counting (empty registers), which is exact in expectation and more precise
/// there; the regulator's 30,000 falls in that range. Two sketches merge without loss (the
/// register-wise maximum), so people counted on several hosts or intervals are counted once.
/// </summary>
public sealed class HyperLogLog
{
    /// <summary>Bits of the hash that choose the register.</summary>
    public const int Precision = 14;

    /// <summary>Number of registers (and bytes).</summary>
    public const int Registers = 1 << Precision;

    private readonly byte[] _registers = new byte[Registers];

    /// <summary>Adds a uniformly distributed 64-bit hash.</summary>
    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));

        // The sentinel bit caps the rank at 64 - Precision + 1 when the remaining bits are all zero.
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1);
        if (rank > _registers[index])
        {
            _registers[index] = rank;
        }
    }

    /// <summary>Adds everything <paramref name="other"/> has seen.</summary>
    public void UnionWith(HyperLogLog other)
    {
        for (var i = 0; i < Registers; i++)
        {
            if (other._registers[i] > _registers[i])
            {
                _registers[i] = other._registers[i];
            }
        }
    }

    /// <summary>Estimated number of distinct hashes added.</summary>
    public long Estimate()
    {
        var sum = 0.0;
        var zeros = 0;
        foreach (var register in _registers)
        {
            sum += Math.ScaleB(1.0, -register);
            zeros += register == 0 ? 1 : 0;
        }

        const double m = Registers;
        var alpha = 0.7213 / (1 + (1.079 / m));
        var raw = alpha * m * m / sum;
        var estimate = raw <= 2.5 * m && zeros > 0 ? m * Math.Log(m / zeros) : raw;
        return (long)Math.Round(estimate);
    }
}
