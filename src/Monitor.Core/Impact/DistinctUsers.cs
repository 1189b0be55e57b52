namespace Monitor.Core.Impact;

/// <summary>
/// Distinct users, counted exactly up to <see cref="ExactLimit"/> and by a
/// <see cref="HyperLogLog"/> sketch above it, so memory stays bounded (at most about 64 KiB for
/// the exact set, 16 KiB for the sketch) however large a login storm grows.
/// </summary>
public sealed class DistinctUsers
{
    /// <summary>Users counted exactly; above this the count is an estimate (standard error 0.81%).</summary>
    public const int ExactLimit = 2_048;

    private HashSet<ulong>? _exact = [];
    private HyperLogLog? _sketch;

    /// <summary>Whether <see cref="Count"/> is exact.</summary>
    public bool IsExact => _sketch is null;

    /// <summary>Distinct users added (exact, or estimated past <see cref="ExactLimit"/>).</summary>
    public long Count => _sketch?.Estimate() ?? _exact!.Count;

    /// <summary>Adds one user id (a keyed hash, see <see cref="Signals.UserHash"/>).</summary>
    public void Add(ulong user)
    {
        if (_sketch is not null)
        {
            _sketch.Add(user);
            return;
        }

        _exact!.Add(user);
        if (_exact.Count > ExactLimit)
        {
            ToSketch();
        }
    }

    /// <summary>Adds every user <paramref name="other"/> holds; each person still counts once.</summary>
    public void UnionWith(DistinctUsers other)
    {
        if (other._sketch is { } sketch)
        {
            if (_sketch is null)
            {
                ToSketch();
            }

            _sketch!.UnionWith(sketch);
            return;
        }

        foreach (var user in other._exact!)
        {
            Add(user);
        }
    }

    private void ToSketch()
    {
        _sketch = new HyperLogLog();
        foreach (var user in _exact!)
        {
            _sketch.Add(user);
        }

        _exact = null;
    }
}
