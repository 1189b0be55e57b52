using Monitor.Core.Findings;

namespace Monitor.Agent.Replay;

/// <summary>The findings of one evaluation by identity, for the replay outputs' raised/cleared lines.</summary>
internal static class ReplayFindings
{
    /// <summary>
    /// Each finding under its key. Two findings under one key are one trouble reported twice; the
    /// timeline shows it once (a dictionary built with Add stopped the whole replay on it).
    /// </summary>
    public static Dictionary<FindingKey, Finding> ByKey(IEnumerable<Finding> findings)
    {
        var byKey = new Dictionary<FindingKey, Finding>();
        foreach (var finding in findings)
        {
            byKey.TryAdd(finding.Key, finding);
        }

        return byKey;
    }
}
