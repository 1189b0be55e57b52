namespace Monitor.Core.Findings;

/// <summary>Whose service a kind of finding hits, and on what basis they are counted.</summary>
public enum UserReach
{
    /// <summary>No user directly (storage, paths, precursors: their effect shows in the service's own findings).</summary>
    None = 0,

    /// <summary>Every contract of the service's populations (the regulator's basis, seed 003).</summary>
    AllContracts = 1,

    /// <summary>The distinct users seen hit, read from the finding's evidence (observed basis).</summary>
    ObservedUsers = 2,
}
