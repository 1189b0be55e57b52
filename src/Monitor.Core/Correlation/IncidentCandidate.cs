using Monitor.Core.Findings;

namespace Monitor.Core.Correlation;

/// <summary>Findings that share one cause: the root-cause candidate and what follows from it.</summary>
/// <param name="Root">The most upstream finding.</param>
/// <param name="Symptoms">The findings it explains.</param>
public sealed record IncidentCandidate(Finding Root, IReadOnlyList<Finding> Symptoms)
{
    /// <summary>Root and symptoms together.</summary>
    public IEnumerable<Finding> All => Symptoms.Prepend(Root);
}
