namespace Monitor.Core.Impact;

/// <summary>How an affected-user count was obtained.</summary>
public enum UserCountBasis
{
    /// <summary>Contracts of the population whose service is down (the regulator's 契約数ベース).</summary>
    Contracts = 1,

    /// <summary>Distinct users seen failing.</summary>
    Observed = 2,

    /// <summary>Counted from the failed equipment's error log.</summary>
    ErrorLog = 3,
}
