namespace Monitor.Core.Impact;

/// <summary>How hard a mail function was hit.</summary>
public enum ImpactLevel
{
    /// <summary>Kept working.</summary>
    NotAffected = 1,

    /// <summary>Slow or partly failing.</summary>
    Degraded = 2,

    /// <summary>Not working.</summary>
    Stopped = 3,
}
