using Monitor.Core.Findings;
using Monitor.Core.Topology;

namespace Monitor.Core.Correlation;

/// <summary>
/// Which of two findings better explains the other: the more upstream entity first, then the
/// kind that is more often a cause than a consequence, then the earlier onset, then the name
/// (so the order is total and the same on every run).
/// </summary>
public sealed class CauseOrder(SiteTopology topology) : IComparer<Finding>
{
    /// <inheritdoc/>
    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        var byDepth = topology.Depth(x.Entity).CompareTo(topology.Depth(y.Entity));
        if (byDepth != 0)
        {
            return byDepth;
        }

        var byKind = FindingKinds.CauseRank(x.Kind).CompareTo(FindingKinds.CauseRank(y.Kind));
        if (byKind != 0)
        {
            return byKind;
        }

        var bySince = x.Since.CompareTo(y.Since);
        return bySince != 0 ? bySince : string.CompareOrdinal(x.Key.ToString(), y.Key.ToString());
    }
}
