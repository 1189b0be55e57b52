namespace Monitor.Core.Findings;

/// <summary>What a kind of finding is: a warning of trouble to come, the trouble itself, or its end in users.</summary>
public enum FindingClass
{
    /// <summary>Nothing has failed yet, but it is about to (reported as a warning; never opens an incident alone).</summary>
    Precursor = 1,

    /// <summary>Something has failed or users are hit (reported as critical; opens an incident).</summary>
    Failure = 2,

    /// <summary>The last link of a causal chain, the users; no rule reports it as a finding.</summary>
    Outcome = 3,
}
